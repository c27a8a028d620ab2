package pages

import (
	"cmp"
	"fmt"
	"html/template"
	"reflect"
	"slices"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/model"
)

// Options are what planning needs of the build's options.
type Options struct {
	Future bool // publish updates dated after the as-of date
}

// RenderFunc renders a markdown file's body, data blocks included.
type RenderFunc func(*content.Page) (template.HTML, diag.List)

// Plan lists every HTML page of the site with the data its template
// needs, and attaches each markdown file to the page at its URL. It fills
// the site's lists (navigation, updates, standalone pages, facet rows);
// hist may be nil.
func Plan(site *Site, md []*content.Page, renderMD RenderFunc, hist *History, opt Options) ([]*Page, diag.List) {
	pl := &planner{site: site, home: Crumb{"Home", "/"}, metas: map[*Kind][]dataset.Meta{}, trails: map[*Kind][]Crumb{}}
	pl.navigation()
	pl.add(&Page{Kind: "home", URL: "/", Title: site.Title, Description: "Who gets access to US Postal Service capacity, and on what terms: negotiated service agreements, the capacity auction and its winners.", Datasets: pl.meta(KindOf("home"))})
	pl.lists()
	pl.entities()
	pl.fixed()
	pl.releases()
	pl.history(hist)
	errs := pl.markdown(md, renderMD, opt.Future)
	pl.updates()
	for _, pg := range pl.plan {
		if pg.Description == "" {
			pg.Description = pg.Title
		}
	}
	slices.SortStableFunc(pl.plan, func(a, b *Page) int { return cmp.Compare(a.URL, b.URL) })
	return pl.plan, errs
}

// planner collects the pages of one plan.
type planner struct {
	site  *Site
	plan  []*Page
	home  Crumb
	byURL map[string]*Page // pages markdown can add text to, once planned
	// metas are the data set notes of each kind: one copy each, shared by
	// its pages (no page changes them).
	metas map[*Kind][]dataset.Meta
	// trails are the breadcrumb trails of each entity kind, shared the
	// same way: clipped, so that a page adding a step copies it.
	trails map[*Kind][]Crumb
	ups    []*Update
}

func (pl *planner) navigation() {
	for _, k := range Kinds {
		if k.Nav {
			pl.site.Nav = append(pl.site.Nav, Crumb{k.Title, k.URL})
		}
	}
}

