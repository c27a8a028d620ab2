package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"path"
	"strings"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/keys"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/render"
)

// downloads describes the published data files, for the /data/ page.
func downloads(d *dataset.Data) []pages.Download {
	return []pages.Download{
		describe(d.Carriers, d.Manifest),
		describe(d.Facilities, d.Manifest),
		describe(d.Agreements, d.Manifest),
		describe(d.Auctions, d.Manifest),
		describe(d.Results, d.Manifest),
		describe(d.Participation, d.Manifest),
	}
}

func describe[T any](t *dataset.Table[T], m dataset.Manifest) pages.Download {
	dl := pages.Download{Meta: m.Get(t.Name), CSV: "/data/" + t.Name + ".csv", JSON: "/data/" + t.Name + ".json", Rows: len(t.Rows), Columns: t.Columns}
	for i := range t.Rows {
		for _, f := range dataset.Values(t.Columns, &t.Rows[i]) {
			if f.Text == dataset.RedactedWord {
				dl.Redacted++
			}
		}
	}
	return dl
}

// extras writes everything that is not an HTML page: data downloads, the
// data package, JSON twins of entity pages, the search index, the feed,
// the sitemap, robots.txt and alias redirects.
//
// keyed is asked first about the downloads and JSON twins, with their
// keys (keys may be nil): skip means the file is the last build's, else
// record is called once it is made.
// It stops early when ctx is done (Ctrl-C).
func (b *Build) extras(ctx context.Context, site *pages.Site, plan []*pages.Page, md []*content.Page, releaseFiles []File, min *render.Minifier, emit func(p string, data []byte) error,
	keys *keys.Keys, keyed func(p string, key [16]byte, ok bool) (skip bool, record func(), err error)) error {
	d := site.Portal.Data
	// Each file goes out as soon as it is made, so that the downloads and
	// JSON twins are never all held in memory at once.
	var failed error
	add := func(p string, data []byte) {
		if failed == nil {
			failed = ctx.Err()
		}
		if failed != nil {
			return
		}
		if ext := path.Ext(p); ext == ".xml" || ext == ".html" {
			if data, failed = min.Minify(p, data); failed != nil {
				failed = fmt.Errorf("minifying %s: %w", p, failed)
				return
			}
		}
		failed = emit(p, data)
	}
	addJSON := func(p string, v any) error {
		data, err := b.marshal(v)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		add(p, data)
		return failed
	}

	for _, t := range []interface {
		csvBytes() ([]byte, error)
		jsonBytes(indent bool) ([]byte, error)
		name() string
		digest() [32]byte
	}{table[dataset.Carrier]{d.Carriers}, table[dataset.Facility]{d.Facilities}, table[dataset.Agreement]{d.Agreements}, table[dataset.Auction]{d.Auctions}, table[dataset.Result]{d.Results}, table[dataset.Participation]{d.Participation}} {
		// The downloads of a data set are made from its file alone.
		for _, ext := range []string{".csv", ".json"} {
			p := "data/" + t.name() + ext
			key, ok := keys.Download(p, t.digest())
			skip, record, err := keyed(p, key, ok)
			if skip || err != nil {
				if err != nil {
					return err
				}
				continue
			}
			var data []byte
			if ext == ".csv" {
				data, err = t.csvBytes()
			} else if data, err = t.jsonBytes(b.NoMinify); err == nil && b.NoMinify {
				data = append(data, '\n')
			}
			if err != nil {
				return fmt.Errorf("%s: %w", p, err)
			}
			if add(p, data); failed != nil {
				return failed
			}
			record()
		}
	}
	if err := addJSON("data/datapackage.json", dataPackage(site)); err != nil {
		return err
	}
	for _, fp := range site.FacetRows {
		p := strings.TrimPrefix(fp.Value.CSV, "/")
		key, ok := keys.FacetDownload(p, fp.Rows)
		skip, record, err := keyed(p, key, ok)
		if skip || err != nil {
			if err != nil {
				return err
			}
			continue
		}
		data, err := facetCSV(d, fp.Rows)
		if err != nil {
			return fmt.Errorf("%s: %w", p, err)
		}
		if add(p, data); failed != nil {
			return failed
		}
		record()
	}

	// A JSON twin whose inputs are as the last build's is not made again.
	addTwin := func(p string, e any, obj func() dataset.Object) error {
		if failed == nil {
			failed = ctx.Err()
		}
		if failed != nil {
			return failed
		}
		related := site.Related["/"+path.Dir(p)+"/"]
		key, ok := keys.Twin(e, related)
		skip, record, err := keyed(p, key, ok)
		if skip || err != nil {
			return err
		}
		if err := addJSON(p, append(obj(), updatesAbout(site, related))); err != nil {
			return err
		}
		record()
		return nil
	}
	p := site.Portal
	for _, c := range p.Carriers {
		err := addTwin("carriers/"+string(c.ID)+"/index.json", c, func() dataset.Object {
			obj := row(d.Carriers.Columns, &c.Carrier)
			obj = append(obj, link(site, "/carriers/"+string(c.ID)+"/"),
				ids("agreements", c.Agreements, func(a *model.Agreement) string { return string(a.ID) }),
				ids("auctions", c.Participations, func(pt *model.Participation) string { return string(pt.AuctionID) }),
				ids("lots_won", c.LotsWon, func(l *model.Lot) string { return string(l.AuctionID) + "/" + string(l.LotID) }),
				num("capacity_won_parcels_per_day", fmt.Sprint(c.CapacityWon)),
				num("share_of_awarded_capacity_percent", fmt.Sprintf("%.2f", c.Share)))
			return obj
		})
		if err != nil {
			return err
		}
	}
	for _, f := range p.Facilities {
		err := addTwin("facilities/"+string(f.ID)+"/index.json", f, func() dataset.Object {
			obj := row(d.Facilities.Columns, &f.Facility)
			obj = append(obj, link(site, "/facilities/"+string(f.ID)+"/"),
				ids("lots", f.Lots, func(l *model.Lot) string { return string(l.AuctionID) + "/" + string(l.LotID) }),
				concentration(f.Concentration))
			return obj
		})
		if err != nil {
			return err
		}
	}
	for _, a := range p.Agreements {
		err := addTwin("agreements/"+string(a.ID)+"/index.json", a, func() dataset.Object {
			obj := row(d.Agreements.Columns, &a.Agreement)
			obj = append(obj, link(site, "/agreements/"+string(a.ID)+"/"),
				dataset.Pair{Name: "status_as_of", JSON: a.Status},
				dataset.Pair{Name: "status_derived_from_dates", JSON: a.StatusDerived},
				dataset.Pair{Name: "as_of", JSON: p.AsOf.String()})
			return obj
		})
		if err != nil {
			return err
		}
	}
	for _, a := range p.Auctions {
		err := addTwin("auctions/"+string(a.ID)+"/index.json", a, func() dataset.Object {
			obj := row(d.Auctions.Columns, &a.Auction)
			lots := make([]dataset.Object, len(a.Lots))
			for i, l := range a.Lots {
				lots[i] = row(d.Results.Columns, &l.Result)
			}
			parts := make([]dataset.Object, len(a.Participants))
			for i, pt := range a.Participants {
				parts[i] = row(d.Participation.Columns, &pt.Participation)
			}
			obj = append(obj, link(site, "/auctions/"+string(a.ID)+"/"),
				dataset.Pair{Name: "lots", JSON: lots}, dataset.Pair{Name: "participation", JSON: parts},
				concentration(a.Concentration))
			return obj
		})
		if err != nil {
			return err
		}
	}
	for _, s := range p.States {
		err := addTwin("states/"+s.Slug+"/index.json", s, func() dataset.Object {
			obj := dataset.Object{{Name: "code", JSON: s.Code}, {Name: "name", JSON: s.Name}, link(site, "/states/"+s.Slug+"/"),
				ids("facilities", s.Facilities, func(f *model.Facility) string { return string(f.ID) }),
				concentration(s.Concentration)}
			return obj
		})
		if err != nil {
			return err
		}
	}

	if err := addJSON("search/index.json", searchIndex(plan)); err != nil {
		return err
	}
	feed, err := atomFeed(site)
	if err != nil {
		return err
	}
	add("index.xml", feed)
	if site.History != nil && len(site.Releases) > 0 {
		feed, err := changesFeed(site)
		if err != nil {
			return err
		}
		add("changes/index.xml", feed)
		// A release's files, byte for byte as its commit holds them.
		for _, f := range releaseFiles {
			add(f.Path, f.Data)
		}
	}
	sms, err := sitemaps(site, plan, maxSitemapURLs)
	if err != nil {
		return err
	}
	for _, f := range sms {
		add(f.Path, f.Data)
	}
	add("robots.txt", []byte("User-agent: *\nAllow: /\n\nSitemap: "+site.BaseURL+"sitemap.xml\n"))
	for _, cp := range md {
		for _, alias := range cp.Aliases {
			add(outPath(alias), redirect(site, outPath(alias), cp.URL))
		}
	}
	return failed
}

