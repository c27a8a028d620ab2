package content

import (
	"html/template"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
)

// Options configure the markdown renderer.
type Options struct {
	// UnsafeHTML keeps raw HTML written in the markdown; by default it is
	// dropped. Links written as markdown are checked either way.
	UnsafeHTML bool
}

// NewMarkdown returns the markdown converter for pages: CommonMark with the
// GitHub extensions (tables, strikethrough, autolinks, task lists) and an id
// on every heading. Heading ids depend only on the page's own headings, so a
// page renders the same way every time.
//
// Links and images whose URL could run script (javascript:, vbscript:,
// file: and data: other than raster images) get an empty URL, even when
// UnsafeHTML is set: goldmark drops them only in its safe mode.
func NewMarkdown(opt Options) goldmark.Markdown {
	var ropts []renderer.Option
	if opt.UnsafeHTML {
		ropts = append(ropts, html.WithUnsafe())
	}
	return goldmark.New(
		goldmark.WithExtensions(
			// GFM, with table alignment left to tableCells.
			extension.Linkify, extension.Strikethrough, extension.TaskList,
			extension.NewTable(extension.WithTableCellAlignMethod(extension.TableCellAlignNone)),
			DataBlocks{},
		),
		goldmark.WithParserOptions(
			parser.WithAutoHeadingID(),
			parser.WithASTTransformers(util.Prioritized(safeLinks{}, 1000), util.Prioritized(tableCells{}, 10)),
		),
		goldmark.WithRendererOptions(ropts...),
	)
}

// Render converts the page's body to HTML. A page rendered this way may
// not hold data blocks; use RenderBlocks to resolve them.
func (p *Page) Render(md goldmark.Markdown) (template.HTML, error) {
	html, errs := p.RenderBlocks(md, nil)
	if len(errs) > 0 {
		return "", errs
	}
	return html, nil
}

// safeLinks empties dangerous link and image URLs, so that what reaches the
// output does not depend on the renderer's safe mode.
type safeLinks struct{}

func (safeLinks) Transform(doc *ast.Document, reader text.Reader, _ parser.Context) {
	src := reader.Source()
	var autos []*ast.AutoLink
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n := n.(type) {
		case *ast.Link:
			if html.IsDangerousURL(util.URLEscape(n.Destination, true)) {
				n.Destination = nil
			}
		case *ast.Image:
			if html.IsDangerousURL(util.URLEscape(n.Destination, true)) {
				n.Destination = nil
			}
		case *ast.AutoLink:
			if html.IsDangerousURL(util.URLEscape(n.URL(src), false)) {
				autos = append(autos, n)
			}
		}
		return ast.WalkContinue, nil
	})
	// An autolink's URL is its text, so replace the whole node with a link
	// that keeps the text and has no URL, as goldmark's safe mode renders it.
	for _, a := range autos {
		l := ast.NewLink()
		l.AppendChild(l, ast.NewString(a.Label(src)))
		a.Parent().ReplaceChild(a.Parent(), a, l)
	}
}
