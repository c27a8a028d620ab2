package render

import (
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/render/chart"
	"github.com/postal-access/portal/internal/render/fastexec"
)

// Markers for values that are not shown as numbers. They explain
// themselves on hover and to screen readers, and never read as zero.
const (
	redactedHTML = `<span class="redacted" title="Filed under seal with the Postal Regulatory Commission">redacted</span>`
	unknownHTML  = `<span class="unknown" title="Not in the public record">not public</span>`
	sealedHTML   = `<span class="redacted" title="The customer's identity is filed under seal">customer under seal</span>`
	// notAwardedHTML marks a lot with no winner.
	notAwardedHTML = `<span class="unknown" title="No winner is recorded for this lot">not awarded</span>`
	// notApplicableHTML marks a value that cannot exist, such as the
	// clearing price of a lot that was not sold.
	notApplicableHTML = `<span class="na" title="No such value exists: the lot was not sold">no sale</span>`
	// illustrativeHTML marks a figure computed from invented data.
	illustrativeHTML = `<span class="badge" title="Computed from invented sample data, not from the public record">illustrative</span>`
)

func esc(s string) string { return fastexec.HTMLEscapeString(s) }

// Funcs returns the template helpers for env. Each fastexec.FnN returns
// its function as it is and lets the compiled templates call it without
// reflection; html/template calls it as before.
func Funcs(env *Env) template.FuncMap {
	return template.FuncMap{
		"url":                fastexec.Fn1(env.URL),
		"absURL":             fastexec.Fn1(env.AbsURL),
		"asset":              fastexec.Fn1E(env.Asset),
		"link":               fastexec.Fn1E(env.Link),
		"money":              fastexec.Fn1(Money),
		"cents":              fastexec.Fn1(func(c dataset.Cents) string { return c.Dollars() }),
		"volume":             fastexec.Fn1(Volume),
		"count":              fastexec.Fn1(CountHTML),
		"num":                fastexec.Fn1E(Num),
		"pct":                fastexec.Fn1(Pct),
		"date":               fastexec.Fn1(DateHTML),
		"day":                fastexec.Fn1(DayHTML),
		"docket":             fastexec.Fn1(Docket),
		"shipper":            fastexec.Fn1(env.Shipper),
		"winner":             fastexec.Fn1(env.Winner),
		"lotCells":           fastexec.Fn1E(env.lotCells),
		"agreementCells":     fastexec.Fn1E(env.agreementCells),
		"carrierCells":       fastexec.Fn1E(env.carrierCells),
		"agreementFacts":     fastexec.Fn1(env.agreementFacts),
		"facilityFacts":      fastexec.Fn1E(env.facilityFacts),
		"factsData":          fastexec.Fn4(env.factsData),
		"shareCells":         fastexec.Fn1E(env.shareCells),
		"facilityCells":      fastexec.Fn1E(env.facilityCells),
		"winCells":           fastexec.Fn1E(env.winCells),
		"participationCells": fastexec.Fn1E(env.participationCells),
		"carrier":            fastexec.Fn1(func(id dataset.Slug) *model.Carrier { return env.Portal.Carrier(id) }),
		"facility":           fastexec.Fn1(func(id dataset.Slug) *model.Facility { return env.Portal.Facility(id) }),
		"label":              fastexec.Fn2E(env.Label),
		"kindName":           fastexec.Fn1(KindName),
		"hhi":                fastexec.Fn1(HHI),
		"plural":             fastexec.Fn3(Plural),
		"wonCell":            fastexec.Fn1(WonCell),
		"estimate":           fastexec.Fn2(Estimate),
		"illustrative":       env.Illustrative,
		"sentence":           fastexec.Fn1(Sentence),
		"docTitle":           fastexec.Fn2(DocTitle),
		"datasetNames":       fastexec.Fn1(DatasetNames),
		"external":           fastexec.Fn1(External),
		"barChart":           fastexec.Fn3(chart.BarChart),
		"hhiChart":           fastexec.Fn3(env.hhiChart),
		"timeline":           fastexec.Fn3(env.timeline),
		"awardsMap":          fastexec.Fn1(func(id string) chart.TileMap { return chart.AwardsMap(env.Portal, env, id) }),
		"bandsMap":           fastexec.Fn1(func(id string) chart.TileMap { return chart.BandsMap(env.Portal, env, id) }),
		"timelineRows":       fastexec.Fn1(func(as []*model.Agreement) []chart.TimelineRow { return chart.TimelineRows(as, env.Portal.AsOf) }),
		"bands":              fastexec.Fn1(model.Bands),
		"mostConcentrated":   fastexec.Fn2(model.MostConcentrated),
		"shareRows": fastexec.Fn3(func(c model.Concentration, byKind bool, n int) []chart.Bar {
			return ShareBars(env, c, byKind, n)
		}),
		"add":   fastexec.Fn2(func(a, b int) int { return a + b }),
		"first": First,
		"list":  fastexec.FnV(func(v ...any) []any { return v }),
		"dict":  fastexec.FnVE(dict),
	}
}