// marshal writes v as compact JSON, which is what the minifier would
// write, or indented with --no-minify.
func (b *Build) marshal(v any) ([]byte, error) {
	if b.NoMinify {
		data, err := json.MarshalIndent(v, "", "  ")
		return append(data, '\n'), err
	}
	return json.Marshal(v)
}

type table[T any] struct{ t *dataset.Table[T] }

func (t table[T]) name() string { return t.t.Name }

func (t table[T]) digest() [32]byte { return t.t.Digest }

// csvBytes republishes the data set with every column, in schema order,
// with cells that a spreadsheet would run as formulas neutralised.
func (t table[T]) csvBytes() ([]byte, error) {
	return csvRows(t.t.Columns, len(t.t.Rows), func(i int) *T { return &t.t.Rows[i] })
}

// facetCSV is the download of a facet page's rows: the same columns and
// cells as its data set's download, of those rows only, in the page's order.
func facetCSV(d *dataset.Data, rows any) ([]byte, error) {
	switch r := rows.(type) {
	case []*model.Agreement:
		return csvRows(d.Agreements.Columns, len(r), func(i int) *dataset.Agreement { return &r[i].Agreement })
	case []*model.Facility:
		return csvRows(d.Facilities.Columns, len(r), func(i int) *dataset.Facility { return &r[i].Facility })
	case []*model.Carrier:
		return csvRows(d.Carriers.Columns, len(r), func(i int) *dataset.Carrier { return &r[i].Carrier })
	}
	return nil, fmt.Errorf("no download for rows of %T", rows)
}

