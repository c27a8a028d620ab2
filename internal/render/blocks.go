package render

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
)

// MaxBlockRows bounds a data block's table; the full table is downloadable.
const MaxBlockRows = 1000

// BlockKinds lists the kinds of data block, each with the keys it takes:
// its own first, then the others in the order the README documents them.
func BlockKinds() []BlockKind {
	return []BlockKind{
		{"table", []string{"table", "where", "columns", "sort", "limit", "caption"}},
		{"chart", []string{"chart", "auction", "facility", "state", "shipper", "by", "limit", "caption"}},
		{"figure", []string{"figure", "auction", "facility", "state"}},
		{"definitions", []string{"definitions"}},
	}
}

// BlockKind is one kind of data block and the keys it takes.
type BlockKind struct {
	Name string
	Keys []string
}

// ResolveBlock renders a ```portal data block from the model: a table
// ("table: NAME" with where, columns, sort, limit and caption), a chart
// ("chart: shares|hhi|timeline" with a scope) or a single figure
// ("figure: hhi|capacity|top-share|active-agreements|expiring-agreements").
// Unknown data sets, columns, ids and figures are errors that name the key.
func (e *Env) ResolveBlock(b *content.Block) (template.HTML, error) {
	var kind BlockKind
	var found []string
	for _, k := range BlockKinds() {
		if _, ok := b.Get(k.Name); ok {
			kind, found = k, append(found, k.Name)
		}
	}
	if len(found) != 1 {
		return "", &content.BlockError{Msg: "want exactly one of table:, chart:, figure: or definitions:"}
	}
	if err := checkKeys(b, kind, "a "+kind.Name+" block"); err != nil {
		return "", err
	}
	switch kind.Name {
	case "table":
		return e.blockTable(b)
	case "chart":
		return e.blockChart(b)
	case "definitions":
		return blockDefinitions(b)
	}
	return e.blockFigure(b)
}

// fieldError is a problem with the field f, at its position.
func fieldError(f content.BlockField, msg string) *content.BlockError {
	return &content.BlockError{Key: f.Key, Msg: msg, Line: f.Line, Col: f.Col}
}

// checkKeys says which field of b, if any, its kind does not take.
func checkKeys(b *content.Block, kind BlockKind, what string) error {
	for _, f := range b.Fields {
		if !slices.Contains(kind.Keys, f.Key) {
			return &content.BlockError{Key: f.Key, Msg: fmt.Sprintf("unknown key for %s; want %s", what, strings.Join(kind.Keys, ", "))}
		}
	}
	return nil
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

// view is the data set named name as a data block reads it.
func (e *Env) view(name string) (view, bool) {
	set, ok := dataset.SetOf(name)
	if !ok {
		return view{}, false
	}
	t := set.Of(e.Portal.Data)
	h := t.Head()
	return view{name: h.Name, kind: set.Entity, cols: h.Columns, n: t.Len(), row: t.Row}, true
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

// Label returns the heading of a data set's column, for templates:
// {{label "auction_results" "clearing_price_usd"}}.
func (e *Env) Label(set, column string) (string, error) {
	v, ok := e.view(set)
	if !ok {
		return "", fmt.Errorf("label: unknown data set %q", set)
	}
	c, ok := v.column(column)
	if !ok {
		return "", fmt.Errorf("label: unknown column %q in %s", column, set)
	}
	return c.Label, nil
}

func (v view) names() string {
	out := make([]string, len(v.cols))
	for i, c := range v.cols {
		out[i] = c.Name
	}
	return strings.Join(out, ", ")
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

// entity finds the entity of a kind by id, and its name for readers.
func (e *Env) entity(kind, id string) (target any, name string) {
	s := dataset.Slug(id)
	switch kind {
	case "carrier":
		if c := e.Portal.Carrier(s); c != nil {
			return c, string(c.Name)
		}
	case "facility":
		if f := e.Portal.Facility(s); f != nil {
			return f, string(f.Name)
		}
	case "auction":
		if a := e.Portal.Auction(s); a != nil {
			return a, string(a.Title)
		}
	case "agreement":
		if a := e.Portal.Agreement(s); a != nil {
			return a, id
		}
	}
	return nil, ""
}

// entityName is the name of the entity of a kind with the id, or "".
func (e *Env) entityName(kind, id string) string {
	_, name := e.entity(kind, id)
	return name
}

// entityLink links an id to its page, named after the entity.
func (e *Env) entityLink(kind, id string) template.HTML {
	target, name := e.entity(kind, id)
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
		return notAwardedHTML
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
