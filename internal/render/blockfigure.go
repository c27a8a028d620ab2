package render

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

// scope is what a chart or figure is about: one auction, facility or
// state, or everything. Its link leads to the rows it counts and reads
// as them: "the 79 lots".
type scope struct {
	c        model.Concentration
	label    string
	url      string
	linkText string
}

func (e *Env) scope(b *content.Block) (scope, error) {
	var found []scope
	for _, key := range []string{"auction", "facility", "state"} {
		f, ok := b.Get(key)
		if !ok {
			continue
		}
		sc, err := e.scopeOf(key, f.Value)
		if err != "" {
			return scope{}, fieldError(f, err)
		}
		found = append(found, sc)
	}
	switch len(found) {
	case 0:
		return scope{e.Portal.Awarded, "in all auctions", e.URL("/auctions/"), "the " + Plural(len(e.Portal.Auctions), "auction", "auctions")}, nil
	case 1:
		return found[0], nil
	}
	return scope{}, &content.BlockError{Msg: "give at most one of auction, facility and state"}
}

// scopeOf is the scope of one auction, facility or state, or what is
// wrong with its id.
func (e *Env) scopeOf(key, id string) (scope, string) {
	lots := func(target any, lots []*model.Lot, c model.Concentration, label string) scope {
		u, _ := e.Link(target)
		if len(lots) == 0 {
			return scope{c, label, u, "no lots"}
		}
		return scope{c, label, u + "#lots", "the " + Plural(len(lots), "lot", "lots")}
	}
	p := e.Portal
	switch key {
	case "auction":
		if a := p.Auction(dataset.Slug(id)); a != nil {
			return lots(a, a.Lots, a.Concentration, "in "+string(a.Title)), ""
		}
		return scope{}, fmt.Sprintf("no auction with id %q", id)
	case "facility":
		if f := p.Facility(dataset.Slug(id)); f != nil {
			return lots(f, f.Lots, f.Concentration, "at "+string(f.Name)), ""
		}
		return scope{}, fmt.Sprintf("no facility with id %q", id)
	}
	s := p.State(strings.ToLower(id))
	if s == nil {
		return scope{}, fmt.Sprintf("no facilities in a state %q", id)
	}
	u, _ := e.Link(s)
	return scope{s.Concentration, "in " + s.Name, u + "#facilities-table", "the " + Plural(len(s.Facilities), "facility", "facilities")}, ""
}

// argsToFields turns "figure: hhi auction=x" into the name and extra
// fields, each positioned at its word.
func argsToFields(b *content.Block, key string) (*content.Block, string, error) {
	f, _ := b.Get(key)
	words := strings.Fields(f.Value)
	if len(words) == 0 {
		return nil, "", &content.BlockError{Key: key, Msg: "missing its name"}
	}
	nb := &content.Block{Line: b.Line, Col: b.Col, Fields: slices.Clone(b.Fields)}
	at := 0
	for _, w := range words[1:] {
		at += strings.Index(f.Value[at:], w)
		wf := content.BlockField{Line: f.Line, Col: f.ValueCol + at}
		at += len(w)
		k, v, ok := strings.Cut(w, "=")
		if !ok {
			wf.Key = key
			return nil, "", fieldError(wf, fmt.Sprintf("%q: want key=value after the name", w))
		}
		wf.Key, wf.Value, wf.ValueCol = k, v, wf.Col+len(k)+1
		if _, dup := nb.Get(k); dup {
			return nil, "", fieldError(wf, "given twice")
		}
		nb.Fields = append(nb.Fields, wf)
	}
	return nb, words[0], nil
}

// figure is one number from the data, with what it counts and a link to
// the rows it is computed from.
type figure struct {
	value, label string
	url, link    string
}

// FigureNames lists the figures, for blocks and inline figures alike.
func FigureNames() []string {
	return []string{"hhi", "capacity", "top-share", "active-agreements", "expiring-agreements"}
}

// figure computes the named figure in the scope that b gives.
func (e *Env) figure(b *content.Block, name string) (figure, error) {
	p := e.Portal
	switch name {
	case "hhi", "capacity", "top-share":
		sc, err := e.scope(b)
		if err != nil {
			return figure{}, err
		}
		f := figure{url: sc.url, link: sc.linkText}
		switch {
		case name == "hhi":
			f.value, f.label = HHI(sc.c), "concentration of awarded capacity (HHI) "+sc.label
		case name == "capacity":
			f.value, f.label = dataset.Group(sc.c.Total)+" parcels a day", fmt.Sprintf("awarded %s, from %d of %d awarded lots", sc.label, sc.c.Disclosed, sc.c.Awarded)
		case sc.c.Top == nil:
			f.value, f.label = "no disclosed awards", "largest share "+sc.label
		default:
			f.value, f.label = Pct(sc.c.Top.Percent), "held by "+string(sc.c.Top.Carrier.Name)+", the largest share of awarded capacity "+sc.label
		}
		return f, nil
	case "active-agreements", "expiring-agreements":
		if len(b.Fields) > 1 {
			return figure{}, fieldError(b.Fields[1], "this figure takes no scope")
		}
		f := figure{url: e.URL("/agreements/"), link: "the " + Plural(len(p.Agreements), "agreement", "agreements")}
		if name == "active-agreements" {
			noun := map[bool]string{true: "agreement", false: "agreements"}[p.Status.Active == 1]
			f.value, f.label = dataset.Group(int64(p.Status.Active)), noun+" active; "+p.Status.StatusKnown()
		} else {
			noun := map[bool]string{true: "agreement", false: "agreements"}[len(p.ExpiringSoon) == 1]
			f.value, f.label = dataset.Group(int64(len(p.ExpiringSoon))), fmt.Sprintf("%s expiring within %d days", noun, model.ExpiringWindow)
		}
		return f, nil
	}
	f, _ := b.Get("figure")
	return figure{}, fieldError(f, fmt.Sprintf("unknown figure %q; want %s", name, orList(FigureNames())))
}

func (e *Env) blockFigure(b *content.Block) (template.HTML, error) {
	b, name, err := argsToFields(b, "figure")
	if err != nil {
		return "", err
	}
	f, err := e.figure(b, name)
	if err != nil {
		return "", err
	}
	return template.HTML(`<p class="figure"><span class="figure-value">` + esc(f.value) + `</span> <span class="figure-label">` + esc(f.label) +
		` (<a href="` + esc(f.url) + `">` + esc(f.link) + `</a>; as of ` + esc(e.Portal.AsOf.Human()) + `)</span></p>`), nil
}

// ResolveFigure renders an inline figure: the value alone, inside the
// sentence, with what it counts and the as-of date on hover.
func (e *Env) ResolveFigure(b *content.Block) (template.HTML, error) {
	kind := BlockKinds()[2] // the name comes in brackets, the scopes in braces
	if err := checkKeys(&content.Block{Fields: b.Fields[1:]}, BlockKind{kind.Name, kind.Keys[1:]}, "a figure"); err != nil {
		return "", err
	}
	name, _ := b.Get("figure")
	f, err := e.figure(b, name.Value)
	if err != nil {
		return "", err
	}
	title := strings.ToUpper(f.label[:1]) + f.label[1:] + "; as of " + e.Portal.AsOf.Human()
	return template.HTML(`<span class="figure-inline" title="` + esc(title) + `">` + esc(f.value) + `</span>`), nil
}

// orList joins words as "a, b or c".
func orList(words []string) string {
	if len(words) < 2 {
		return strings.Join(words, "")
	}
	return strings.Join(words[:len(words)-1], ", ") + " or " + words[len(words)-1]
}
