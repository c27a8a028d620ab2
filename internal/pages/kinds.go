package pages

import "strings"

// KeyPolicy says how a rebuild tells that an output is unchanged without
// making it (see internal/keys): what its key is made of.
type KeyPolicy int

const (
	// Always: no key; made on every build (pages that show the whole
	// data, such as home, data and search, and small files).
	Always KeyPolicy = iota
	// Subject: the page's subject and what it links to, with the page's
	// own fields; a continuation page has its subject's fields and the
	// rows of its one table.
	Subject
	// Rows: a list page's rows and the portal's own figures.
	Rows
	// Value: the subject is a value with no pointers (a release).
	Value
	// Text: only the page's own fields and text (a standalone page).
	Text
	// Twin: a JSON twin, keyed by its subject and the updates about it.
	Twin
	// Digest: a download, keyed by the digest of its CSV file.
	Digest
	// FacetRows: a facet page's download, keyed by all its rows.
	FacetRows
)

// Kind is one kind of output of the site. Every output is of a kind in
// Kinds, which owns its address pattern, its JSON twin, whether search
// finds it and how its key is made: adding a kind of page is a row here,
// its planning in plan.go and its template.
type Kind struct {
	Name string // Page.Kind and the template, templates/<Name>.html
	// URL is the output's address; in a pattern {id} stands for the
	// subject's id (a carrier's, a data set's name, a date).
	URL string
	// Title and Noun name a list and one of its subjects ("Carriers",
	// "carrier"), for headings and messages.
	Title, Noun string
	// Sets are the data sets its pages show, for their provenance notes;
	// Data is the file whose rows are its subjects, for messages.
	Sets []string
	Data string
	// Entity names the kind of one subject of a list ("carrier" for
	// "carriers"); List the other way round.
	Entity, List string
	Twin         bool // a JSON twin at the page's URL + "index.json"
	Search       bool // the search index lists it
	Nav          bool // the main navigation links it
	Key          KeyPolicy
}

// Kinds lists every kind of output. The order of the lists is the
// navigation's.
var Kinds = []*Kind{
	{Name: "home", URL: "/", Sets: allSets, Key: Always},
	{Name: "agreements", URL: "/agreements/", Title: "Agreements", Entity: "agreement", Sets: []string{"agreements", "carriers"}, Nav: true, Key: Rows},
	{Name: "agreement", URL: "/agreements/{id}/", Noun: "agreement", Data: "agreements", List: "agreements", Sets: []string{"agreements", "carriers"}, Twin: true, Search: true, Key: Subject},
	{Name: "auctions", URL: "/auctions/", Title: "Auctions", Entity: "auction", Sets: []string{"auctions", "auction_results", "participation", "carriers"}, Nav: true, Key: Rows},
	{Name: "auction", URL: "/auctions/{id}/", Noun: "auction", Data: "auctions", List: "auctions", Sets: []string{"auctions", "auction_results", "participation", "carriers"}, Twin: true, Search: true, Key: Subject},
	{Name: "carriers", URL: "/carriers/", Title: "Carriers", Entity: "carrier", Sets: []string{"carriers", "agreements", "participation", "auction_results"}, Nav: true, Key: Rows},
	{Name: "carrier", URL: "/carriers/{id}/", Noun: "carrier", Data: "carriers", List: "carriers", Sets: []string{"carriers", "agreements", "participation", "auction_results"}, Twin: true, Search: true, Key: Subject},
	{Name: "facilities", URL: "/facilities/", Title: "Facilities", Entity: "facility", Sets: []string{"facilities", "auction_results"}, Nav: true, Key: Rows},
	{Name: "facility", URL: "/facilities/{id}/", Noun: "facility", Data: "facilities", List: "facilities", Sets: []string{"facilities", "auction_results"}, Twin: true, Search: true, Key: Subject},
	{Name: "states", URL: "/states/", Title: "States", Entity: "state", Sets: []string{"facilities", "auction_results"}, Nav: true, Key: Rows},
	{Name: "state", URL: "/states/{id}/", Noun: "state", Data: "facilities", List: "states", Sets: []string{"facilities", "auction_results"}, Twin: true, Search: true, Key: Subject},
	{Name: "updates", URL: "/updates/", Title: "Updates", Entity: "update", Nav: true, Key: Rows},
	{Name: "update", URL: "/updates/{id}/", Noun: "update", List: "updates", Search: true, Key: Subject},
	{Name: "data", URL: "/data/", Title: "Data", Sets: allSets, Nav: true, Key: Always},
	{Name: "search", URL: "/search/", Title: "Search", Key: Always},
	{Name: "404", URL: "/404.html", Key: Always},
	{Name: "changes", URL: "/changes/", Title: "Changes", Entity: "release", Sets: allSets, Key: Always},
	{Name: "release", URL: "/changes/{id}/", Noun: "release", List: "changes", Search: true, Key: Value},
	{Name: "page", URL: "/{id}/", Search: true, Key: Text},

	// Outputs that are not pages.
	{Name: "twin", URL: "{id}index.json", Key: Twin},
	{Name: "download", URL: "/data/{id}.csv", Key: Digest},
	{Name: "download-json", URL: "/data/{id}.json", Key: Digest},
	{Name: "facet-download", URL: "{id}", Key: FacetRows},
	{Name: "datapackage", URL: "/data/datapackage.json", Key: Always},
	{Name: "search-index", URL: "/search/index.json", Key: Always},
	{Name: "feed", URL: "/index.xml", Key: Always},
	{Name: "changes-feed", URL: "/changes/index.xml", Key: Always},
	{Name: "release-files", URL: "/data/releases/{id}/", Key: Always},
	{Name: "sitemap", URL: "/sitemap.xml", Key: Always},
	{Name: "robots", URL: "/robots.txt", Key: Always},
	{Name: "redirect", URL: "{id}", Key: Always},
}

// allSets stands for every data set (dataset.Names).
var allSets = []string{"*"}

var kindByName = func() map[string]*Kind {
	m := make(map[string]*Kind, len(Kinds))
	for _, k := range Kinds {
		m[k.Name] = k
	}
	return m
}()

// KindOf returns the kind named name, or nil.
func KindOf(name string) *Kind { return kindByName[name] }

// Path is the kind's address for the subject id.
func (k *Kind) Path(id string) string { return strings.Replace(k.URL, "{id}", id, 1) }

// TwinURL is the site path of the JSON twin made for p, if p has one of
// its own: an entity page of a kind with twins (a continuation page
// links to its entity page's). The twin is one of the build's files.
func TwinURL(p *Page) (string, bool) {
	if p.Part != "" || !KindOf(p.Kind).Twin {
		return "", false
	}
	return KindOf("twin").Path(p.URL), true
}

// Section is the folder of the kind's pages: "carriers" for the
// carrier pages and the carriers list.
func (k *Kind) Section() string {
	s, _, _ := strings.Cut(strings.TrimPrefix(k.URL, "/"), "/")
	return s
}

// entityKinds are the kinds of pages about one row of the data, which
// markdown can add text to by file name, in the order of Kinds.
func entityKinds() []*Kind {
	var out []*Kind
	for _, k := range Kinds {
		if k.Data != "" {
			out = append(out, k)
		}
	}
	return out
}

// EntityKind is the kind of the pages about one row in section ("carriers"),
// or nil.
func EntityKind(section string) *Kind {
	for _, k := range entityKinds() {
		if k.Section() == section {
			return k
		}
	}
	return nil
}
