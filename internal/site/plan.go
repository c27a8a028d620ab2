package site

import (
	"cmp"
	"fmt"
	"html/template"
	"reflect"
	"slices"
	"strings"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/model"
)

// sections are the generated lists and their entity pages.
var sections = []struct {
	dir  string
	sets []string // the data sets its pages show
	noun string   // what one page is about, for messages
}{
	{"carriers", []string{"carriers", "agreements", "participation", "auction_results"}, "carrier"},
	{"facilities", []string{"facilities", "auction_results"}, "facility"},
	{"agreements", []string{"agreements", "carriers"}, "agreement"},
	{"auctions", []string{"auctions", "auction_results", "participation", "carriers"}, "auction"},
	{"states", []string{"facilities", "auction_results"}, "state"},
}

// plan lists every HTML page of the site with the data its template needs,
// and attaches each markdown file to the page at its URL.
func (b *Build) plan(site *Site, pages []*content.Page, renderMD func(*content.Page) (template.HTML, diag.List)) ([]*Page, diag.List) {
	var errs diag.List
	p := site.Portal
	meta := func(names ...string) []dataset.Meta {
		out := make([]dataset.Meta, len(names))
		for i, n := range names {
			out[i] = site.Manifest.Get(n)
		}
		return out
	}
	site.Nav = []Crumb{
		{"Agreements", "/agreements/"}, {"Auctions", "/auctions/"}, {"Carriers", "/carriers/"},
		{"Facilities", "/facilities/"}, {"States", "/states/"}, {"Updates", "/updates/"}, {"Data", "/data/"},
	}
	home := Crumb{"Home", "/"}
	var plan []*Page
	add := func(pg *Page) *Page {
		pg.Site = site
		for _, n := range site.Nav {
			if n.URL == pg.URL {
				pg.NavCurrent = pg.URL
			}
		}
		if pg.URL == "/search/" {
			pg.NavCurrent = pg.URL
		}
		for _, m := range pg.Datasets {
			pg.Illustrative = pg.Illustrative || m.Illustrative
		}
		plan = append(plan, pg)
		return pg
	}

	add(&Page{Kind: "home", URL: "/", Title: site.Title, Description: "Who gets access to US Postal Service capacity, and on what terms: negotiated service agreements, the capacity auction and its winners.", Datasets: meta(dataset.Names...)})

	crumbs := []Crumb{home}
	// Pages of a section share their data set notes and breadcrumbs (no
	// page changes them): one copy each, not one per page.
	sets := make([][]dataset.Meta, len(sections))
	trail := make([][]Crumb, len(sections))
	for i, sec := range sections {
		sets[i] = meta(sec.sets...)
		trail[i] = []Crumb{home, {strings.ToUpper(sec.dir[:1]) + sec.dir[1:], "/" + sec.dir + "/"}}
	}
	// Lists show what matters first, and split by their facets.
	carriers, facilities, agreements := model.CarriersByWeight(p.Carriers), model.FacilitiesByWeight(p.Facilities), model.AgreementsByWeight(p.Agreements)
	groups, rows := addFacets(add, "carriers", "Carriers", "carriers", carriers, crumbs, sets[0])
	addList(add, "carriers", "/carriers/", "Carriers", carriers, crumbs, sets[0], groups)
	site.facetRows = append(site.facetRows, rows...)
	groups, rows = addFacets(add, "facilities", "Facilities", "facilities", facilities, crumbs, sets[1])
	addList(add, "facilities", "/facilities/", "Facilities", facilities, crumbs, sets[1], groups)
	site.facetRows = append(site.facetRows, rows...)
	groups, rows = addFacets(add, "agreements", "Agreements", "agreements", agreements, crumbs, sets[2])
	addList(add, "agreements", "/agreements/", "Agreements", agreements, crumbs, sets[2], groups)
	site.facetRows = append(site.facetRows, rows...)
	addList(add, "auctions", "/auctions/", "Auctions", p.Auctions, crumbs, sets[3], nil)
	addList(add, "states", "/states/", "States", p.States, crumbs, sets[4], nil)
	for _, c := range p.Carriers {
		pg := add(&Page{Kind: "carrier", URL: "/carriers/" + string(c.ID) + "/", Title: string(c.Name), Entity: c,
			Description: fmt.Sprintf("%s: agreements with USPS, auctions entered and capacity won.", c.Name),
			Crumbs:      trail[0], Datasets: sets[0], JSON: "/carriers/" + string(c.ID) + "/index.json"})
		addParts(add, pg, part{"agreements", "Agreements", c.Agreements}, part{"auctions", "Auctions entered", c.Participations},
			part{"wins", "Capacity won by facility", c.Wins}, part{"lots", "Lots won", c.LotsWon})
	}
	for _, f := range p.Facilities {
		pg := add(&Page{Kind: "facility", URL: "/facilities/" + string(f.ID) + "/", Title: string(f.Name), Entity: f,
			Description: fmt.Sprintf("%s (%s): capacity lots offered, winners and concentration.", f.Name, f.Type),
			Crumbs:      trail[1], Datasets: sets[1], JSON: "/facilities/" + string(f.ID) + "/index.json"})
		addParts(add, pg, part{"shares", "Capacity won by carrier", shareRows(f.Concentration)}, part{"lots", "Lots", f.Lots})
	}
	for _, a := range p.Agreements {
		add(&Page{Kind: "agreement", URL: "/agreements/" + string(a.ID) + "/", Title: string(a.Product), Entity: a,
			Description: fmt.Sprintf("Negotiated service agreement %s: %s.", a.ID, a.Product),
			Crumbs:      trail[2], Datasets: sets[2], JSON: "/agreements/" + string(a.ID) + "/index.json"})
	}
	for _, a := range p.Auctions {
		pg := add(&Page{Kind: "auction", URL: "/auctions/" + string(a.ID) + "/", Title: string(a.Title), Entity: a,
			Description: fmt.Sprintf("%s: lots, winners, shares and concentration.", a.Title),
			Crumbs:      trail[3], Datasets: sets[3], JSON: "/auctions/" + string(a.ID) + "/index.json"})
		addParts(add, pg, part{"shares", "Capacity won by carrier", shareRows(a.Concentration)},
			part{"participants", "Participation", a.Participants}, part{"lots", "Lots", a.Lots})
	}
	for _, s := range p.States {
		pg := add(&Page{Kind: "state", URL: "/states/" + s.Slug + "/", Title: s.Name, Entity: s,
			Description: fmt.Sprintf("Postal facilities in %s and who won capacity there.", s.Name),
			Crumbs:      trail[4], Datasets: sets[4], JSON: "/states/" + s.Slug + "/index.json"})
		addParts(add, pg, part{"facilities", "Facilities", s.Facilities}, part{"shares", "Capacity won by carrier", shareRows(s.Concentration)})
	}
	add(&Page{Kind: "data", URL: "/data/", Title: "Data", Description: "Every data set behind the portal as CSV and JSON, with a data dictionary and a Frictionless data package.", Crumbs: []Crumb{home}, Datasets: meta(dataset.Names...), JSONLD: dataCatalogLD(site)})
	add(&Page{Kind: "search", URL: "/search/", Title: "Search", Description: "Find carriers, facilities, agreements, auctions and updates by name.", Crumbs: []Crumb{home}})
	add(&Page{Kind: "404", URL: "/404.html", Title: "Page not found", Crumbs: []Crumb{home}})
	if len(site.Releases) > 0 {
		add(&Page{Kind: "changes", URL: "/changes/", Title: "Changes", Crumbs: []Crumb{home}, Items: site.Releases, Datasets: meta(dataset.Names...),
			Description: "What changed in the portal's data, release by release: rows added, removed and changed, with a feed."})
		for _, r := range site.Releases {
			add(&Page{Kind: "release", URL: r.URL, Title: "Data release of " + r.Date.String(), Entity: r, Crumbs: []Crumb{home, {"Changes", "/changes/"}},
				Description: "Data release of " + r.Date.String() + ": " + r.Summary()})
		}
	}
	if h := site.history; h != nil {
		for _, pg := range plan {
			if pg.Part == "" && pg.Entity != nil {
				pg.History, pg.Cite = h.lines[pg.URL], h.cites[pg.URL]
			}
		}
	}

	// Markdown: updates, pages, and text added to generated pages.
	byURL := map[string]*Page{}
	for _, pg := range plan {
		if pg.Part == "" { // continuation pages show no markdown
			byURL[pg.URL] = pg
		}
	}
	var updates []*Update
	for _, cp := range pages {
		html, berrs := renderMD(cp)
		if len(berrs) > 0 {
			errs.Append(berrs)
			continue
		}
		if target, ok := byURL[cp.URL]; ok {
			if target.Source != nil {
				errs.Add(diag.Pos{File: cp.File, Line: 1}, "", "page %s already has text from %s", cp.URL, target.Source.File)
				continue
			}
			target.Content, target.Source = html, cp
			staleNote(target, cp, &errs)
			if cp.Summary != "" {
				target.Description = cp.Summary
			}
			continue
		}
		if isEntitySection(cp.Section) && !cp.IsIndex() {
			errs.Add(diag.Pos{File: cp.File, Line: 1}, "", "no page %s to add this text to: the file name must be the id of a row in data/%s.csv", cp.URL, dataFileOf(cp.Section))
			continue
		}
		if cp.Section == "updates" && !cp.IsIndex() {
			about := aboutPages(cp, byURL, &errs) // checked even when held back
			if !b.Future && cp.Date.After(site.AsOf) {
				site.Held = append(site.Held, cp) // published on its date
				continue
			}
			u := &Update{Page: cp, HTML: html, Subjects: about}
			updates = append(updates, u)
			add(&Page{Kind: "update", URL: cp.URL, Title: cp.Title, Description: cp.Summary, Entity: u, Content: html, Source: cp,
				Crumbs: []Crumb{home, {"Updates", "/updates/"}}, JSONLD: articleLD(site, u)})
			continue
		}
		site.Pages = append(site.Pages, cp)
		add(&Page{Kind: "page", URL: cp.URL, Title: cp.Title, Description: cp.Summary, Content: html, Source: cp, Crumbs: []Crumb{home}})
	}
	slices.SortStableFunc(updates, func(a, b *Update) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.URL, b.URL))
	})
	site.Updates = updates
	site.Related = relatedUpdates(updates, byURL)
	slices.SortStableFunc(site.Pages, func(a, b *content.Page) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), cmp.Compare(a.Title, b.Title), cmp.Compare(a.URL, b.URL))
	})
	updatesPage := byURL["/updates/"]
	if updatesPage == nil {
		updatesPage = add(&Page{Kind: "updates", URL: "/updates/", Title: "Updates", Description: "News and explainers on who gets access to postal capacity.", Crumbs: []Crumb{home}})
	}
	// Long update lists continue on pages of PerPage, like the data lists.
	all := pagers(updatesPage.URL, len(updates))
	lo, hi := all[0].Bounds()
	updatesPage.Items, updatesPage.Pager = updates[lo:hi], all[0]
	for _, pg := range all[1:] {
		lo, hi := pg.Bounds()
		add(&Page{Kind: updatesPage.Kind, URL: pg.URLs[pg.Page-1], Title: fmt.Sprintf("%s (page %d of %d)", updatesPage.Title, pg.Page, pg.Pages),
			Description: updatesPage.Description, Items: updates[lo:hi], Pager: pg, Crumbs: updatesPage.Crumbs})
	}
	for _, pg := range plan {
		if pg.Description == "" {
			pg.Description = pg.Title
		}
	}
	slices.SortStableFunc(plan, func(a, b *Page) int { return cmp.Compare(a.URL, b.URL) })
	return plan, errs
}

