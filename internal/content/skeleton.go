package content

import (
	"bytes"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// SkeletonDir holds a source's own skeletons for portal new: update.md
// for updates, page.md for pages. They are not templates of the site:
// the renderer reads only templates/*.html and templates/partials/*.html,
// and nothing under templates/ is published.
const SkeletonDir = "templates/new"

// SkeletonValues fill a skeleton's placeholders.
type SkeletonValues struct {
	Title string       // {{title}}, written quoted for YAML: "USPS opens the bid"
	Date  dataset.Date // {{date}}, YYYY-MM-DD
	Slug  string       // {{slug}}, the file's name without .md
}

// placeholders lists the names a skeleton may use, in the order messages
// show them.
var placeholders = []string{"title", "date", "slug"}

func (v SkeletonValues) value(name string) string {
	switch name {
	case "title":
		return strconv.Quote(v.Title)
	case "date":
		return v.Date.String()
	}
	return v.Slug
}

// BuiltinSkeleton is the skeleton of kind ("update" or "page") that
// portal new uses when the source has none in SkeletonDir.
func BuiltinSkeleton(kind string) string {
	fm := "---\ntitle: {{title}}\n"
	if kind == "update" {
		fm += "date: {{date}}\nsummary: \"\"\n"
	}
	return fm + "draft: true\n---\n\nWrite here. Embed data with a fenced block, for example:\n\n```portal\nfigure: hhi\n```\n"
}

// FillSkeleton replaces every {{name}} of skeleton src (a file named file
// in messages) with its value and checks the front matter it makes, so
// that portal new never writes a page that does not build. An unknown
// placeholder is reported at its line and column in src.
func FillSkeleton(file string, src []byte, v SkeletonValues) ([]byte, diag.List) {
	var out bytes.Buffer
	var errs diag.List
	line, lineStart := 1, 0
	for i := 0; i < len(src); {
		if src[i] == '\n' {
			line, lineStart = line+1, i+1
		}
		open, ok := bytes.CutPrefix(src[i:], []byte("{{"))
		end := bytes.Index(open, []byte("}}"))
		if !ok || end < 0 || bytes.IndexByte(open[:end], '\n') >= 0 {
			out.WriteByte(src[i])
			i++
			continue
		}
		name := strings.TrimSpace(string(open[:end]))
		pos := diag.Pos{File: file, Line: line, Col: i - lineStart + 1}
		switch {
		case slices.Contains(placeholders, name):
			out.WriteString(v.value(name))
		default:
			errs.Add(pos, "", "%s", unknownPlaceholder(name))
		}
		i += 2 + end + 2
	}
	if len(errs) > 0 {
		return nil, errs
	}
	_, _, _, ferrs := ParseFrontMatter(file, out.Bytes())
	return out.Bytes(), ferrs
}

// unknownPlaceholder says that {{name}} is not a placeholder, suggesting
// the one it is closest to.
func unknownPlaceholder(name string) string {
	if best := nearest(name, placeholders); best != "" {
		return fmt.Sprintf("unknown placeholder {{%s}} (did you mean {{%s}}?)", name, best)
	}
	all := make([]string, len(placeholders))
	for i, p := range placeholders {
		all[i] = "{{" + p + "}}"
	}
	return fmt.Sprintf("unknown placeholder {{%s}}: want one of %s", name, strings.Join(all, ", "))
}