// csvRows writes n rows, row(0) to row(n-1), with a header of the columns.
func csvRows[T any](cols []dataset.Column, n int, row func(i int) *T) ([]byte, error) {
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Name
	}
	if err := w.Write(header); err != nil {
		return nil, err
	}
	rec := make([]string, len(header))
	for i := range n {
		for j, f := range dataset.Values(cols, row(i)) {
			rec[j] = dataset.SafeCell(f.Text)
		}
		if err := w.Write(rec); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// jsonBytes is the data set as a JSON array, the same bytes as marshalling
// every row at once, but made a row at a time: the largest data set's rows
// as objects would otherwise all be held at once, at a build's peak.
func (t table[T]) jsonBytes(indent bool) ([]byte, error) {
	if len(t.t.Rows) == 0 {
		return []byte("[]"), nil
	}
	var buf bytes.Buffer
	buf.WriteByte('[')
	for i := range t.t.Rows {
		var data []byte
		var err error
		if indent {
			buf.WriteString("\n  ")
			data, err = json.MarshalIndent(row(t.t.Columns, &t.t.Rows[i]), "  ", "  ")
		} else {
			data, err = json.Marshal(row(t.t.Columns, &t.t.Rows[i]))
		}
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i+1, err)
		}
		buf.Write(data)
		if i+1 < len(t.t.Rows) {
			buf.WriteByte(',')
		}
	}
	if indent {
		buf.WriteByte('\n')
	}
	buf.WriteByte(']')
	return buf.Bytes(), nil
}

