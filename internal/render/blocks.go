package render

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

// MaxBlockRows bounds a data block's table; the full table is downloadable.
const MaxBlockRows = 1000

// ResolveBlock renders a ```portal data block from the model: a table
// ("table: NAME" with where, columns, sort, limit and caption), a chart
// ("chart: shares|hhi|timeline" with a scope) or a single figure
// ("figure: hhi|capacity|top-share|active-agreements|expiring-agreements").
// Unknown data sets, columns, ids and figures are errors that name the key.
func (e *Env) ResolveBlock(b *content.Block) (template.HTML, error) {
	var kinds []string
	for _, k := range []string{"table", "chart", "figure"} {
		if _, ok := b.Get(k); ok {
			kinds = append(kinds, k)
		}
	}
	if len(kinds) != 1 {
		return "", &content.BlockError{Msg: "want exactly one of table:, chart: or figure:"}
	}
	allowed := map[string][]string{
		"table":  {"table", "where", "columns", "sort", "limit", "caption"},
		"chart":  {"chart", "auction", "facility", "state", "shipper", "by", "limit", "caption"},
		"figure": {"figure", "auction", "facility", "state"},
	}[kinds[0]]
	for _, f := range b.Fields {
		if !slices.Contains(allowed, f.Key) {
			return "", &content.BlockError{Key: f.Key, Msg: fmt.Sprintf("unknown key for a %s block; want %s", kinds[0], strings.Join(allowed, ", "))}
		}
	}
	switch kinds[0] {
	case "table":
		return e.blockTable(b)
	case "chart":
		return e.blockChart(b)
	}
	return e.blockFigure(b)
}

// view is a data set as data block tables see it: columns, and rows
// whose values the columns read.
type view struct {
	name string
	kind string // entity kind of the rows' own id, if they have pages
	cols []dataset.Column
	n    int
	row  func(i int) any // a pointer to row i
}

func tableView[T any](t *dataset.Table[T], kind string) view {
	return view{name: t.Name, kind: kind, cols: t.Columns, n: len(t.Rows), row: func(i int) any { return &t.Rows[i] }}
}

func (e *Env) view(name string) (view, bool) {
	d := e.Portal.Data
	switch name {
	case "carriers":
		return tableView(d.Carriers, "carrier"), true
	case "facilities":
		return tableView(d.Facilities, "facility"), true
	case "agreements":
		return tableView(d.Agreements, "agreement"), true
	case "auctions":
		return tableView(d.Auctions, "auction"), true
	case "auction_results":
		return tableView(d.Results, ""), true
	case "participation":
		return tableView(d.Participation, ""), true
	}
	return view{}, false
}

// refKinds says which entity an id column points to.
var refKinds = map[string]string{
	"parent": "carrier", "parent_id": "facility", "shipper_id": "carrier", "winner_id": "carrier",
	"carrier_id": "carrier", "facility_id": "facility", "auction_id": "auction",
}

// columnAliases let editors write the name of what a column points to.
var columnAliases = map[string]string{
	"facility": "facility_id", "winner": "winner_id", "carrier": "carrier_id",
	"shipper": "shipper_id", "auction": "auction_id", "lot": "lot_id",
}

func (v view) column(name string) (dataset.Column, bool) {
	if a, ok := columnAliases[name]; ok {
		name = a
	}
	for _, c := range v.cols {
		if c.Name == name {
			return c, true
		}
	}
	return dataset.Column{}, false
}

func (v view) names() string {
	out := make([]string, len(v.cols))
	for i, c := range v.cols {
		out[i] = c.Name
	}
	return strings.Join(out, ", ")
}

type condition struct {
	col   dataset.Column
	not   bool
	value string
}

