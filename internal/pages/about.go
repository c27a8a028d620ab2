package pages

import (
	"fmt"
	"slices"
	"strings"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// aboutPages finds the entity page each about: entry of an update names
// ("carriers/amazon" is the page /carriers/amazon/), reporting an entry
// that names none at the place it was written, with the nearest entity
// as a suggestion.
func aboutPages(cp *content.Page, byURL map[string]*Page, errs *diag.List) []Crumb {
	var out []Crumb
	for i, e := range cp.About {
		if pg := entityPage(byURL, "/"+e+"/"); pg != nil {
			out = append(out, Crumb{pg.Title, pg.URL})
			continue
		}
		errs.Add(cp.AboutPos(i), "about", "%s", unknownEntity(e, byURL))
	}
	return out
}

// entityPage returns the page about one carrier, facility, agreement,
// auction or state at url, or nil.
func entityPage(byURL map[string]*Page, url string) *Page {
	if pg := byURL[url]; pg != nil && pg.Entity != nil && pg.Kind != "update" && KindOf(pg.Kind).Key == Subject {
		return pg
	}
	return nil
}

// unknownEntity says why entity e ("section/id") has no page, and which
// entity it may have meant.
func unknownEntity(e string, byURL map[string]*Page) string {
	section, id, _ := strings.Cut(e, "/")
	var msg string
	var names []string
	for _, k := range entityKinds() {
		names = append(names, k.Section())
		if k.Section() == section {
			msg = fmt.Sprintf("no %s %q in data/%s.csv", k.Noun, id, k.Data)
		}
	}
	slices.Sort(names)
	if msg == "" {
		msg = fmt.Sprintf("no section %q: want one of %s", section, strings.Join(names, ", "))
	}
	// Two-letter ids (states) are all near each other: suggest only near
	// misses, in proportion to the id's length.
	limit := min(3, 1+len(id)/2)
	best, bestDist := "", limit
	for url := range byURL {
		if entityPage(byURL, url) == nil {
			continue
		}
		cand := strings.Trim(url, "/")
		if d := dataset.EditDistance(e, cand, limit); d < bestDist || d < limit && d == bestDist && cand < best {
			best, bestDist = cand, d
		}
	}
	if best != "" {
		msg, _, _ = strings.Cut(msg, ": want one of")
		msg += fmt.Sprintf(" (did you mean %q?)", best)
	}
	return msg
}

// relatedUpdates lists, for each entity page, the updates about it,
// newest first as updates are, and hands each page its list.
func relatedUpdates(updates []*Update, byURL map[string]*Page) map[string][]*Update {
	related := map[string][]*Update{}
	for _, u := range updates {
		for _, a := range u.Subjects {
			related[a.URL] = append(related[a.URL], u)
		}
	}
	for url, us := range related {
		byURL[url].Related = us
	}
	return related
}
