package content

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// MaxFrontMatter bounds the YAML between the "---" lines. Front matter is a
// handful of short fields; anything larger is a mistake (or an attack on the
// YAML parser).
const MaxFrontMatter = 64 << 10

// FrontMatter is the YAML header of a page. Every field is optional.
type FrontMatter struct {
	Title   string
	Date    dataset.Date
	Summary string
	Draft   bool
	Weight  int
	Slug    string
	// Aliases are old site paths of the page, each starting and ending with "/".
	Aliases []string
	// About names what an update is about, each as the section and id of
	// its page ("carriers/amazon"); the update is listed on those pages.
	// Whether each exists is checked against the data when the site is
	// planned, at AboutPos.
	About []string
	// Author is the byline: one name or several, in the order written.
	Author []string
	// Lastmod is the date of the last correction, never before Date; zero
	// when there was none.
	Lastmod dataset.Date

	// Where slug, each alias, the about key and each about entry were
	// written, so that Load and the site can point at them.
	slugPos     diag.Pos
	aliasPos    []diag.Pos
	aboutKeyPos diag.Pos
	aboutPos    []diag.Pos
	datePos     diag.Pos
	lastmodPos  diag.Pos
}

// Dated is the date the text was last known to be right, and where it is
// written: lastmod when given, else date; zero when neither is.
func (fm *FrontMatter) Dated() (dataset.Date, string, diag.Pos) {
	if !fm.Lastmod.IsZero() {
		return fm.Lastmod, "lastmod", fm.lastmodPos
	}
	return fm.Date, "date", fm.datePos
}

// frontMatterKeys lists the keys in the order messages show them.
var frontMatterKeys = []string{"title", "date", "summary", "draft", "weight", "slug", "aliases", "about", "author", "lastmod"}

const utf8BOM = "\ufeff"

// ParseFrontMatter splits src into its front matter and its body and checks
// the front matter. The front matter is YAML between a first line "---" and
// the next line "---"; a file without it has an empty FrontMatter and is all
// body. bodyLine is the line of src on which body starts. Every problem is
// reported at its line and column in src, as a file named file; a field
// with a problem is left unset and the others are kept.
//
// A UTF-8 byte order mark is dropped, and the body never starts with one.
func ParseFrontMatter(file string, src []byte) (fm FrontMatter, body []byte, bodyLine int, errs diag.List) {
	src = bytes.TrimPrefix(src, []byte(utf8BOM))
	first, rest := cutLine(src)
	if !isDelimiter(first) {
		return FrontMatter{}, src, 1, nil
	}
	text, body, closing, ok := splitFrontMatter(rest)
	if !ok {
		errs.Add(diag.Pos{File: file, Line: 1}, "", `front matter: no closing "---" line`)
		return FrontMatter{}, nil, 1, errs
	}
	if len(text) > MaxFrontMatter {
		errs.Add(diag.Pos{File: file, Line: 1}, "", "front matter is %d bytes, more than the %d allowed", len(text), MaxFrontMatter)
		return FrontMatter{}, body, closing + 1, errs
	}
	p := &fmParser{file: file, text: text, y: diag.NewYAMLText(file, text, 2), errs: &errs}
	p.parse(&fm)
	return fm, body, closing + 1, errs
}

// cutLine returns the first line of b, with its line ending, and the rest.
func cutLine(b []byte) (line, rest []byte) {
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		return b[:i+1], b[i+1:]
	}
	return b, nil
}

// isDelimiter reports whether line is "---", allowing trailing blanks and
// either line ending.
func isDelimiter(line []byte) bool {
	return string(bytes.TrimRight(line, " \t\r\n")) == "---"
}

// splitFrontMatter finds the closing "---" in rest, the text after the
// opening line. It returns the YAML before it, the body after it and the
// closing line's number in the file.
func splitFrontMatter(rest []byte) (text, body []byte, closing int, ok bool) {
	n := 2
	for off := 0; off < len(rest); n++ {
		line, _ := cutLine(rest[off:])
		if isDelimiter(line) {
			return rest[:off], rest[off+len(line):], n, true
		}
		off += len(line)
	}
	return nil, nil, 0, false
}

// fmParser checks one front matter. text is the YAML, which starts on file
// line 2; y maps the YAML parser's positions in it to the file's.
type fmParser struct {
	file string
	text []byte
	y    *diag.YAMLText
	errs *diag.List
}

