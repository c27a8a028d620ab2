package site

import (
	"html/template"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

// PerPage is how many rows a list page shows before it continues on the
// next page; the full table is always downloadable from /data/.
const PerPage = 100

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
}

// Crumb is one step of the breadcrumb trail.
type Crumb struct{ Title, URL string }

// Pager links the pages of a paginated list.
type Pager struct {
	Page, Pages, Total, First, Last int
	Prev, Next                      string
	URLs                            []string
}

// Site is what every page shares.
type Site struct {
	Title     string
	BaseURL   string
	BasePath  string // the URL path of BaseURL, "/" at the root
	AsOf      dataset.Date
	Portal    *model.Portal
	Manifest  dataset.Manifest
	Updates   []*Update       // newest first
	Pages     []*content.Page // standalone markdown pages, by weight then title
	Nav       []Crumb
	Downloads []Download
}

// Update is a dated update with its rendered body.
type Update struct {
	*content.Page
	HTML template.HTML
}

// Download is one published data file.
type Download struct {
	Meta      dataset.Meta
	CSV, JSON string
	Rows      int
	Redacted  int
	Columns   []dataset.Column
}
