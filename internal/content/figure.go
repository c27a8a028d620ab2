package content

import (
	"bytes"
	"fmt"
	"html/template"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// FigurePrefix opens an inline figure, a number from the data inside a
// sentence, in the style of the generic directives proposed for CommonMark:
//
//	USPS has awarded :figure[capacity]{auction=usps-last-mile-2026}.
//
// The name in brackets is a figure of the data blocks; the braces, which
// may be left out, hold the same scopes as key=value words. Nothing else
// in markdown starts this way; write \:figure[ for the text itself.
const FigurePrefix = ":figure["

// KindInlineFigure is the AST node kind of an inline figure.
var KindInlineFigure = ast.NewNodeKind("PortalInlineFigure")

// InlineFigure is the AST node of an inline figure.
type InlineFigure struct {
	ast.BaseInline
	// Block holds the figure's name as the field "figure", then its
	// key=value words, each with its position.
	Block *Block
	// HTML is what the figure renders to, filled in before rendering.
	HTML template.HTML
}

// Kind implements ast.Node.
func (n *InlineFigure) Kind() ast.NodeKind { return KindInlineFigure }

// Dump implements ast.Node.
func (n *InlineFigure) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// figureParser reads inline figures. A figure must stand on one line; a
// malformed one is left as text and reported.
type figureParser struct{}

// Trigger implements parser.InlineParser.
func (figureParser) Trigger() []byte { return []byte{':'} }

// Parse implements parser.InlineParser.
func (figureParser) Parse(_ ast.Node, block text.Reader, pc parser.Context) ast.Node {
	line, seg := block.PeekLine()
	if !bytes.HasPrefix(line, []byte(FigurePrefix)) {
		return nil
	}
	src := block.Source()
	b, n, err := parseFigure(src, seg.Start, line)
	if err != nil {
		addProblem(pc, problem{err: err, line: err.Line, col: err.Col, inline: true})
		return nil
	}
	block.Advance(n)
	pc.Set(blocksMade, true)
	return &InlineFigure{Block: b}
}

// parseFigure reads the figure that starts line, at offset off of src. It
// returns the figure and its length in bytes, or the problem, positioned.
func parseFigure(src []byte, off int, line []byte) (*Block, int, *BlockError) {
	at := func(i int) (int, int) { return posAt(src, off+i) }
	l, c := at(0)
	b := &Block{Line: l, Col: c}
	syntax := &BlockError{Msg: fmt.Sprintf("want %sNAME] or %sNAME]{key=value ...}, on one line", FigurePrefix, FigurePrefix), Line: l, Col: c}
	i := len(FigurePrefix)
	end := bytes.IndexAny(line[i:], "]\n")
	if end < 0 || line[i+end] != ']' {
		return nil, 0, syntax
	}
	name := bytes.TrimSpace(line[i : i+end])
	nl, nc := at(i + bytes.Index(line[i:], name))
	if len(name) == 0 || bytes.ContainsAny(name, " \t[{") {
		return nil, 0, &BlockError{Key: "figure", Msg: fmt.Sprintf("%q: want the name of one figure", name), Line: nl, Col: nc}
	}
	b.Fields = append(b.Fields, BlockField{Key: "figure", Value: string(name), Line: nl, Col: nc, ValueCol: nc})
	i += end + 1
	if i >= len(line) || line[i] != '{' {
		return b, i, nil
	}
	end = bytes.IndexAny(line[i:], "}\n")
	if end < 0 || line[i+end] != '}' {
		return nil, 0, syntax
	}
	for j := i + 1; j < i+end; {
		if line[j] == ' ' || line[j] == '\t' {
			j++
			continue
		}
		w := j
		for j < i+end && line[j] != ' ' && line[j] != '\t' {
			j++
		}
		word := string(line[w:j])
		wl, wc := at(w)
		k, v, ok := bytes.Cut(line[w:j], []byte("="))
		switch {
		case !ok || len(k) == 0:
			return nil, 0, &BlockError{Msg: fmt.Sprintf("%q: want key=value after the name", word), Line: wl, Col: wc}
		case func() bool { _, dup := b.Get(string(k)); return dup }():
			return nil, 0, &BlockError{Key: string(k), Msg: "given twice", Line: wl, Col: wc}
		}
		b.Fields = append(b.Fields, BlockField{Key: string(k), Value: string(v), Line: wl, Col: wc, ValueCol: wc + len(k) + 1})
	}
	return b, i + end + 1, nil
}