// add appends a page to the plan, marking what every page marks.
func (pl *planner) add(pg *Page) *Page {
	pg.Site = pl.site
	for _, n := range pl.site.Nav {
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
	pl.plan = append(pl.plan, pg)
	return pg
}

// meta is the data set notes of a kind's pages.
func (pl *planner) meta(k *Kind) []dataset.Meta {
	if m, ok := pl.metas[k]; ok {
		return m
	}
	names := k.Sets
	if slices.Equal(names, allSets) {
		names = dataset.Names
	}
	out := make([]dataset.Meta, len(names))
	for i, n := range names {
		out[i] = pl.site.Manifest.Get(n)
	}
	pl.metas[k] = out
	return out
}

// trail is the breadcrumb trail of a kind's entity pages: home, its list.
func (pl *planner) trail(k *Kind) []Crumb {
	if t, ok := pl.trails[k]; ok {
		return t
	}
	list := KindOf(k.List)
	t := slices.Clip([]Crumb{pl.home, {list.Title, list.URL}})
	pl.trails[k] = t
	return t
}

// lists adds the list pages, which show what matters first, with their
// facet pages.
func (pl *planner) lists() {
	p := pl.site.Portal
	facetedList(pl, "carriers", model.CarriersByWeight(p.Carriers))
	facetedList(pl, "facilities", model.FacilitiesByWeight(p.Facilities))
	facetedList(pl, "agreements", model.AgreementsByWeight(p.Agreements))
	facetedList(pl, "auctions", p.Auctions)
	facetedList(pl, "states", p.States)
}

func facetedList[T any](pl *planner, name string, items []T) {
	k := KindOf(name)
	crumbs := []Crumb{pl.home}
	groups, rows := addFacets(pl.add, name, k.Title, KindOf(k.Entity).Data, items, crumbs, pl.meta(k))
	addList(pl.add, name, k.URL, k.Title, items, crumbs, pl.meta(k), groups)
	pl.site.FacetRows = append(pl.site.FacetRows, rows...)
}

// entity adds the page of one subject of kind k, with continuation pages
// for its long tables.
func (pl *planner) entity(k *Kind, id, title, desc string, e any, parts ...part) {
	url := k.Path(id)
	pg := pl.add(&Page{Kind: k.Name, URL: url, Title: title, Entity: e, Description: desc,
		Crumbs: pl.trail(k), Datasets: pl.meta(k), JSON: url + "index.json"})
	addParts(pl.add, pg, parts...)
}

func (pl *planner) entities() {
	p := pl.site.Portal
	k := KindOf("carrier")
	for _, c := range p.Carriers {
		pl.entity(k, string(c.ID), string(c.Name), fmt.Sprintf("%s: agreements with USPS, auctions entered and capacity won.", c.Name), c,
			part{"agreements", "Agreements", c.Agreements}, part{"auctions", "Auctions entered", c.Participations},
			part{"wins", "Capacity won by facility", c.Wins}, part{"lots", "Lots won", c.LotsWon})
	}
	k = KindOf("facility")
	for _, f := range p.Facilities {
		pl.entity(k, string(f.ID), string(f.Name), fmt.Sprintf("%s (%s): capacity lots offered, winners and concentration.", f.Name, f.Type), f,
			part{"shares", "Capacity won by carrier", shareRows(f.Concentration)}, part{"lots", "Lots", f.Lots})
	}
	k = KindOf("agreement")
	for _, a := range p.Agreements {
		pl.entity(k, string(a.ID), string(a.Product), fmt.Sprintf("Negotiated service agreement %s: %s.", a.ID, a.Product), a)
	}
	k = KindOf("auction")
	for _, a := range p.Auctions {
		pl.entity(k, string(a.ID), string(a.Title), fmt.Sprintf("%s: lots, winners, shares and concentration.", a.Title), a,
			part{"shares", "Capacity won by carrier", shareRows(a.Concentration)},
			part{"participants", "Participation", a.Participants}, part{"lots", "Lots", a.Lots})
	}
	k = KindOf("state")
	for _, s := range p.States {
		pl.entity(k, s.Slug, s.Name, fmt.Sprintf("Postal facilities in %s and who won capacity there.", s.Name), s,
			part{"facilities", "Facilities", s.Facilities}, part{"shares", "Capacity won by carrier", shareRows(s.Concentration)})
	}
}

// fixed adds the pages that are always there: data, search, not found.
func (pl *planner) fixed() {
	home := []Crumb{pl.home}
	pl.add(&Page{Kind: "data", URL: "/data/", Title: "Data", Description: "Every data set behind the portal as CSV and JSON, with a data dictionary and a Frictionless data package.", Crumbs: home, Datasets: pl.meta(KindOf("data")), JSONLD: dataCatalogLD(pl.site)})
	pl.add(&Page{Kind: "search", URL: "/search/", Title: "Search", Description: "Find carriers, facilities, agreements, auctions and updates by name.", Crumbs: home})
	pl.add(&Page{Kind: "404", URL: "/404.html", Title: "Page not found", Crumbs: home})
}

// releases adds the changes list and a page per data release, if any.
func (pl *planner) releases() {
	site := pl.site
	if len(site.Releases) == 0 {
		return
	}
	k := KindOf("changes")
	pl.add(&Page{Kind: k.Name, URL: k.URL, Title: k.Title, Crumbs: []Crumb{pl.home}, Items: site.Releases, Datasets: pl.meta(k),
		Description: "What changed in the portal's data, release by release: rows added, removed and changed, with a feed."})
	for _, r := range site.Releases {
		pl.add(&Page{Kind: "release", URL: r.URL, Title: "Data release of " + r.Date.String(), Entity: r, Crumbs: []Crumb{pl.home, {k.Title, k.URL}},
			Description: "Data release of " + r.Date.String() + ": " + r.Summary()})
	}
}

// history hands each entity page its history and "Cite this" line.
func (pl *planner) history(h *History) {
	pl.site.History = h
	if h == nil {
		return
	}
	for _, pg := range pl.plan {
		if pg.Part == "" && pg.Entity != nil {
			pg.History, pg.Cite = h.Lines[pg.URL], h.Cites[pg.URL]
		}
	}
}

// markdown attaches each markdown file to the page at its URL, or makes
// it an update or a standalone page.
func (pl *planner) markdown(md []*content.Page, renderMD RenderFunc, future bool) diag.List {
	var errs diag.List
	pl.byURL = map[string]*Page{}
	for _, pg := range pl.plan {
		if pg.Part == "" { // continuation pages show no markdown
			pl.byURL[pg.URL] = pg
		}
	}
	for _, cp := range md {
		html, berrs := renderMD(cp)
		if len(berrs) > 0 {
			errs.Append(berrs)
			continue
		}
		if HeldBack(cp, pl.site.AsOf, future) {
			aboutPages(cp, pl.byURL, &errs)         // checked even when held back
			pl.site.Held = append(pl.site.Held, cp) // published on its date
			continue
		}
		if target, ok := pl.byURL[cp.URL]; ok {
			pl.attach(target, cp, html, &errs)
			continue
		}
		if k := EntityKind(cp.Section); k != nil && !cp.IsIndex() {
			errs.Add(diag.Pos{File: cp.File, Line: 1}, "", "no page %s to add this text to: the file name must be the id of a row in data/%s.csv", cp.URL, k.Data)
			continue
		}
		if cp.Section == "updates" && !cp.IsIndex() {
			pl.update(cp, html, &errs)
			continue
		}
		pl.site.Pages = append(pl.site.Pages, cp)
		pl.add(&Page{Kind: "page", URL: cp.URL, Title: cp.Title, Description: cp.Summary, Content: html, Source: cp, Crumbs: []Crumb{pl.home}})
	}
	return errs
}

// attach adds the text of cp to the generated page target.
func (pl *planner) attach(target *Page, cp *content.Page, html template.HTML, errs *diag.List) {
	if target.Source != nil {
		errs.Add(diag.Pos{File: cp.File, Line: 1}, "", "page %s already has text from %s", cp.URL, target.Source.File)
		return
	}
	target.Content, target.Source = html, cp
	staleNote(target, cp, errs)
	if cp.Summary != "" {
		target.Description = cp.Summary
	}
}

// HeldBack reports whether the markdown page cp is an update dated after
// asOf, which a build leaves out until a build on or after its date (or
// one with future set). Whatever its address: a dated update is news,
// not yet to be read. A build renders no held-back body; it only checks
// its blocks (see content.Page.CheckBlocks).
func HeldBack(cp *content.Page, asOf dataset.Date, future bool) bool {
	return !future && cp.Section == "updates" && !cp.IsIndex() && cp.Date.After(asOf)
}

// update adds the page of a dated update that is not held back.
func (pl *planner) update(cp *content.Page, html template.HTML, errs *diag.List) {
	site := pl.site
	about := aboutPages(cp, pl.byURL, errs)
	u := &Update{Page: cp, Subjects: about}
	pl.ups = append(pl.ups, u)
	pl.add(&Page{Kind: "update", URL: cp.URL, Title: cp.Title, Description: cp.Summary, Entity: u, Content: html, Source: cp,
		Crumbs: []Crumb{pl.home, {"Updates", "/updates/"}}, JSONLD: articleLD(site, u)})
}

// updates sorts the updates and standalone pages, and adds the updates
// list, whose long lists continue on pages of PerPage like the data lists.
func (pl *planner) updates() {
	site, updates := pl.site, pl.ups
	slices.SortStableFunc(updates, func(a, b *Update) int {
		return cmp.Or(b.Date.Compare(a.Date), cmp.Compare(a.URL, b.URL))
	})
	site.Updates = updates
	site.Related = relatedUpdates(updates, pl.byURL)
	slices.SortStableFunc(site.Pages, func(a, b *content.Page) int {
		return cmp.Or(cmp.Compare(a.Weight, b.Weight), cmp.Compare(a.Title, b.Title), cmp.Compare(a.URL, b.URL))
	})
	updatesPage := pl.byURL["/updates/"]
	if updatesPage == nil {
		updatesPage = pl.add(&Page{Kind: "updates", URL: "/updates/", Title: "Updates", Description: "News and explainers on who gets access to postal capacity.", Crumbs: []Crumb{pl.home}})
	}
	all := pagers(updatesPage.URL, len(updates))
	lo, hi := all[0].Bounds()
	updatesPage.Items, updatesPage.Pager = updates[lo:hi], all[0]
	for _, pg := range all[1:] {
		lo, hi := pg.Bounds()
		pl.add(&Page{Kind: updatesPage.Kind, URL: pg.URLs[pg.Page-1], Title: fmt.Sprintf("%s (page %d of %d)", updatesPage.Title, pg.Page, pg.Pages),
			Description: updatesPage.Description, Items: updates[lo:hi], Pager: pg, Crumbs: updatesPage.Crumbs})
	}
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
			add(&Page{Kind: entity.Kind, URL: pg.URLs[pg.Page-1], Entity: entity.Entity, Part: pt.name, Parts: map[string]*Pager{pt.name: pg}, PartRows: pt.list,
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