// hhiChart draws the HHI of the n most concentrated facilities (chart.HHI).
func (e *Env) hhiChart(id string, facilities []*model.Facility, n int) template.HTML {
	return chart.HHI(id, facilities, n, e)
}

// timeline draws agreements over time up to the portal's as-of date
// (chart.Timeline).
func (e *Env) timeline(id, title string, agreements []*model.Agreement) template.HTML {
	return chart.Timeline(id, title, agreements, e.Portal.AsOf)
}

func dict(kv ...any) (map[string]any, error) {
	if len(kv)%2 != 0 {
		return nil, fmt.Errorf("dict: want key, value pairs, got %d arguments", len(kv))
	}
	m := make(map[string]any, len(kv)/2)
	for i := 0; i < len(kv); i += 2 {
		k, ok := kv[i].(string)
		if !ok {
			return nil, fmt.Errorf("dict: key %v is not a string", kv[i])
		}
		m[k] = kv[i+1]
	}
	return m, nil
}

// URL returns the site-relative path p under the site's base path.
func (e *Env) URL(p string) string {
	if strings.HasPrefix(p, "http://") || strings.HasPrefix(p, "https://") {
		return p
	}
	base := strings.TrimSuffix(e.BasePath, "/")
	if base == "" && strings.HasPrefix(p, "/") {
		return p // at the root: p itself, not a copy (every link of every page)
	}
	return base + "/" + strings.TrimPrefix(p, "/")
}

// AbsURL returns the absolute address of the site path p.
func (e *Env) AbsURL(p string) string { return AbsURL(e.BaseURL, p) }

// AbsURL returns the absolute address of the site path p on the site at
// base.
func AbsURL(base, p string) string {
	return strings.TrimSuffix(base, "/") + "/" + strings.TrimPrefix(p, "/")
}

// Asset returns the fingerprinted URL of a static file such as "style.css".
func (e *Env) Asset(name string) (string, error) {
	u, ok := e.Assets[name]
	if !ok {
		return "", fmt.Errorf("asset %q: no such file in static/", name)
	}
	return e.URL(u), nil
}

// Link returns the URL of an entity's page.
func (e *Env) Link(v any) (string, error) {
	var mem [128]byte
	u, err := e.appendLink(mem[:0], v)
	return string(u), err
}

// appendLink appends the URL of an entity's page to b, base path
// included: every table row's links are made through it.
func (e *Env) appendLink(b []byte, v any) ([]byte, error) {
	b = append(b, strings.TrimSuffix(e.BasePath, "/")...)
	switch x := v.(type) {
	case *model.Carrier:
		return append(append(append(b, "/carriers/"...), x.ID...), '/'), nil
	case *model.Facility:
		return append(append(append(b, "/facilities/"...), x.ID...), '/'), nil
	case *model.Agreement:
		return append(append(append(b, "/agreements/"...), x.ID...), '/'), nil
	case *model.Auction:
		return append(append(append(b, "/auctions/"...), x.ID...), '/'), nil
	case *model.State:
		return append(append(append(b, "/states/"...), x.Slug...), '/'), nil
	case *model.Lot:
		b = append(append(append(b, "/auctions/"...), x.AuctionID...), '/')
		// A lot past the first page of its auction's lots table is on a
		// continuation page (see site.addParts).
		if n := x.Index / model.PerPage; n > 0 {
			b = strconv.AppendInt(append(b, "lots/page/"...), int64(n+1), 10)
			b = append(b, '/')
		}
		return append(append(b, "#lot-"...), x.LotID...), nil
	}
	return nil, fmt.Errorf("link: cannot link to a %T", v)
}

// Shipper shows an agreement's customer: a link to the carrier, or a
// marker when the customer is under seal or unknown.
func (e *Env) Shipper(a *model.Agreement) template.HTML {
	switch {
	case a.Shipper != nil:
		return e.winnerLink(a.Shipper)
	case a.Sealed():
		return sealedHTML
	}
	return unknownHTML
}