func row[T any](cols []dataset.Column, r *T) dataset.Object { return dataset.Values(cols, r) }

func link(site *pages.Site, p string) dataset.Pair {
	return dataset.Pair{Name: "url", JSON: strings.TrimSuffix(site.BaseURL, "/") + p}
}

// updatesAbout lists the updates about an entity, newest first, as its
// page does.
func updatesAbout(site *pages.Site, related []*pages.Update) dataset.Pair {
	out := make([]dataset.Object, len(related))
	for i, u := range related {
		out[i] = dataset.Object{{Name: "title", JSON: u.Title}, {Name: "date", JSON: u.Date.String()}, link(site, u.URL)}
	}
	return dataset.Pair{Name: "updates", JSON: out}
}

func num(name, v string) dataset.Pair { return dataset.Pair{Name: name, JSON: json.Number(v)} }

func ids[T any](name string, items []T, id func(T) string) dataset.Pair {
	out := make([]string, 0, len(items))
	seen := map[string]bool{}
	for _, it := range items {
		if s := id(it); !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return dataset.Pair{Name: name, JSON: out}
}

func concentration(c model.Concentration) dataset.Pair {
	obj := dataset.Object{
		{Name: "lots", JSON: c.Lots}, {Name: "awarded", JSON: c.Awarded}, {Name: "disclosed", JSON: c.Disclosed},
		{Name: "sealed_winner", JSON: c.Sealed}, {Name: "capacity_not_public", JSON: c.NoCapacity},
		{Name: "awarded_capacity_parcels_per_day", JSON: c.Total},
	}
	if c.HasHHI {
		obj = append(obj, dataset.Pair{Name: "hhi", JSON: c.HHI}, dataset.Pair{Name: "band", JSON: string(c.Band)})
	}
	shares := make([]dataset.Object, len(c.ByCarrier))
	for i, s := range c.ByCarrier {
		shares[i] = dataset.Object{{Name: "carrier_id", JSON: s.Key}, {Name: "capacity_parcels_per_day", JSON: s.Capacity}, {Name: "lots", JSON: s.Lots}, num("percent", fmt.Sprintf("%.2f", s.Percent))}
	}
	obj = append(obj, dataset.Pair{Name: "shares", JSON: shares})
	return dataset.Pair{Name: "concentration", JSON: obj}
}

// sealedNote ends the description of a column that may be redacted. The
// schema lists "redacted" among its missingValues, so that Frictionless
// readers take a sealed value as missing rather than as a bad one; the
// note keeps the difference from a blank for people.
const sealedNote = ` The word "redacted" means the value was filed under seal.`

// resourceName is a data set's name as a Data Package resource: lowercase
// letters, digits and hyphens.
func resourceName(dataset string) string { return strings.ReplaceAll(dataset, "_", "-") }

// dataPackage describes the downloads as a Frictionless Data Package,
// with table schemas generated from the row types.
func dataPackage(site *pages.Site) any {
	type field struct {
		Name        string         `json:"name"`
		Title       string         `json:"title,omitempty"`
		Type        string         `json:"type"`
		Description string         `json:"description,omitempty"`
		Constraints map[string]any `json:"constraints,omitempty"`
	}
	type reference struct {
		Resource string `json:"resource"`
		Fields   string `json:"fields"`
	}
	type foreignKey struct {
		Fields    string    `json:"fields"`
		Reference reference `json:"reference"`
	}
	type schema struct {
		Fields        []field      `json:"fields"`
		MissingValues []string     `json:"missingValues"`
		PrimaryKey    []string     `json:"primaryKey,omitempty"`
		ForeignKeys   []foreignKey `json:"foreignKeys,omitempty"`
	}
	type resource struct {
		Profile      string `json:"profile"`
		Name         string `json:"name"`
		Path         string `json:"path"`
		Title        string `json:"title"`
		Description  string `json:"description,omitempty"`
		Format       string `json:"format"`
		MediaType    string `json:"mediatype"`
		Encoding     string `json:"encoding"`
		Schema       schema `json:"schema"`
		Sources      []any  `json:"sources,omitempty"`
		Licenses     []any  `json:"licenses,omitempty"`
		Illustrative bool   `json:"illustrative"`
		Updated      string `json:"updated,omitempty"`
	}
	var res []resource
	for _, dl := range site.Downloads {
		r := resource{Profile: "tabular-data-resource", Name: resourceName(dl.Meta.Name), Path: dl.Meta.Name + ".csv", Title: dl.Meta.Title, Description: dl.Meta.Description,
			Format: "csv", MediaType: "text/csv", Encoding: "utf-8", Illustrative: dl.Meta.Illustrative, Updated: dl.Meta.Updated.String(),
			Schema: schema{MissingValues: []string{"", dataset.RedactedWord}}}
		for _, c := range dl.Columns {
			typ, cons := dataset.FrictionlessType(c)
			if len(cons) == 0 {
				cons = nil
			}
			doc := c.Doc
			if c.Redactable() {
				doc += sealedNote
			}
			r.Schema.Fields = append(r.Schema.Fields, field{Name: c.Name, Title: c.Label, Type: typ, Description: doc, Constraints: cons})
			if c.Ref != "" {
				ref := reference{Resource: resourceName(c.Ref), Fields: "id"}
				if c.Ref == dl.Meta.Name {
					ref.Resource = "" // Table Schema's name for this resource
				}
				r.Schema.ForeignKeys = append(r.Schema.ForeignKeys, foreignKey{Fields: c.Name, Reference: ref})
			}
		}
		switch dl.Meta.Name {
		case "auction_results":
			r.Schema.PrimaryKey = []string{"auction_id", "lot_id"}
		case "participation":
			r.Schema.PrimaryKey = []string{"auction_id", "carrier_id"}
		default:
			r.Schema.PrimaryKey = []string{"id"}
		}
		if dl.Meta.Source != "" {
			src := map[string]string{"title": dl.Meta.Source}
			if dl.Meta.SourceURL != "" {
				src["path"] = string(dl.Meta.SourceURL)
			}
			r.Sources = []any{src}
		}
		if dl.Meta.License != "" {
			r.Licenses = []any{map[string]string{"title": dl.Meta.License}}
		}
		res = append(res, r)
	}
	return map[string]any{
		"profile":   "tabular-data-package",
		"name":      "postal-access-portal",
		"title":     site.Title + " data",
		"homepage":  site.BaseURL,
		"created":   site.AsOf.String(),
		"generator": site.Generator,
		"resources": res,
	}
}

// searchEntry is one row of /search/index.json: what search.js matches
// (title and detail) and shows (title, kind, detail) and where it leads.
type searchEntry struct {
	Title  string `json:"t"`
	URL    string `json:"u"`
	Kind   string `json:"k"`
	Detail string `json:"d,omitempty"`
	// Text is the page's own words, for pages people write (see
	// searchTexts): matched, and shown around a match.
	Text string `json:"x,omitempty"`
}

// searchIndex lists the pages search finds, each address relative to the
// search page (/search/), which resolves them, so that the index works
// under any path.
func searchIndex(plan []*pages.Page) []searchEntry {
	var out []searchEntry
	texts := searchTexts(plan)
	for _, p := range plan {
		if p.Part != "" {
			continue // a continuation page: its entity page is the result
		}
		switch p.Kind {
		case "carrier", "facility", "agreement", "auction", "state", "update", "page", "release":
			out = append(out, searchEntry{Title: p.Title, URL: render.RelativeURL("../", p.URL, "/"), Kind: p.Kind, Detail: searchDetail(p), Text: texts[p.URL]})
		}
	}
	return out
}

// searchDetail is the short line a search result shows under its title,
// with the ids and codes a reader may search for.
func searchDetail(p *pages.Page) string {
	join := func(parts ...string) string {
		var keep []string
		for _, s := range parts {
			if s != "" {
				keep = append(keep, s)
			}
		}
		return strings.Join(keep, " · ")
	}
	switch e := p.Entity.(type) {
	case *model.Carrier:
		return join(render.KindName(e.Kind), string(e.HQState), string(e.ID))
	case *model.Facility:
		place := string(e.City)
		if e.State != nil {
			place = join(place, e.State.Code)
		}
		return join(string(e.Type), strings.Replace(place, " · ", ", ", 1), string(e.ID))
	case *model.Agreement:
		who := "customer under seal"
		if e.Shipper != nil {
			who = string(e.Shipper.Name)
		} else if !e.Sealed() {
			who = ""
		}
		return join(string(e.Docket.Docket), string(e.MCDocket.Docket), who, "status "+e.Status)
	case *model.Auction:
		opens := ""
		if !e.Opens.IsZero() {
			opens = "opens " + e.Opens.String()
		}
		return join(string(e.Status), opens, string(e.ID))
	case *model.State:
		return join(e.Code, render.Plural(len(e.Facilities), "facility", "facilities"))
	case *pages.Update:
		return join(e.Date.String(), e.Summary)
	case *pages.Release:
		return join(e.Summary(), strings.Join(e.Notes, "; "))
	}
	if p.Description == p.Title {
		return ""
	}
	return p.Description
}

// atomEntry is one entry of an Atom feed. An entry without authors has
// the feed's.
type atomEntry struct {
	Title     string       `xml:"title"`
	ID        string       `xml:"id"`
	Link      atomLink     `xml:"link"`
	Published string       `xml:"published,omitempty"`
	Updated   string       `xml:"updated"`
	Authors   []atomPerson `xml:"author"`
	Summary   string       `xml:"summary,omitempty"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

// atomStamp is a civil date as Atom wants it.
func atomStamp(d dataset.Date) string { return d.String() + "T00:00:00Z" }

// atomFeed is /index.xml: one entry per update, updated when it was
// last corrected (lastmod), else when it was published.
func atomFeed(site *pages.Site) ([]byte, error) {
	abs := func(p string) string { return strings.TrimSuffix(site.BaseURL, "/") + p }
	var entries []atomEntry
	for _, u := range site.Updates {
		e := atomEntry{Title: u.Title, ID: abs(u.URL), Link: atomLink{Href: abs(u.URL)}, Published: atomStamp(u.Date), Updated: atomStamp(u.Modified()), Summary: u.Summary}
		for _, name := range u.Author {
			e.Authors = append(e.Authors, atomPerson{Name: name})
		}
		entries = append(entries, e)
	}
	return writeAtom(site, site.Title+": updates", "/updates/", "/index.xml", entries)
}

// changesFeed is /changes/index.xml: one entry per data release, its
// summary the counts and the changes called out.
func changesFeed(site *pages.Site) ([]byte, error) {
	abs := func(p string) string { return strings.TrimSuffix(site.BaseURL, "/") + p }
	var entries []atomEntry
	for _, r := range site.Releases {
		summary := r.Summary()
		if len(r.Notes) > 0 {
			summary += " " + strings.Join(r.Notes, ". ") + "."
		}
		entries = append(entries, atomEntry{Title: "Data release of " + r.Date.String(), ID: abs(r.URL), Link: atomLink{Href: abs(r.URL)}, Updated: atomStamp(r.Date), Summary: summary})
	}
	return writeAtom(site, site.Title+": data changes", "/changes/", "/changes/index.xml", entries)
}

// writeAtom writes an Atom feed of the page at page, itself at self,
// updated as of its latest entry (a correction counts as a change), or
// the as-of date when it has none.
func writeAtom(site *pages.Site, title, page, self string, entries []atomEntry) ([]byte, error) {
	type feed struct {
		XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string      `xml:"title"`
		ID      string      `xml:"id"`
		Links   []atomLink  `xml:"link"`
		Updated string      `xml:"updated"`
		Author  atomPerson  `xml:"author"`
		Entries []atomEntry `xml:"entry"`
	}
	abs := func(p string) string { return strings.TrimSuffix(site.BaseURL, "/") + p }
	f := feed{Title: title, ID: abs(page), Updated: atomStamp(site.AsOf),
		Links: []atomLink{{Href: abs(self), Rel: "self"}, {Href: abs(page)}}, Entries: entries}
	f.Author.Name = site.Title
	if len(entries) > 0 {
		f.Updated = entries[0].Updated
		for _, e := range entries[1:] {
			f.Updated = max(f.Updated, e.Updated) // the stamps sort as text
		}
	}
	out, err := xml.MarshalIndent(f, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}

// maxSitemapURLs is the most URLs the sitemap protocol allows in one file.
const maxSitemapURLs = 50000

// sitemaps lists every page but the 404 page for search engines: in
// sitemap.xml, or, past max URLs, in sitemap-1.xml, sitemap-2.xml, ... of
// max URLs each, with sitemap.xml the index of them (sitemaps.org).
func sitemaps(site *pages.Site, plan []*pages.Page, max int) ([]File, error) {
	type u struct {
		Loc string `xml:"loc"`
	}
	type set struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []u      `xml:"url"`
	}
	type index struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []u      `xml:"sitemap"`
	}
	base := strings.TrimSuffix(site.BaseURL, "/")
	var urls []u
	for _, p := range plan {
		if p.Kind == "404" {
			continue
		}
		urls = append(urls, u{Loc: base + p.URL})
	}
	file := func(name string, v any) (File, error) {
		out, err := xml.MarshalIndent(v, "", "  ")
		if err != nil {
			return File{}, err
		}
		return File{Path: name, Data: append([]byte(xml.Header), append(out, '\n')...)}, nil
	}
	if len(urls) <= max {
		f, err := file("sitemap.xml", set{URLs: urls})
		return []File{f}, err
	}
	var files []File
	var idx index
	for i := 0; i*max < len(urls); i++ {
		name := fmt.Sprintf("sitemap-%d.xml", i+1)
		f, err := file(name, set{URLs: urls[i*max : min(len(urls), (i+1)*max)]})
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		idx.Sitemaps = append(idx.Sitemaps, u{Loc: base + "/" + name})
	}
	f, err := file("sitemap.xml", idx)
	return append([]File{f}, files...), err
}

// redirect is the page left at an alias (its output file is file): it
// sends readers, relatively, and search engines, by the canonical
// address, to the page's real address to.
func redirect(site *pages.Site, file, to string) []byte {
	abs := strings.TrimSuffix(site.BaseURL, "/") + to
	rel := render.RelativeURL(render.Up(file), to, "/")
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>Moved</title><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'\"><link rel=\"canonical\" href=\"%s\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url=%s\"></head><body><p>This page has moved to <a href=\"%s\">%s</a>.</p></body></html>\n",
		xmlEsc(site.Language), xmlEsc(abs), xmlEsc(rel), xmlEsc(rel), xmlEsc(abs))
	return b.Bytes()
}

func xmlEsc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
