package site

import (
	"bytes"
	"math"
	"path"
	"strings"

	"github.com/postal-access/portal/internal/diag"
)

// editorialWarnings are findings that do not stop a build but that an
// editor should act on: an agreement about to expire that no update
// mentions (by id or docket).
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
		warns.Warn(d.Agreements.Pos(i, "expires"), "expires", "agreement %q expires on %s, in %d days, and no update mentions it: consider writing one (portal new update \"...\")", a.ID, a.Expires, a.DaysLeft)
	}
	return warns
}

// checkLinks runs CheckLinks over the build and reports each broken link
// at its source: the markdown file and line that wrote it, or the
// template of the page kind that did.
func checkLinks(files []File, plan []*Page, basePath string) diag.List {
	byFile := map[string]*Page{}
	for _, p := range plan {
		byFile[outPath(p.URL)] = p
	}
	var out diag.List
	for _, e := range CheckLinks(files, basePath) {
		p := byFile[e.File]
		switch {
		case p == nil:
			out = append(out, e)
		case p.Source != nil && p.Kind != "home" && bytes.Contains(p.Source.Body, []byte(linkTarget(e.Msg))):
			line := p.Source.BodyLine + bytes.Count(p.Source.Body[:bytes.Index(p.Source.Body, []byte(linkTarget(e.Msg)))], []byte{'\n'})
			out.Add(diag.Pos{File: p.Source.File, Line: line}, "", "%s", e.Msg)
		default:
			d := out.Add(diag.Pos{File: path.Join("templates", p.Kind+".html")}, "", "on page %s: %s", p.URL, e.Msg)
			d.Related = &diag.Pos{File: e.File}
		}
	}
	out.Sort()
	return out
}

// linkTarget extracts the quoted link from a CheckLinks message.
func linkTarget(msg string) string {
	_, rest, ok := strings.Cut(msg, "link \"")
	if !ok {
		return "\x00"
	}
	target, _, _ := strings.Cut(rest, "\"")
	if target == "" {
		return "\x00"
	}
	return target
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
		out = append(out, Finding{File: d.File, Line: d.Line, Column: d.Col, Field: d.Field, Severity: d.Severity.String(), Message: d.Msg, Related: d.Related, Text: d.Error()})
	}
	return out
}
