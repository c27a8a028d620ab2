package render

import (
	"bytes"
	"path"
	"regexp"

	"github.com/tdewolff/minify/v2"
	"github.com/tdewolff/minify/v2/css"
	"github.com/tdewolff/minify/v2/html"
	"github.com/tdewolff/minify/v2/js"
	"github.com/tdewolff/minify/v2/json"
	"github.com/tdewolff/minify/v2/svg"
	"github.com/tdewolff/minify/v2/xml"
)

// Minifier minifies output files by their extension. It is configured once
// by NewMinifier and only read afterwards, so builds may share it.
type Minifier struct {
	m *minify.M
	// tmpl minifies html/template sources, leaving actions as they are.
	tmpl *html.Minifier
}

// NewMinifier configures minifiers for HTML, CSS, JS, SVG, JSON and XML.
func NewMinifier() *Minifier {
	m := minify.New()
	page := html.Minifier{KeepDocumentTags: true, KeepEndTags: true, KeepQuotes: true, KeepDefaultAttrVals: true}
	tmpl := page
	tmpl.TemplateDelims = html.GoTemplateDelims
	m.Add("text/html", &page)
	m.AddFunc("text/css", css.Minify)
	m.AddFunc("image/svg+xml", svg.Minify)
	m.AddFunc("application/javascript", js.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]json$`), json.Minify)
	m.AddFuncRegexp(regexp.MustCompile(`[/+]xml$`), xml.Minify)
	return &Minifier{m: m, tmpl: &tmpl}
}

var mediaTypes = map[string]string{
	".html": "text/html",
	".css":  "text/css",
	".js":   "application/javascript",
	".svg":  "image/svg+xml",
	".json": "application/json",
	".xml":  "application/xml",
}

// Minify returns src minified according to the extension of name, or src
// unchanged for other files. A nil Minifier leaves everything unchanged.
func (mn *Minifier) Minify(name string, src []byte) ([]byte, error) {
	if mn == nil || mediaTypes[path.Ext(name)] == "" {
		return src, nil
	}
	// Full to its capacity, src is copied once, not written past its end
	// (see AppendMinify).
	return mn.AppendMinify(nil, name, src[:len(src):len(src)])
}

// AppendMinify appends src minified according to the extension of name
// to dst, or src unchanged for other files or a nil Minifier. The
// minifier reads src in place when it has room for one byte more, which
// it writes; otherwise it reads a copy. A caller minifying many files
// into and out of memory it reuses allocates nothing.
func (mn *Minifier) AppendMinify(dst []byte, name string, src []byte) ([]byte, error) {
	mt, ok := mediaTypes[path.Ext(name)]
	if mn == nil || !ok {
		return append(dst, src...), nil
	}
	out := bytes.NewBuffer(dst)
	out.Grow(len(src))
	// The minifier reads a reader with a Bytes method in place, where it
	// would read another into a buffer grown from 512 bytes.
	if err := mn.m.Minify(mt, out, bytes.NewBuffer(src)); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// templateComment is a template comment, "{{/* ... */}}" or with trim
// markers "{{- /* ... */ -}}".
var templateComment = regexp.MustCompile(`(?s)(\{\{-?\s*)/\*.*?\*/(\s*-?\}\})`)

// Template minifies the source of an html/template file, so that the
// pages it renders come out minified without minifying each page: the
// markup between actions is minified, the actions are kept as written.
func (mn *Minifier) Template(src []byte) ([]byte, error) {
	var out bytes.Buffer
	out.Grow(len(src))
	// A comment's words are not template syntax, but the minifier reads
	// a quote or an apostrophe in one as an open string and leaves the rest of the
	// file unminified; the comments are emptied first, keeping their
	// trim markers, which is all of them the output depends on.
	src = templateComment.ReplaceAll(src, []byte("$1/**/$2"))
	if err := mn.tmpl.Minify(mn.m, &out, bytes.NewReader(src), nil); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}
