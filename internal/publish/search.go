package publish

import (
	"cmp"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/render"
	"github.com/postal-access/portal/internal/render/links"
)

// SearchEntry is one row of /search/index.json: what search.js matches
// (title and detail) and shows (title, kind, detail) and where it leads.
type SearchEntry struct {
	Title  string `json:"t"`
	URL    string `json:"u"`
	Kind   string `json:"k"`
	Detail string `json:"d,omitempty"`
	// Text is the page's own words, for pages people write (see
	// searchTexts): matched, and shown around a match.
	Text string `json:"x,omitempty"`
}

// searchIndexFile writes the search index.
func searchIndexFile(w *writer, k *pages.Kind) error {
	data, err := SearchIndexJSON(w.Plan, w.Indent)
	if err != nil {
		return fmt.Errorf("%s: %w", file(k.URL), err)
	}
	return w.add(file(k.URL), data)
}

// SearchIndex lists the pages search finds, those of the kinds with
// Search in pages.Kinds, each address relative to the search page
// (/search/), which resolves them, so that the index works under any path.
func SearchIndex(plan []*pages.Page) []SearchEntry {
	var out []SearchEntry
	searchEntries(plan, func(e SearchEntry) { out = append(out, e) })
	return out
}

// SearchIndexJSON is Marshal(SearchIndex(plan), indent), made an entry at
// a time when compact: the entries and their JSON, which a cold build
// makes at its peak live heap (~40 MB at scale 16), are not held at once.
func SearchIndexJSON(plan []*pages.Page, indent bool) ([]byte, error) {
	if indent {
		return Marshal(SearchIndex(plan), true)
	}
	buf := growing{'['}
	var err error
	n, seen := 0, 0
	searchEntries(plan, func(e SearchEntry) {
		if len(buf) > 1 {
			buf = append(buf, ',')
		}
		data, merr := json.Marshal(e)
		buf, err = append(buf, data...), cmp.Or(err, merr)
		if seen++; seen == sampleRows {
			for _, p := range plan {
				if searchable(p) {
					n++
				}
			}
			buf = buf.roomFor(n-seen, len(buf)/seen)
		}
	})
	if len(buf) == 1 {
		return json.Marshal([]SearchEntry(nil))
	}
	return append(buf, ']'), err
}

// searchEntries calls yield with the search entry of each page search
// finds, in the plan's order.
func searchEntries(plan []*pages.Page, yield func(SearchEntry)) {
	texts := searchTexts(plan)
	for _, p := range plan {
		if searchable(p) {
			yield(SearchEntry{Title: p.Title, URL: links.RelativeURL("../", p.URL, "/"), Kind: p.Kind, Detail: searchDetail(p), Text: texts[p.URL]})
		}
	}
}

// searchable reports whether search finds page p: a page of a kind with
// Search, but a continuation page, whose entity page is the result.
func searchable(p *pages.Page) bool {
	k := pages.KindOf(p.Kind)
	return p.Part == "" && k != nil && k.Search
}

// searchDetail is the short line a search result shows under its title,
// with the ids and codes a reader may search for.
func searchDetail(p *pages.Page) string {
	switch e := p.Entity.(type) {
	case *model.Carrier:
		return join(render.KindName(e.Kind), string(e.HQState), string(e.ID))
	case *model.Facility:
		place := string(e.City)
		if e.State != nil {
			place = join(place, e.State.Code)
		}
		return join(string(e.Type), strings.Replace(place, " · ", ", ", 1), string(e.ID))
	case *model.Agreement:
		who := "customer under seal"
		if e.Shipper != nil {
			who = string(e.Shipper.Name)
		} else if !e.Sealed() {
			who = ""
		}
		return join(string(e.Docket.Docket), string(e.MCDocket.Docket), who, "status "+e.Status)
	case *model.Auction:
		opens := ""
		if !e.Opens.IsZero() {
			opens = "opens " + e.Opens.String()
		}
		return join(string(e.Status), opens, string(e.ID))
	case *model.State:
		return join(e.Code, render.Plural(len(e.Facilities), "facility", "facilities"))
	case *pages.Update:
		return join(e.Date.String(), e.Summary)
	case *pages.Release:
		return join(e.Summary(), strings.Join(e.Notes, "; "))
	}
	if p.Description == p.Title {
		return ""
	}
	return p.Description
}

// join joins the parts that are not empty with a middle dot.
func join(parts ...string) string {
	var keep []string
	for _, s := range parts {
		if s != "" {
			keep = append(keep, s)
		}
	}
	return strings.Join(keep, " · ")
}