// addList adds a list page and its continuation pages of PerPage rows.
// Every page of it shows the links of its facets, groups.
func addList[T any](add func(*Page) *Page, kind, url, title string, items []T, crumbs []Crumb, sets []dataset.Meta, groups []FacetGroup) {
	n := len(items)
	for i, pg := range pagers(url, n) {
		t := title
		if i > 0 {
			t = fmt.Sprintf("%s (page %d of %d)", title, pg.Page, pg.Pages)
		}
		lo, hi := pg.Bounds()
		add(&Page{Kind: kind, URL: pg.URLs[i], Title: t, Items: items[lo:hi], Pager: pg, Crumbs: crumbs, Datasets: sets, Facets: groups,
			Description: fmt.Sprintf("All %d %s in the portal's data.", n, lowerFirst(title))})
	}
}

// pagers splits n rows into pages of PerPage: the first at url, the others
// at url + "page/N/". There is always one page, even for no rows.
func pagers(url string, n int) []*Pager {
	pages := max(1, (n+PerPage-1)/PerPage)
	urls := make([]string, pages)
	for i := range urls {
		urls[i] = url
		if i > 0 {
			urls[i] = fmt.Sprintf("%spage/%d/", url, i+1)
		}
	}
	out := make([]*Pager, pages)
	for i := range pages {
		pg := &Pager{Page: i + 1, Pages: pages, Total: n, First: min(n, i*PerPage+1), Last: min(n, (i+1)*PerPage), URLs: urls}
		if i > 0 {
			pg.Prev = urls[i-1]
		}
		if i+1 < pages {
			pg.Next = urls[i+1]
		}
		out[i] = pg
	}
	return out
}