// winnerLink is the link to k as Winner and Shipper write it, kept for
// the portal's carriers (see linkCache).
func (e *Env) winnerLink(k *model.Carrier) template.HTML {
	if h, ok := e.cachedLinks().winners[k]; ok {
		return h
	}
	return e.carrierLink(k)
}

func (e *Env) carrierLink(k *model.Carrier) template.HTML {
	u, _ := e.Link(k)
	return template.HTML(`<a href="` + fastexec.HTMLEscapeString(u) + `">` + fastexec.HTMLEscapeString(string(k.Name)) + `</a>`)
}

// Winner shows a lot's winner: a link, a redaction marker, or "not awarded".
func (e *Env) Winner(l *model.Lot) template.HTML {
	switch {
	case l.Winner != nil:
		return e.winnerLink(l.Winner)
	case l.WinnerID.State == dataset.Redacted:
		return redactedHTML
	}
	return notAwardedHTML
}

// Money formats an amount, or a marker when it is redacted or unknown.
func Money(m dataset.Money) template.HTML { return show(m.Show()) }

// Volume formats a count that may be redacted.
func Volume(v dataset.Volume) template.HTML { return show(v.Show()) }

// CountHTML formats an optional count.
func CountHTML(c dataset.Count) template.HTML { return show(c.Show()) }

// show is a value as HTML: the value, dates in a <time> element and
// addresses linked, or a marker when it is redacted or not public, or a
// dash when it is blank.
func show(d dataset.Display) template.HTML {
	switch {
	case d.State == dataset.Redacted:
		return redactedHTML
	case d.State == dataset.NotApplicable:
		return notApplicableHTML
	case !d.Known() && d.Record:
		return unknownHTML
	case !d.Known():
		return "—"
	case d.DateTime != "":
		return template.HTML(`<time datetime="` + esc(d.DateTime) + `">` + esc(d.Text) + `</time>`)
	case d.URL != "" && d.FromData:
		return template.HTML(`<a href="` + esc(d.URL) + `" rel="external nofollow">` + esc(d.Text) + `</a>`)
	case d.URL != "":
		return template.HTML(`<a class="docket" href="` + esc(d.URL) + `" rel="external">` + esc(d.Text) + `</a>`)
	}
	return template.HTML(esc(d.Text))
}

// Num formats a whole number with thousands separators.
func Num(n any) (string, error) {
	switch v := n.(type) {
	case int:
		return dataset.Group(int64(v)), nil
	case int64:
		return dataset.Group(v), nil
	}
	return "", fmt.Errorf("num: want a whole number, got %T", n)
}

// Pct formats a percentage with one decimal: 29.1%.
func Pct(f float64) string {
	var mem [32]byte
	return string(append(strconv.AppendFloat(mem[:0], f, 'f', 1, 64), '%'))
}

// DateHTML formats a date for people, or a marker when it is unknown.
func DateHTML(d dataset.Date) template.HTML { return show(d.Show()) }

// DayHTML formats a date compactly for table cells ("4 Dec 2024"), or a
// marker when it is unknown.
func DayHTML(d dataset.Date) template.HTML { return dayOf(d).Show }

// dayHTML is DayHTML of a known date d, whose YYYY-MM-DD form is iso,
// made in one string: every table row shows its dates, and the three
// strings this took (the date twice, and the time package's) were 5 %
// of a build's allocations.
func dayHTML(iso string, d dataset.Date) template.HTML {
	var mem [64]byte
	b := append(mem[:0], `<time datetime="`...)
	b = append(b, iso...)
	b = append(b, `">`...)
	if d.Year < 1000 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 28 && d.Time().Day() != d.Day {
		b = d.Time().AppendFormat(b, "2 Jan 2006") // as time writes what it normalises
	} else {
		b = strconv.AppendInt(b, int64(d.Day), 10)
		b = append(append(append(b, ' '), d.Month.String()[:3]...), ' ')
		b = strconv.AppendInt(b, int64(d.Year), 10)
	}
	return template.HTML(append(b, `</time>`...))
}

// Docket links a docket number to the PRC's docket search.
func Docket(d dataset.Docket) template.HTML { return show(d.Show()) }

// External reports whether s is an http(s) URL safe to link to, so that a
// template can show a link only for real addresses.
func External(s dataset.Link) bool { return s.External() }

