package content

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// tableCells marks up markdown tables for the site's stylesheet: a column
// aligned with `---:` gets class "num" (or "align-center"), and header
// cells get scope="col". goldmark would otherwise write the alignment as a
// style attribute, which the pages' Content Security Policy blocks and
// which HTML validators reject.
type tableCells struct{}

func (tableCells) Transform(doc *ast.Document, _ text.Reader, _ parser.Context) {
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		cell, ok := n.(*east.TableCell)
		if !ok {
			// A node whose children are inline (a paragraph, a heading)
			// holds no cell: every body is walked, and most of its nodes
			// are those children.
			if c := n.FirstChild(); c != nil && c.Type() == ast.TypeInline {
				return ast.WalkSkipChildren, nil
			}
			return ast.WalkContinue, nil
		}
		switch cell.Alignment {
		case east.AlignRight:
			cell.SetAttributeString("class", []byte("num"))
		case east.AlignCenter:
			cell.SetAttributeString("class", []byte("align-center"))
		}
		if cell.Parent() != nil && cell.Parent().Kind() == east.KindTableHeader {
			cell.SetAttributeString("scope", []byte("col"))
		}
		return ast.WalkSkipChildren, nil
	})
}