// part is one table of an entity page that may run past PerPage rows.
type part struct {
	name, label string // "lots", "Lots"
	list        any    // the table's rows: a slice the template shows (a.Lots)
}

func (pt part) rows() int { return reflect.ValueOf(pt.list).Len() }

// shareRows are the rows of the shares table by carrier: none when no
// share can be computed (the shares partial then shows a note instead).
func shareRows(c model.Concentration) []model.Share {
	if !c.HasHHI {
		return nil
	}
	return c.ByCarrier
}

// addParts splits each long table of an entity page across continuation
// pages at <entity>/<table>/page/N/, which show that table alone; the
// entity page keeps the first PerPage rows of each.
func addParts(add func(*Page) *Page, entity *Page, parts ...part) {
	for _, pt := range parts {
		if pt.rows() <= PerPage {
			continue
		}
		all := pagers(entity.URL+pt.name+"/", pt.rows())
		all[0].URLs[0] = entity.URL // the URLs are shared by every pager
		for _, pg := range all {
			pg.Label = "Pages of " + lowerFirst(pt.label)
		}
		all[1].Prev = entity.URL
		if entity.Parts == nil {
			entity.Parts = map[string]*Pager{}
		}
		entity.Parts[pt.name] = all[0]
		for _, pg := range all[1:] {
			add(&Page{Kind: entity.Kind, URL: pg.URLs[pg.Page-1], Entity: entity.Entity, Part: pt.name, Parts: map[string]*Pager{pt.name: pg}, partRows: pt.list,
				Title:       fmt.Sprintf("%s: %s (page %d of %d)", entity.Title, lowerFirst(pt.label), pg.Page, pg.Pages),
				Description: fmt.Sprintf("%s of %s, rows %d to %d of %d.", pt.label, entity.Title, pg.First, pg.Last, pg.Total),
				Crumbs:      append(slices.Clip(entity.Crumbs), Crumb{entity.Title, entity.URL}), Datasets: entity.Datasets, JSON: entity.JSON})
		}
	}
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return string(s[0]|0x20) + s[1:]
}

func isEntitySection(s string) bool {
	for _, sec := range sections {
		if sec.dir == s {
			return true
		}
	}
	return false
}

func dataFileOf(section string) string {
	if section == "states" {
		return "facilities"
	}
	return section
}
