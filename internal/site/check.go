package site

import (
	"fmt"
	"html/template"
	"io/fs"
	"iter"
	"math"
	"strings"
	"sync/atomic"

	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/linkcheck"
	"github.com/postal-access/portal/internal/pages"
)

// editorialWarnings are findings that do not stop a build but that an
// editor should act on: an agreement about to expire that no update
// mentions (by id or docket) or is about (about: agreements/<id>).
func editorialWarnings(site *pages.Site) diag.List {
	var warns diag.List
	if len(site.Portal.ExpiringSoon) == 0 {
		return warns
	}
	// The ids and dockets of the expiring agreements, looked up among the
	// words of every update: ids and dockets are words made of letters,
	// digits and hyphens. Only the few wanted words are kept, so that a
	// rebuild in portal serve does not copy every word of every update.
	mentioned := map[string]bool{}
	shortest, longest := math.MaxInt, 0
	want := func(w string) {
		mentioned[w] = false
		shortest, longest = min(shortest, len(w)), max(longest, len(w))
	}
	for _, a := range site.Portal.ExpiringSoon {
		want(string(a.ID))
		if a.Docket.Docket != "" {
			want(string(a.Docket.Docket))
		}
	}
	for _, u := range site.Updates {
		for _, e := range u.About { // an update about an agreement mentions it
			if id, ok := strings.CutPrefix(e, "agreements/"); ok {
				if _, ok := mentioned[id]; ok {
					mentioned[id] = true
				}
			}
		}
		for w := range idWords(u.Body) {
			// Most words of prose are shorter than any id: no lookup.
			if len(w) < shortest || len(w) > longest {
				continue
			}
			if _, ok := mentioned[string(w)]; ok {
				mentioned[string(w)] = true
			}
		}
	}
	d := site.Portal.Data
	for i, a := range site.Portal.Agreements {
		if !a.ExpiringSoon || mentioned[string(a.ID)] || (a.Docket.Docket != "" && mentioned[string(a.Docket.Docket)]) {
			continue
		}
		warns.Warn(d.Agreements.Pos(i, "expires"), "", "agreement %q expires on %s, in %d days, and no update mentions it: consider writing one (portal new update \"...\")", a.ID, a.Expires, a.DaysLeft).Names("expires")
	}
	return warns
}

// idWords yields the words of text that could be an id or a docket: runs
// of ASCII letters, digits and hyphens. Every other byte parts them,
// those of a multi-byte character included (each is 0x80 or over), so the
// words are bytes.FieldsFuncSeq's over the same runes, found without
// decoding a rune: every byte of every update is read here.
func idWords(text []byte) iter.Seq[[]byte] {
	return func(yield func([]byte) bool) {
		for i := 0; i < len(text); {
			for i < len(text) && !idByte[text[i]] {
				i++
			}
			start := i
			for i < len(text) && idByte[text[i]] {
				i++
			}
			if i > start && !yield(text[start:i:i]) {
				return
			}
		}
	}
}

// idByte are the bytes of an id's or a docket's words.
var idByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = c == '-' || '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
	}
	return t
}()

// checkLinks runs the link check over a whole build (portal check) and
// reports each broken link where it was written.
func checkLinks(files []File, plan []*pages.Page, basePath string) diag.List {
	outputs := func(yield func(string, []byte) bool) {
		for _, f := range files {
			if !yield(f.Path, f.Data) {
				return
			}
		}
	}
	return linkcheck.List(linkcheck.Files(outputs, linkPages(plan), basePath))
}

// linkErrors is the link check every build runs (see linkcheck.Pages):
// the links of the pages it rendered (linksOf) and those in the markdown
// (md) of the pages it did not, against every file of the build
// (exists). md is nil when a cold build let the bodies go (see render):
// it rendered every page, so that each is in linksOf; one that is not
// is the build's bug, and an error, not a page without links.
func linkErrors(fsys fs.FS, plan []*pages.Page, md map[string]template.HTML, linksOf *linkcheck.Table, exists func(string) bool, basePath string) (diag.List, error) {
	c := &linkcheck.Checker{Exists: exists, IDs: linksOf.IDs(), BasePath: basePath}
	var missing atomic.Pointer[string]
	markdown := func(file string) []byte {
		if md == nil {
			missing.CompareAndSwap(nil, &file)
		}
		return []byte(md[file])
	}
	broken := linkcheck.List(linkcheck.Pages(c, linkPages(plan), markdown, linksOf, fsys))
	if file := missing.Load(); file != nil {
		return nil, fmt.Errorf("checking links: the markdown of %s was let go, but its page is not among those rendered", *file)
	}
	return broken, nil
}

// linkPages is the plan as the link check sees it.
func linkPages(plan []*pages.Page) []linkcheck.Page {
	out := make([]linkcheck.Page, len(plan))
	for i, p := range plan {
		out[i] = linkcheck.Page{File: pages.OutPath(p.URL), URL: p.URL, Kind: p.Kind, Source: p.Source}
	}
	return out
}

// Finding is one diagnostic as printed by portal check --format json.
type Finding struct {
	File     string    `json:"file"`
	Line     int       `json:"line,omitempty"`
	Column   int       `json:"column,omitempty"`
	Field    string    `json:"field,omitempty"`
	Severity string    `json:"severity"`
	Message  string    `json:"message"`
	Related  *diag.Pos `json:"related,omitempty"`
	Text     string    `json:"text"`
}

// Findings turns a list into JSON-ready findings.
func Findings(l diag.List) []Finding {
	out := make([]Finding, 0, len(l))
	for _, d := range l {
		out = append(out, Finding{File: d.File, Line: d.Line, Column: d.Col, Field: d.Field, Severity: d.Severity.String(), Message: d.Message(), Related: d.Related, Text: d.Error()})
	}
	return out
}