// KindName returns the reader-facing name of a carrier kind.
func KindName(k any) string {
	var s string
	switch x := k.(type) { // as fmt.Sprint writes them, without its copy
	case string:
		s = x
	case dataset.CarrierKind:
		s = string(x)
	default:
		s = fmt.Sprint(k)
	}
	switch s {
	case "ecommerce-platform":
		return "E-commerce platform"
	case "national-retailer":
		return "National retailer"
	case "regional-carrier":
		return "Regional carrier"
	case "national-carrier":
		return "National carrier"
	case "consolidator":
		return "Consolidator"
	}
	return "Other"
}

// HHI formats a concentration's index and band, or says why there is none.
func HHI(c model.Concentration) string {
	if !c.HasHHI {
		return "no disclosed awards"
	}
	return dataset.Group(int64(c.HHI)) + " (" + string(c.Band) + ")"
}

// Plural returns "1 lot" or "3 lots" (model.Plural).
func Plural(n int, one, many string) string { return model.Plural(n, one, many) }

// WonCell shows the capacity of lots won in a table cell: the disclosed
// parcels a day, with the lots whose capacity is redacted or not public
// named beside it, or only a marker when none is disclosed.
func WonCell(w model.Won) template.HTML {
	if w.Lots > 0 && w.NoCapacity() == w.Lots {
		if w.Unknown == 0 {
			return redactedHTML
		}
		return unknownHTML
	}
	out := esc(dataset.Group(w.Capacity))
	if w.NoCapacity() > 0 {
		out += ` <span class="meta">+ ` + esc(model.Plural(w.NoCapacity(), "lot", "lots")) + ` ` + esc(w.Missing(true)) + `</span>`
	}
	return template.HTML(out)
}

// Estimate shows an amount as its qualifier reads it: "more than $6
// billion", or a marker when it is redacted or unknown.
func Estimate(m dataset.Money, q dataset.Qualifier) template.HTML { return show(q.Amount(m)) }

// Illustrative marks a figure computed from any of the named data sets
// when one of them is illustrative (invented), and is empty otherwise.
func (e *Env) Illustrative(names ...string) template.HTML {
	for _, n := range names {
		if e.Portal.Manifest.Get(n).Illustrative {
			return illustrativeHTML
		}
	}
	return ""
}

// Sentence ends s with a full stop unless it already ends with one (or
// with other closing punctuation).
func Sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.ContainsAny(s[len(s)-1:], ".!?") {
		return s
	}
	return s + "."
}

// MaxTitle is the longest document title, in characters, that browser tabs
// and search results show in full.
const MaxTitle = 70

// DocTitle is a page's <title>: "Page · Site", or the page title alone
// when both do not fit in MaxTitle, shortened in the middle if need be.
// Its length is counted as the page writes it, with the escapes of
// html/template ("&amp;" for "&"), as validators count it: the pages are
// no longer minified, which wrote a bare "&" where it could.
func DocTitle(title, site string) string {
	if title == "" || title == site {
		return site
	}
	if full := title + " · " + site; titleLen(full) <= MaxTitle {
		return full
	}
	short := title
	for n := MaxTitle; n > 0 && titleLen(short) > MaxTitle; n-- {
		short = chart.Shorten(title, n)
	}
	return short
}

// titleLen is how many characters the title s takes in the page.
func titleLen(s string) int { return utf8.RuneCountInString(fastexec.HTMLEscapeString(s)) }

// DatasetNames joins the names of data sets, as a cache key for the
// provenance partial.
func DatasetNames(ms []dataset.Meta) string {
	names := make([]string, len(ms))
	for i, m := range ms {
		names[i] = m.Name
	}
	return strings.Join(names, ",")
}

// First is the first n elements of a slice, or all of it when it is
// shorter: for tables that show only the top of a ranking.
func First(n int, list any) (any, error) {
	v := reflect.ValueOf(list)
	if v.Kind() != reflect.Slice {
		return nil, fmt.Errorf("first: want a slice, got %T", list)
	}
	return v.Slice(0, min(max(n, 0), v.Len())).Interface(), nil
}

// Cell shows one value of the named column as the site's tables do: ids
// link to their entity's page when it exists, a sealed customer reads
// "customer under seal", a redacted value is marked, never blank.
func (e *Env) Cell(column string, d dataset.Display) template.HTML {
	return e.cell(dataset.Column{Name: column}, d, "")
}
