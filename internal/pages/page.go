// Package pages plans the site: the kinds of output (Kinds), the pages
// of each with what its template receives (Page, Site), their pagers,
// facets and breadcrumbs, and where each markdown file goes.
package pages

import (
	"fmt"
	"html/template"
	"reflect"
	"strings"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/render"
)

// PerPage is how many rows a list page shows before it continues on the
// next page; the full table is always downloadable from /data/.
const PerPage = model.PerPage

// Page is what a page template receives.
type Page struct {
	// NavCurrent is the URL of the main navigation item this page is, if
	// any (it is marked aria-current).
	NavCurrent  string
	Kind        string // the template: home, carriers, carrier, ...
	URL         string // site path, "/carriers/amazon/"
	Title       string
	Description string
	Crumbs      []Crumb
	Site        *Site
	// Entity is the page's subject: a *model.Carrier, *model.Facility, ...
	Entity any
	// Items is the page's slice of a list: []*model.Carrier, ...
	Items any
	Pager *Pager
	// Content is markdown an editor wrote for this page, rendered.
	Content template.HTML
	// Source is the markdown file behind Content, if any.
	Source *content.Page
	// Datasets lists the data sets the page shows, for provenance notes.
	Datasets []dataset.Meta
	// JSON is the site path of the page's JSON twin, if any.
	JSON string
	// Illustrative is true when any data set shown is invented sample data.
	Illustrative bool
	// JSONLD is schema.org structured data for the page's head, if any.
	JSONLD template.JS
	// Parts holds the pager of each of the entity's tables that runs past
	// PerPage rows, by table name ("lots", "shares", ...): the entity page
	// shows the first rows and continuation pages the rest, so no page
	// grows with the data.
	Parts map[string]*Pager
	// Part is the one table a continuation page shows; it is empty on the
	// entity page itself.
	Part string
	// Facets are the facet links of a list page (see facets.go); Facet is
	// the value a facet page shows the rows of, nil on the whole list.
	Facets []FacetGroup
	Facet  *FacetValue
	// PartRows are all the rows of that table (a slice), for its key.
	PartRows any
	// Related are the updates about the page's subject, newest first:
	// those whose front matter names it under about. Continuation pages
	// have none.
	Related []*Update
	// History lists the releases in which the page's own row changed,
	// newest first.
	History []HistoryLine
	// Cite is the release that holds the page's row as shown, if any.
	Cite *Cite
}

// Head is what a page's <head> shows of the page, as ready strings: the
// layout gets both from one call (Page.Head), not from helper calls.
type Head struct {
	// Title is the document title (render.DocTitle): the site's title
	// on the home page.
	Title string
	// URL is the page's absolute address, for canonical and og:url.
	URL string
}

// Head is what the page's <head> shows of it. It is made as the page
// renders, not kept with the plan: held for every page from planning to
// the end of the build, the two strings took 1.8 MB at scale 4.
func (p *Page) Head() Head {
	h := Head{Title: p.Site.Title, URL: render.AbsURL(p.Site.BaseURL, p.URL)}
	if p.URL != "/" {
		h.Title = render.DocTitle(p.Title, p.Site.Title)
	}
	return h
}

// Shows reports whether the page shows the named table: an entity page
// shows all of them, a continuation page only its own.
func (p *Page) Shows(name string) bool { return p.Part == "" || p.Part == name }

// Up is the last step of the breadcrumb trail: on a continuation page,
// the entity page it continues.
func (p *Page) Up() Crumb {
	if len(p.Crumbs) == 0 {
		return Crumb{}
	}
	return p.Crumbs[len(p.Crumbs)-1]
}

// PagerOf is the pager of the named table, or nil when it fits one page.
func (p *Page) PagerOf(name string) *Pager { return p.Parts[name] }

// RowsNote is ", rows 101–200 of 950" for the named table when it runs
// across pages, and empty otherwise: for captions.
func (p *Page) RowsNote(name string) string {
	pg := p.Parts[name]
	if pg == nil {
		return ""
	}
	return fmt.Sprintf(", rows %s–%s of %s", dataset.Group(int64(pg.First)), dataset.Group(int64(pg.Last)), dataset.Group(int64(pg.Total)))
}