func (p *fmParser) parse(fm *FrontMatter) {
	if off, ok := invalidUTF8(p.text); !ok {
		p.errs.Add(p.y.Offset(off), "", "front matter: invalid UTF-8: save the file as UTF-8")
		return
	}
	// The YAML parser refuses these too, but without saying where.
	if off := strings.IndexFunc(string(p.text), notYAMLChar); off >= 0 {
		r, _ := utf8.DecodeRune(p.text[off:])
		p.errs.Add(p.y.Offset(off), "", "front matter: character %U is not allowed in YAML", r)
		return
	}
	dec := yaml.NewDecoder(bytes.NewReader(p.text))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if !errors.Is(err, io.EOF) {
			p.syntaxError(err)
		}
		return // io.EOF: nothing but blank lines and comments
	}
	var more yaml.Node
	switch err := dec.Decode(&more); {
	case err == nil:
		at := &more
		if len(more.Content) > 0 {
			at = more.Content[0]
		}
		p.errs.Add(p.pos(at), "", `front matter: want one YAML document, found a second one`)
		return
	case !errors.Is(err, io.EOF):
		p.syntaxError(err)
		return
	}
	if n := findAnchor(&doc); n != nil {
		p.errs.Add(p.pos(n), "", "front matter: YAML anchors and aliases are not allowed")
		return
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if isNull(root) {
		return
	}
	if root.Kind != yaml.MappingNode {
		p.errs.Add(p.pos(root), "", "front matter: want key: value lines, got %s", kindName(root))
		return
	}
	seen := map[string]*yaml.Node{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.errs.Add(p.pos(k), "", "front matter: want a plain key such as title, got %s", kindName(k))
			continue
		}
		if first, dup := seen[k.Value]; dup {
			d := p.errs.Add(p.pos(k), "", "duplicate front matter key %q", k.Value).Names(k.Value)
			at := p.pos(first)
			d.Related = &at
			continue
		}
		seen[k.Value] = k
		p.field(fm, k, v)
	}
	if k := seen["lastmod"]; k != nil && !fm.Lastmod.IsZero() && fm.Lastmod.Before(fm.Date) {
		p.errs.Add(p.pos(valueOf(root, k)), "lastmod", "%s is before date %s: lastmod is the date of the last correction, on or after the date published", fm.Lastmod, fm.Date)
		fm.Lastmod = dataset.Date{}
	}
}

// valueOf returns the value of key k in mapping m.
func valueOf(m, k *yaml.Node) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i] == k {
			return m.Content[i+1]
		}
	}
	return k
}

// field sets the field that key k names from its value v.
func (p *fmParser) field(fm *FrontMatter, k, v *yaml.Node) {
	name := k.Value
	switch name {
	case "title":
		fm.Title, _ = p.str(name, v)
	case "summary":
		fm.Summary, _ = p.str(name, v)
	case "slug":
		s, ok := p.str(name, v)
		switch {
		case !ok || isNull(v):
		case dataset.IsWindowsDevice(s):
			p.errs.Add(p.pos(v), name, "%q is a device name on Windows (%s), where no file or folder can have it: choose another", s, dataset.WindowsDevices)
		case !dataset.IsSlug(s):
			p.errs.Add(p.pos(v), name, "%q is not a slug: use lowercase letters, digits and hyphens", s)
		default:
			fm.Slug, fm.slugPos = s, p.pos(v)
		}
	case "date":
		fm.Date, fm.datePos = p.date(name, v), p.pos(v)
	case "lastmod":
		fm.Lastmod, fm.lastmodPos = p.date(name, v), p.pos(v)
	case "author":
		fm.Author = p.names(name, v)
	case "about":
		p.about(fm, k, v)
	case "draft":
		var b bool
		if isNull(v) {
			return
		}
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!bool" || v.Decode(&b) != nil {
			p.errs.Add(p.pos(v), name, "want true or false")
			return
		}
		fm.Draft = b
	case "weight":
		var w int
		if isNull(v) {
			return
		}
		if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" || v.Decode(&w) != nil {
			p.errs.Add(p.pos(v), name, "want an integer")
			return
		}
		fm.Weight = w
	case "aliases":
		p.aliases(fm, v)
	default:
		p.unknownKey(k)
	}
}

// date reads a date field; null, or a bad date, is the zero date.
func (p *fmParser) date(field string, v *yaml.Node) dataset.Date {
	if v.Kind != yaml.ScalarNode {
		p.errs.Add(p.pos(v), field, "want a date as YYYY-MM-DD")
		return dataset.Date{}
	}
	if isNull(v) {
		return dataset.Date{}
	}
	// Read the text, not the YAML type: yaml may take 2026-01-20 for a
	// timestamp or a string depending on quoting.
	d, err := dataset.ParseDate(v.Value)
	if err != nil {
		p.errs.Add(p.pos(v), field, "%v", err)
	}
	return d
}

// str reads a text field. Any scalar will do, so that "title: 1984" is the
// title "1984" and not a type error; null leaves the field empty.
func (p *fmParser) str(field string, v *yaml.Node) (string, bool) {
	if v.Kind != yaml.ScalarNode {
		p.errs.Add(p.pos(v), field, "want a string, got %s", kindName(v))
		return "", false
	}
	if isNull(v) {
		return "", true
	}
	if err := dataset.CheckControl(v.Value); err != nil {
		p.errs.Add(p.pos(v), field, "%v", err)
		return "", false
	}
	return v.Value, true
}

