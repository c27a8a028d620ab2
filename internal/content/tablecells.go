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
		cell, ok := n.(*east.TableCell)
		if !entering || !ok {
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
		return ast.WalkContinue, nil
	})
}
