package site

import (
	"bytes"
	"html/template"
	"io/fs"
	"math"
	"path"
	"strings"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/diag"
)

// editorialWarnings are findings that do not stop a build but that an
// editor should act on: an agreement about to expire that no update
// mentions (by id or docket) or is about (about: agreements/<id>).
func editorialWarnings(site *Site) diag.List {
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
		for w := range bytes.FieldsFuncSeq(u.Body, func(r rune) bool {
			return !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
		}) {
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

// checkLinks runs the link check over a whole build and reports each
// broken link at its source (see linkDiag).
func checkLinks(files []File, plan []*Page, basePath string) diag.List {
	byFile := map[string]*Page{}
	for _, p := range plan {
		byFile[outPath(p.URL)] = p
	}
	var out diag.List
	for _, b := range brokenLinks(files, basePath) {
		out = append(out, linkDiag(nil, b, byFile[b.from], basePath))
	}
	out.Sort()
	return dedupe(out)
}

// linkErrors is the link check every build runs. It checks every link
// of the pages it rendered (linksOf, scanned as they were rendered), and
// the links written in the markdown of the pages it did not render again
// (their templates' links are covered by their page keys), against every
// file of the build (claimed). A fragment is checked on the pages this
// build rendered; portal check reads every page and checks them all.
func linkErrors(fsys fs.FS, plan []*Page, md map[string]template.HTML, linksOf map[string]pageLinks, claimed map[string]bool, basePath string) diag.List {
	c := &linkChecker{exists: func(f string) bool { return claimed[f] }, ids: map[string]map[string]bool{}, basePath: basePath}
	for f, pl := range linksOf {
		c.ids[f] = pl.ids
	}
	var out diag.List
	for _, p := range plan {
		name := outPath(p.URL)
		refs := linksOf[name].refs
		if _, rendered := linksOf[name]; !rendered {
			if p.Source == nil {
				continue
			}
			refs = scanLinks([]byte(md[p.Source.File])).refs
		}
		for _, ref := range refs {
			if bad, ok := c.check(name, ref); ok {
				out = append(out, linkDiag(fsys, bad, p, basePath))
			}
		}
	}
	out.Sort()
	return dedupe(out)
}

// linkDiag reports a broken link at the place that wrote it: the line
// and column of the markdown file where the link is written, or else
// the template of the page's kind, naming the page.
//
// A build to disk lets go of the markdown once rendered; the text of a
// page with a broken link is then read again from fsys.
func linkDiag(fsys fs.FS, b brokenLink, p *Page, basePath string) *diag.Diagnostic {
	if p != nil && p.Source != nil && p.Kind != "home" {
		body := p.Source.Body
		if body == nil && fsys != nil {
			body = bodyOf(fsys, p.Source)
		}
		for _, written := range []string{b.href, strings.TrimSuffix(basePath, "/") + b.target, b.target} {
			if i := bytes.Index(body, []byte(written)); written != "" && i >= 0 {
				line := p.Source.BodyLine + bytes.Count(body[:i], []byte{'\n'})
				col := i - bytes.LastIndexByte(body[:i], '\n')
				return &diag.Diagnostic{Pos: diag.Pos{File: p.Source.File, Line: line, Col: col}, Msg: b.msg}
			}
		}
	}
	if p == nil {
		return &diag.Diagnostic{Pos: diag.Pos{File: b.from}, Msg: b.msg}
	}
	return &diag.Diagnostic{Pos: diag.Pos{File: path.Join("templates", p.Kind+".html")}, Msg: "on page " + p.URL + ": " + b.msg, Related: &diag.Pos{File: b.from}}
}

// bodyOf reads the markdown text of cp again from fsys: the file from
// the line its body starts on.
func bodyOf(fsys fs.FS, cp *content.Page) []byte {
	src, err := fs.ReadFile(fsys, cp.File)
	if err != nil {
		return nil
	}
	for range cp.BodyLine - 1 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			return nil
		}
		src = src[i+1:]
	}
	return src
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