// Rows is the part of all (a slice) that this page shows of the named
// table: all of it when the table fits one page.
func (p *Page) Rows(name string, all any) any {
	pg := p.Parts[name]
	v := reflect.ValueOf(all)
	if pg == nil || v.Kind() != reflect.Slice {
		return all
	}
	lo, hi := pg.Bounds()
	return v.Slice(min(lo, v.Len()), min(hi, v.Len())).Interface()
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct{ Title, URL string }

// Pager links the pages of a paginated list.
type Pager struct {
	Page, Pages, Total, First, Last int
	Prev, Next                      string
	URLs                            []string
	// Label names the pager's navigation landmark: "Pages of lots" where
	// a page has several pagers, "Pages" when it is empty.
	Label string
}

// Bounds are the indexes of the page's rows in the whole table,
// rows[lo:hi]; First and Last count from 1 for readers, and First is 0 for
// an empty table, so slice with these instead.
func (p *Pager) Bounds() (lo, hi int) { return (p.Page - 1) * PerPage, p.Last }

// PageLink is one link of a pager's window; Gap marks an ellipsis.
type PageLink struct {
	N       int
	URL     string
	Current bool
	Gap     bool
}

// Window is the links a pager shows: the first and last pages and two
// either side of the current one, with gaps between, so a pager stays
// short however many pages a table runs to.
func (p *Pager) Window() []PageLink {
	var out []PageLink
	for i, u := range p.URLs {
		n := i + 1
		if n == 1 || n == p.Pages || (n >= p.Page-2 && n <= p.Page+2) {
			out = append(out, PageLink{N: n, URL: u, Current: n == p.Page})
		} else if len(out) > 0 && !out[len(out)-1].Gap {
			out = append(out, PageLink{Gap: true})
		}
	}
	return out
}

// Site is what every page shares.
type Site struct {
	Title     string
	Language  string // BCP 47, as html lang
	Generator string // the program that built the site, with its version
	BaseURL   string
	BasePath  string // the URL path of BaseURL, "/" at the root
	AsOf      dataset.Date
	Portal    *model.Portal
	Manifest  dataset.Manifest
	Updates   []*Update // newest first
	// Related lists the updates about each entity page, by its URL,
	// newest first (see Page.Related).
	Related   map[string][]*Update
	Held      []*content.Page // updates dated after AsOf, held back (see Build.Future)
	Pages     []*content.Page // standalone markdown pages, by weight then title
	Nav       []Crumb
	Downloads []Download
	// Releases are the data releases read, newest first (see Build.Releases).
	Releases []*Release
	// History is what the data releases tell the pages, if any.
	History *History
	// FacetRows are the rows of every facet page, for their downloads.
	FacetRows []FacetPage
}

// CiteSet is the "Cite this" line of a data set: the newest release in
// which it changed, or the oldest read.
func (s *Site) CiteSet(name string) *Cite {
	if s.History == nil {
		return nil
	}
	return s.History.SetCites[name]
}

// Locale is the Open Graph locale of the site's language ("en_US" for
// en-US), or "" when the language names no region.
func (s *Site) Locale() string {
	if !strings.Contains(s.Language, "-") {
		return ""
	}
	return strings.ReplaceAll(s.Language, "-", "_")
}

// Update is a dated update. Its rendered body is its page's Content.
type Update struct {
	*content.Page
	// Subjects link the pages of what the update is about, in the order
	// its front matter's about names them.
	Subjects []Crumb
}

// Download is one published data file.
type Download struct {
	Meta      dataset.Meta
	CSV, JSON string
	Rows      int
	Redacted  int
	Columns   []dataset.Column
}

// Has reports whether the site has the standalone page at url, so that
// a template links an editor's page (/methodology/) only while it exists.
func (s *Site) Has(url string) bool {
	for _, p := range s.Pages {
		if p.URL == url {
			return true
		}
	}
	return false
}