// aliases reads a list of site paths, or a single one.
func (p *fmParser) aliases(fm *FrontMatter, v *yaml.Node) {
	for _, it := range p.items("aliases", v, `want a list of site paths such as "/old/page/"`) {
		if it.Kind != yaml.ScalarNode || isNull(it) {
			p.errs.Add(p.pos(it), "aliases", `want a site path such as "/old/page/", got %s`, kindName(it))
			continue
		}
		a, err := cleanAlias(it.Value)
		if err != nil {
			p.errs.Add(p.pos(it), "aliases", "%v", err)
			continue
		}
		fm.Aliases = append(fm.Aliases, a)
		fm.aliasPos = append(fm.aliasPos, p.pos(it))
	}
}

// cleanAlias checks that s is a site path and makes it end with "/". Every
// segment becomes a folder of the output, so it must be a folder name on
// every system the site may be built or copied on.
func cleanAlias(s string) (string, error) {
	if !strings.HasPrefix(s, "/") {
		return "", fmt.Errorf("%q is not a site path: want one starting with \"/\"", s)
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("._~/-", c) >= 0) {
			r, _ := utf8.DecodeRuneInString(s[i:])
			return "", fmt.Errorf("%q is not a site path: %q is not allowed; use letters, digits and . _ ~ / -", s, r)
		}
	}
	if strings.Contains(s, "//") {
		return "", fmt.Errorf("%q is not a site path: it has an empty segment (\"//\")", s)
	}
	for seg := range strings.SplitSeq(s, "/") {
		switch {
		case seg == "." || seg == "..":
			return "", fmt.Errorf("%q is not a site path: it has a %q segment", s, seg)
		case strings.HasPrefix(seg, "."):
			// Web servers hide such names, and the output folder's own
			// files (.portal-output, .portal-manifest) are named so.
			return "", fmt.Errorf("%q is not a site path: %q starts with a dot, which makes it a hidden file", s, seg)
		case strings.HasSuffix(seg, "."):
			return "", fmt.Errorf("%q is not a site path: %q ends with a dot, which Windows drops (it would be %q there)", s, seg, strings.TrimRight(seg, "."))
		case dataset.IsWindowsDevice(seg):
			return "", fmt.Errorf("%q is not a site path: %q is a device name on Windows (%s), where no file or folder can have it", s, seg, dataset.WindowsDevices)
		}
	}
	if !strings.HasSuffix(s, "/") {
		s += "/"
	}
	return s, nil
}

// unknownKey reports k, suggesting the allowed key it is closest to.
func (p *fmParser) unknownKey(k *yaml.Node) {
	if best := nearest(k.Value, frontMatterKeys); best != "" {
		p.errs.Add(p.pos(k), "", "unknown front matter key %q (did you mean %q?)", k.Value, best).Names(k.Value)
		return
	}
	p.errs.Add(p.pos(k), "", "unknown front matter key %q: want one of %s", k.Value, strings.Join(frontMatterKeys, ", ")).Names(k.Value)
}

// nearest returns the word of choices fewer than three edits from s,
// the first of the nearest ones, or "": for "did you mean" suggestions.
func nearest(s string, choices []string) string {
	best, bestDist := "", 3
	for _, c := range choices {
		if d := dataset.EditDistance(s, c, bestDist); d < bestDist {
			best, bestDist = c, d
		}
	}
	return best
}

// findAnchor returns the first node that defines an anchor or is an alias.
// Refusing both keeps "billion laughs" documents out, and front matter has
// no use for them.
func findAnchor(n *yaml.Node) *yaml.Node {
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := findAnchor(c); a != nil {
			return a
		}
	}
	return nil
}

// notYAMLChar reports whether YAML forbids r: control characters other
// than tab, line breaks and NEL, and the non-characters U+FFFE and U+FFFF.
func notYAMLChar(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r' || r == 0x85:
		return false
	case r < 0x20, r >= 0x7f && r <= 0x9f, r == 0xfffe, r == 0xffff:
		return true
	}
	return false
}

func isNull(n *yaml.Node) bool { return n.Kind == yaml.ScalarNode && n.ShortTag() == "!!null" }

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if isNull(n) {
		return "nothing"
	}
	return fmt.Sprintf("%q", n.Value)
}

// syntaxError reports an error of the YAML parser at the line it names,
// the first line when it names none.
func (p *fmParser) syntaxError(err error) {
	e := diag.ParseYAMLError(err)
	pos, msg := p.y.At(e.Line, 0), e.Problem
	if strings.HasPrefix(msg, "unknown anchor") {
		msg = "YAML anchors and aliases are not allowed"
		pos = diag.Pos{File: p.file, Line: 1}
	}
	p.errs.Add(pos, "", "front matter: %s", msg)
}

func (p *fmParser) pos(n *yaml.Node) diag.Pos { return p.y.Node(n) }
