package pages

import (
	"fmt"
	"html/template"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/render"
)

// Release is one data release as its page (/changes/<date>/) and the
// changes list show it. It holds no pointers, so that its page key is
// a hash of the value (see internal/keys).
type Release struct {
	Date     dataset.Date
	Commit   string // the commit's full hash; empty for the present data
	Tags     []string
	URL      string // "/changes/2026-03-01/"
	FilesURL string // "/data/releases/2026-03-01/"
	Files    []Crumb
	// Present is true when the build read no history: the release is
	// the data as it is, dated by the as-of date.
	Present bool
	// First is true for the oldest release read: there is nothing to
	// compare it with.
	First    bool
	Prev     Crumb // the release before, if any
	Rows     int   // rows in all its data sets
	Sets     []SetChanges
	Notes    []string
	Skipped  []string // data sets not compared: a release did not load them
	Added    int
	Removed  int
	Changed  int
	Warnings []string // why the release's data did not all load
}

// Summary counts the release's changes in words, for the list and the feed.
func (r Release) Summary() string {
	if r.First {
		return fmt.Sprintf("The oldest release the portal has read: %s.", render.Plural(r.Rows, "row", "rows"))
	}
	if r.Added+r.Removed+r.Changed == 0 {
		return "No rows added, removed or changed."
	}
	return fmt.Sprintf("%s added, %s removed, %s changed.", render.Plural(r.Added, "row", "rows"), render.Plural(r.Removed, "row", "rows"), render.Plural(r.Changed, "row", "rows"))
}

// Short is the commit's abbreviated hash.
func (r Release) Short() string { return r.Commit[:min(len(r.Commit), 12)] }

// SetChanges is what changed in one data set of a release.
type SetChanges struct {
	Name, Title                  string
	Added, Removed, Changed      []RowChange // at most maxReleaseRows each
	NAdded, NRemoved, NChanged   int
	ColumnsAdded, ColumnsRemoved []string
	CSV                          string // the release's file of the data set
}

// More reports how many rows of each kind the page leaves out.
func (s SetChanges) More() int {
	return s.NAdded - len(s.Added) + s.NRemoved - len(s.Removed) + s.NChanged - len(s.Changed)
}

// RowChange is one row added, removed or changed, with its fields as HTML
// made by the site's own cells (a sealed value shows as sealed).
type RowChange struct {
	ID, Label, URL string
	Changes        []FieldChange
}

// FieldChange is one field: before → after.
type FieldChange struct {
	Column        string
	Before, After template.HTML
}

// HistoryLine is one release in which an entity's row changed, for its page.
type HistoryLine struct {
	Date    dataset.Date
	URL     string // the release's page
	What    string // "added", "removed", "changed"
	Row     string // for a lot or participant of an auction: which one
	Changes []FieldChange
}

// Cite is the "Cite this" line of a page or data set: the release that
// holds its data as shown, and the permanent address of the file.
type Cite struct {
	Date dataset.Date
	File string // the release's CSV file, a site path
	URL  string // its permanent address, absolute
	Page string // the release's page
}

// History is what the data releases tell the pages: each entity page's
// history and "Cite this" line, and each data set's.
type History struct {
	Lines    map[string][]HistoryLine // by entity page URL
	Cites    map[string]*Cite         // by entity page URL
	SetCites map[string]*Cite         // by data set
}