func (e *Env) blockTable(b *content.Block) (template.HTML, error) {
	tf, _ := b.Get("table")
	v, ok := e.view(tf.Value)
	if !ok {
		return "", &content.BlockError{Key: "table", Msg: fmt.Sprintf("unknown data set %q; want one of %s", tf.Value, strings.Join(dataset.Names, ", "))}
	}
	var conds []condition
	if wf, ok := b.Get("where"); ok {
		for _, part := range splitAnd(wf.Value) {
			op := "="
			if strings.Contains(part, "!=") {
				op = "!="
			}
			l, r, found := strings.Cut(part, op)
			if !found {
				return "", &content.BlockError{Key: "where", Msg: fmt.Sprintf("%q: want column = value or column != value, joined by and", part)}
			}
			col, ok := v.column(strings.TrimSpace(l))
			if !ok {
				return "", &content.BlockError{Key: "where", Msg: fmt.Sprintf("unknown column %q in %s; want one of %s", strings.TrimSpace(l), v.name, v.names())}
			}
			val := strings.TrimSpace(r)
			if kind := refKinds[col.Name]; kind != "" && val != dataset.RedactedWord && val != "" && !e.exists(kind, val) {
				return "", &content.BlockError{Key: "where", Msg: fmt.Sprintf("no %s with id %q", kind, val)}
			}
			if col.Name == "id" && v.kind != "" && !e.exists(v.kind, val) {
				return "", &content.BlockError{Key: "where", Msg: fmt.Sprintf("no %s with id %q", v.kind, val)}
			}
			conds = append(conds, condition{col: col, not: op == "!=", value: val})
		}
	}
	cols := v.cols
	if cf, ok := b.Get("columns"); ok {
		cols = nil
		for _, name := range strings.Split(cf.Value, ",") {
			name = strings.TrimSpace(name)
			col, ok := v.column(name)
			if !ok {
				return "", &content.BlockError{Key: "columns", Msg: fmt.Sprintf("unknown column %q in %s; want one of %s", name, v.name, v.names())}
			}
			cols = append(cols, col)
		}
	}
	var rows []any
	for i := 0; i < v.n; i++ {
		r := v.row(i)
		match := true
		for _, c := range conds {
			if (c.col.Of(r).CSV() == c.value) == c.not {
				match = false
				break
			}
		}
		if match {
			rows = append(rows, r)
		}
	}
	if sf, ok := b.Get("sort"); ok {
		desc := strings.HasPrefix(sf.Value, "-")
		col, ok := v.column(strings.TrimPrefix(sf.Value, "-"))
		if !ok {
			return "", &content.BlockError{Key: "sort", Msg: fmt.Sprintf("unknown column %q in %s; want one of %s (prefix - for descending)", strings.TrimPrefix(sf.Value, "-"), v.name, v.names())}
		}
		slices.SortStableFunc(rows, func(a, b any) int {
			return compareCells(col.Of(a).Show(), col.Of(b).Show(), desc)
		})
	}
	total := len(rows)
	limit := MaxBlockRows
	if lf, ok := b.Get("limit"); ok {
		n, err := strconv.Atoi(lf.Value)
		if err != nil || n < 1 || n > MaxBlockRows {
			return "", &content.BlockError{Key: "limit", Msg: fmt.Sprintf("%q: want a whole number from 1 to %d", lf.Value, MaxBlockRows)}
		}
		limit = n
	}
	if len(rows) > limit {
		rows = rows[:limit]
	}
	caption := v.name
	if wf, ok := b.Get("where"); ok {
		caption += " where " + wf.Value
	}
	if cf, ok := b.Get("caption"); ok {
		caption = cf.Value
	}
	var s strings.Builder
	s.WriteString(`<div class="table-wrap"><table class="data sortable"><caption>`)
	s.WriteString(esc(caption))
	if len(rows) < total {
		fmt.Fprintf(&s, " (first %d of %d rows)", len(rows), total)
	}
	s.WriteString(`</caption><thead><tr>`)
	for _, c := range cols {
		fmt.Fprintf(&s, `<th scope="col"%s>%s</th>`, numClass(c), esc(c.Name))
	}
	s.WriteString(`</tr></thead><tbody>`)
	for _, r := range rows {
		s.WriteString("<tr>")
		for j, c := range cols {
			tag := "td"
			if j == 0 {
				tag = `th scope="row"`
			}
			fmt.Fprintf(&s, `<%s%s>%s</%s>`, tag, numClass(c), e.cell(c, c.Of(r).Show(), v.kind), strings.Fields(tag)[0])
		}
		s.WriteString("</tr>")
	}
	if len(rows) == 0 {
		fmt.Fprintf(&s, `<tr><td colspan="%d">No rows match.</td></tr>`, len(cols))
	}
	fmt.Fprintf(&s, `</tbody></table></div><p class="download">Full data: <a href="%s">%s.csv</a></p>`, esc(e.URL("/data/"+v.name+".csv")), esc(v.name))
	return template.HTML(s.String()), nil
}

