package pages

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/render"
)

// A facet splits a list into static pages of the rows that share one
// value (/agreements/status/active/), each with its own CSV download of
// those rows, so that a reader without JavaScript can narrow a list and
// take the narrowed rows away. What varies by facet is one row of facets.
type facet struct {
	list  string // the list page's kind and folder: "agreements"
	name  string // the URL segment and what the value is of: "status"
	label string // "Status", for the links
	// value is the row's value, as a URL segment and as shown; ok is false
	// for a row that has none (a facility with no state).
	value func(row any) (slug, label string, ok bool)
	// order is the values' order in the links (slugs); values not in it
	// follow, by label.
	order []string
}

var facets = []facet{
	{"agreements", "status", "Status", func(r any) (string, string, bool) {
		a := r.(*model.Agreement)
		return a.Status, a.Status, true
	}, []string{"active", "pending", "expired", "terminated", "unknown"}},
	{"agreements", "customer", "Customer", func(r any) (string, string, bool) {
		if r.(*model.Agreement).Shipper != nil {
			return "named", "named", true
		}
		return "sealed", "under seal", true
	}, []string{"named", "sealed"}},
	{"facilities", "type", "Type", func(r any) (string, string, bool) {
		t := string(r.(*model.Facility).Type)
		return typeSlug(t), t, true
	}, nil},
	{"facilities", "state", "State", func(r any) (string, string, bool) {
		if s := r.(*model.Facility).State; s != nil {
			return s.Slug, s.Code, true
		}
		return "", "", false
	}, nil},
	{"carriers", "kind", "Kind", func(r any) (string, string, bool) {
		k := string(r.(*model.Carrier).Kind)
		return k, render.KindName(k), true
	}, dataset.CarrierKinds},
}

// typeSlug is a facility type as a URL segment: "S&DC" is "sdc".
func typeSlug(t string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			return r
		case r >= 'A' && r <= 'Z':
			return r + 'a' - 'A'
		}
		return -1
	}, t)
}

// FacetGroup is one facet of a list with its values, for the links every
// page of the list shows.
type FacetGroup struct {
	Label  string
	Values []FacetValue
}

// FacetValue is one facet page: what it shows, how many rows, where it is
// and where its rows download.
type FacetValue struct {
	Group, Label string
	URL, CSV     string
	Count        int
}

// Phrase names the value with its facet, for titles: "status: active".
func (v FacetValue) Phrase() string { return lowerFirst(v.Group) + ": " + v.Label }

// FacetPage is a facet page's rows, all of them, for its download.
type FacetPage struct {
	Value FacetValue
	Rows  any // []*model.Agreement, ...
	Set   string
}

// addFacets adds the facet pages of a list whose rows (in list order)
// are items, and returns the facet links its pages show and the pages'
// rows for their downloads.
func addFacets[T any](add func(*Page) *Page, list, title, set string, items []T, crumbs []Crumb, sets []dataset.Meta) ([]FacetGroup, []FacetPage) {
	var groups []FacetGroup
	var out []FacetPage
	for _, f := range facets {
		if f.list != list {
			continue
		}
		rows := map[string][]T{}
		labels := map[string]string{}
		for _, it := range items {
			if slug, label, ok := f.value(it); ok && slug != "" {
				rows[slug] = append(rows[slug], it)
				labels[slug] = label
			}
		}
		slugs := make([]string, 0, len(rows))
		for s := range rows {
			slugs = append(slugs, s)
		}
		rank := func(s string) int {
			if i := slices.Index(f.order, s); i >= 0 {
				return i
			}
			return len(f.order)
		}
		slices.SortFunc(slugs, func(a, b string) int { return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(labels[a], labels[b])) })
		g := FacetGroup{Label: f.label}
		for _, s := range slugs {
			url := "/" + list + "/" + f.name + "/" + s + "/"
			v := FacetValue{Group: f.label, Label: labels[s], URL: url, CSV: url + set + ".csv", Count: len(rows[s])}
			g.Values = append(g.Values, v)
			out = append(out, FacetPage{Value: v, Rows: rows[s], Set: set})
		}
		groups = append(groups, g)
	}
	for _, fp := range out {
		v := fp.Value
		rows := fp.Rows.([]T)
		t := fmt.Sprintf("%s (%s)", title, v.Phrase())
		for i, pg := range pagers(v.URL, len(rows)) {
			pt := t
			if i > 0 {
				pt = fmt.Sprintf("%s (page %d of %d)", t, pg.Page, pg.Pages)
			}
			lo, hi := pg.Bounds()
			add(&Page{Kind: list, URL: pg.URLs[i], Title: pt, Items: rows[lo:hi], Pager: pg, Facets: groups, Facet: &fp.Value,
				Crumbs: append(slices.Clip(crumbs), Crumb{title, "/" + list + "/"}), Datasets: sets,
				Description: fmt.Sprintf("%s whose %s is %s: %s, with a download.", title, lowerFirst(v.Group), v.Label, render.Plural(len(rows), "row", "rows"))})
		}
	}
	return groups, out
}

// FacetNote is " (status: active)" on a facet page and empty on the
// whole list: for captions.
func (p *Page) FacetNote() string {
	if p.Facet == nil {
		return ""
	}
	return " (" + p.Facet.Phrase() + ")"
}