func splitAnd(s string) []string {
	var out []string
	for _, p := range strings.Split(s, " and ") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func numClass(c dataset.Column) string {
	if c.Zero.Show().Number {
		return ` class="num"`
	}
	return ""
}

// compareCells orders known values by their number, then their text;
// blanks and redactions sort last in either direction.
func compareCells(a, b dataset.Display, desc bool) int {
	switch {
	case !a.Known() && !b.Known():
		return 0
	case !a.Known():
		return 1
	case !b.Known():
		return -1
	}
	c := cmp.Or(cmp.Compare(a.N, b.N), cmp.Compare(a.Text, b.Text))
	if desc {
		return -c
	}
	return c
}

func (e *Env) exists(kind, id string) bool {
	s := dataset.Slug(id)
	switch kind {
	case "carrier":
		return e.Portal.Carrier(s) != nil
	case "facility":
		return e.Portal.Facility(s) != nil
	case "auction":
		return e.Portal.Auction(s) != nil
	case "agreement":
		return e.Portal.Agreement(s) != nil
	case "state":
		return e.Portal.State(strings.ToLower(id)) != nil
	}
	return false
}

// entityLink links an id to its page, named after the entity.
func (e *Env) entityLink(kind, id string) template.HTML {
	var target any
	var name string
	s := dataset.Slug(id)
	switch kind {
	case "carrier":
		if c := e.Portal.Carrier(s); c != nil {
			target, name = c, string(c.Name)
		}
	case "facility":
		if f := e.Portal.Facility(s); f != nil {
			target, name = f, string(f.Name)
		}
	case "auction":
		if a := e.Portal.Auction(s); a != nil {
			target, name = a, string(a.Title)
		}
	case "agreement":
		if a := e.Portal.Agreement(s); a != nil {
			target, name = a, id
		}
	}
	if target == nil {
		return template.HTML(esc(id))
	}
	u, _ := e.Link(target)
	return template.HTML(`<a href="` + esc(u) + `">` + esc(name) + `</a>`)
}

// cell formats one value the way the templates do: ids link to their
// entity's page, and the markers for a sealed customer and an unawarded
// lot say so.
func (e *Env) cell(c dataset.Column, d dataset.Display, ownKind string) template.HTML {
	switch {
	case d.State == dataset.Redacted && c.Name == "shipper_id":
		return sealedHTML
	case d.State == dataset.Unknown && c.Name == "winner_id":
		return `<span class="unknown">not awarded</span>`
	case !d.Known():
		return show(d)
	}
	if kind := refKinds[c.Name]; kind != "" {
		return e.entityLink(kind, d.Text)
	}
	if c.Name == "id" && ownKind != "" {
		return e.entityLink(ownKind, d.Text)
	}
	return show(d)
}

// scope is what a chart or figure is about: one auction, facility or
// state, or everything.
type scope struct {
	c     model.Concentration
	label string
	url   string
}

func (e *Env) scope(b *content.Block) (scope, error) {
	p := e.Portal
	var found []scope
	if f, ok := b.Get("auction"); ok {
		a := p.Auction(dataset.Slug(f.Value))
		if a == nil {
			return scope{}, &content.BlockError{Key: "auction", Msg: fmt.Sprintf("no auction with id %q", f.Value), Line: f.Line}
		}
		u, _ := e.Link(a)
		found = append(found, scope{a.Concentration, "in " + string(a.Title), u})
	}
	if f, ok := b.Get("facility"); ok {
		fa := p.Facility(dataset.Slug(f.Value))
		if fa == nil {
			return scope{}, &content.BlockError{Key: "facility", Msg: fmt.Sprintf("no facility with id %q", f.Value), Line: f.Line}
		}
		u, _ := e.Link(fa)
		found = append(found, scope{fa.Concentration, "at " + string(fa.Name), u})
	}
	if f, ok := b.Get("state"); ok {
		s := p.State(strings.ToLower(f.Value))
		if s == nil {
			return scope{}, &content.BlockError{Key: "state", Msg: fmt.Sprintf("no facilities in a state %q", f.Value), Line: f.Line}
		}
		u, _ := e.Link(s)
		found = append(found, scope{s.Concentration, "in " + s.Name, u})
	}
	switch len(found) {
	case 0:
		return scope{p.Awarded, "in all auctions", e.URL("/auctions/")}, nil
	case 1:
		return found[0], nil
	}
	return scope{}, &content.BlockError{Msg: "give at most one of auction, facility and state"}
}

// argsToFields turns "figure: hhi auction=x" into the name and extra fields.
func argsToFields(b *content.Block, key string) (*content.Block, string, error) {
	f, _ := b.Get(key)
	words := strings.Fields(f.Value)
	if len(words) == 0 {
		return nil, "", &content.BlockError{Key: key, Msg: "missing its name"}
	}
	nb := &content.Block{Line: b.Line, Fields: slices.Clone(b.Fields)}
	for _, w := range words[1:] {
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			return nil, "", &content.BlockError{Key: key, Msg: fmt.Sprintf("%q: want key=value after the name", w)}
		}
		if _, dup := nb.Get(k); dup {
			return nil, "", &content.BlockError{Key: key, Msg: fmt.Sprintf("%s given twice", k)}
		}
		nb.Fields = append(nb.Fields, content.BlockField{Key: k, Value: v, Line: f.Line})
	}
	return nb, words[0], nil
}

func (e *Env) blockChart(b *content.Block) (template.HTML, error) {
	b, name, err := argsToFields(b, "chart")
	if err != nil {
		return "", err
	}
	id := fmt.Sprintf("block-%d", b.Line)
	caption := func(def string) string {
		if f, ok := b.Get("caption"); ok {
			return f.Value
		}
		return def
	}
	figure := func(title string, svg template.HTML) template.HTML {
		if svg == "" {
			return template.HTML(`<p class="figure-note">` + esc(title) + `: no data to chart.</p>`)
		}
		return template.HTML(`<figure><figcaption>` + esc(title) + `</figcaption>` + string(svg) + `</figure>`)
	}
	switch name {
	case "shares":
		sc, err := e.scope(b)
		if err != nil {
			return "", err
		}
		byKind := false
		if f, ok := b.Get("by"); ok {
			switch f.Value {
			case "kind":
				byKind = true
			case "carrier":
			default:
				return "", &content.BlockError{Key: "by", Msg: fmt.Sprintf("%q: want carrier or kind", f.Value), Line: f.Line}
			}
		}
		what := "carrier"
		if byKind {
			what = "kind of carrier"
		}
		title := caption(fmt.Sprintf("Share of awarded capacity by %s, %s", what, sc.label))
		return figure(title, BarChart(id, title, ShareBars(e, sc.c, byKind, 0))), nil
	case "hhi":
		n := 10
		if f, ok := b.Get("limit"); ok {
			if n, err = strconv.Atoi(f.Value); err != nil || n < 1 || n > 100 {
				return "", &content.BlockError{Key: "limit", Msg: fmt.Sprintf("%q: want a whole number from 1 to 100", f.Value), Line: f.Line}
			}
		}
		title := caption("Concentration of awarded capacity (HHI) by facility")
		return figure(title, e.HHIChart(id, e.Portal.Facilities, n)), nil
	case "timeline":
		agreements := e.Portal.Agreements
		title := "Agreements over time"
		if f, ok := b.Get("shipper"); ok {
			c := e.Portal.Carrier(dataset.Slug(f.Value))
			if c == nil {
				return "", &content.BlockError{Key: "shipper", Msg: fmt.Sprintf("no carrier with id %q", f.Value), Line: f.Line}
			}
			agreements, title = c.Agreements, "Agreements of "+string(c.Name)+" over time"
		}
		title = caption(title)
		return figure(title, e.Timeline(id, title, agreements)), nil
	}
	return "", &content.BlockError{Key: "chart", Msg: fmt.Sprintf("unknown chart %q; want shares, hhi or timeline", name)}
}

func (e *Env) blockFigure(b *content.Block) (template.HTML, error) {
	b, name, err := argsToFields(b, "figure")
	if err != nil {
		return "", err
	}
	p := e.Portal
	out := func(value, label, url string) template.HTML {
		return template.HTML(`<p class="figure"><span class="figure-value">` + esc(value) + `</span> <span class="figure-label">` + esc(label) + ` (<a href="` + esc(url) + `">rows</a>; as of ` + esc(p.AsOf.Human()) + `)</span></p>`)
	}
	switch name {
	case "hhi", "capacity", "top-share":
		sc, err := e.scope(b)
		if err != nil {
			return "", err
		}
		switch name {
		case "hhi":
			return out(HHI(sc.c), "concentration of awarded capacity (HHI) "+sc.label, sc.url), nil
		case "capacity":
			return out(dataset.Group(sc.c.Total)+" parcels a day", fmt.Sprintf("awarded %s, from %d of %d awarded lots", sc.label, sc.c.Disclosed, sc.c.Awarded), sc.url), nil
		}
		if sc.c.Top == nil {
			return out("no disclosed awards", "largest share "+sc.label, sc.url), nil
		}
		return out(Pct(sc.c.Top.Percent), "held by "+string(sc.c.Top.Carrier.Name)+", the largest share of awarded capacity "+sc.label, sc.url), nil
	case "active-agreements", "expiring-agreements":
		if len(b.Fields) > 1 {
			return "", &content.BlockError{Key: b.Fields[1].Key, Msg: "this figure takes no scope"}
		}
		if name == "active-agreements" {
			return out(dataset.Group(int64(p.StatusCounts["active"])), fmt.Sprintf("of %d agreements active", len(p.Agreements)), e.URL("/agreements/")), nil
		}
		return out(dataset.Group(int64(len(p.ExpiringSoon))), fmt.Sprintf("agreements expiring within %d days", model.ExpiringWindow), e.URL("/agreements/")), nil
	}
	return "", &content.BlockError{Key: "figure", Msg: fmt.Sprintf("unknown figure %q; want hhi, capacity, top-share, active-agreements or expiring-agreements", name)}
}
