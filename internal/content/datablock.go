package content

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/renderer"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"

	"github.com/postal-access/portal/internal/diag"
)

// BlockInfo is the info string of a fenced code block that embeds data:
//
//	```portal
//	table: auction_results
//	where: auction_id = usps-last-mile-2026
//	```
const BlockInfo = "portal"

// Block is one data block: its key: value lines, in order. Lines are
// counted from the first line of the page's body (line Page.BodyLine of
// its file); RenderBlocks reports problems at their line in the file.
type Block struct {
	// Line is the line of the opening fence.
	Line   int
	Fields []BlockField
}

// BlockField is one "key: value" line of a block.
type BlockField struct {
	Key, Value string
	Line       int // counted like Block.Line
}

// Get returns the field with the key.
func (b *Block) Get(key string) (BlockField, bool) {
	for _, f := range b.Fields {
		if f.Key == key {
			return f, true
		}
	}
	return BlockField{}, false
}

// BlockError says what is wrong with a block's field; Key names the field
// so the message can point at its line.
type BlockError struct {
	Key string
	Msg string
	// Line, when set, is the line of the problem, counted like
	// Block.Line; by default it is the line of the field named Key.
	Line int
}

func (e *BlockError) Error() string {
	if e.Key == "" {
		return e.Msg
	}
	return e.Key + ": " + e.Msg
}

// BlockResolver renders a block from the data, or says what is wrong.
type BlockResolver interface {
	ResolveBlock(b *Block) (template.HTML, error)
}

// KindDataBlock is the AST node kind of a data block.
var KindDataBlock = ast.NewNodeKind("PortalDataBlock")

// DataBlock is the AST node that replaces a ```portal fence.
type DataBlock struct {
	ast.BaseBlock
	Block *Block
	// HTML is what the block renders to, filled in before rendering.
	HTML template.HTML
}

// Kind implements ast.Node.
func (n *DataBlock) Kind() ast.NodeKind { return KindDataBlock }

// Dump implements ast.Node.
func (n *DataBlock) Dump(source []byte, level int) { ast.DumpHelper(n, source, level, nil, nil) }

// DataBlocks is the goldmark extension for data blocks: a transformer that
// replaces ```portal fences with DataBlock nodes, and a renderer that
// writes the HTML resolved for them.
type DataBlocks struct{}

// Extend implements goldmark.Extender.
func (DataBlocks) Extend(m goldmark.Markdown) {
	m.Parser().AddOptions(parser.WithASTTransformers(util.Prioritized(blockTransformer{}, 500)))
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(blockRenderer{}, 500)))
}

// blockErrs is where the transformer leaves the problems it finds: goldmark
// transformers cannot return errors.
var blockErrs = parser.NewContextKey()

type blockTransformer struct{}

func (blockTransformer) Transform(doc *ast.Document, reader text.Reader, pc parser.Context) {
	src := reader.Source()
	var fences []*ast.FencedCodeBlock
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if f, ok := n.(*ast.FencedCodeBlock); ok && entering && f.Info != nil {
			if strings.TrimSpace(string(f.Info.Value(src))) == BlockInfo {
				fences = append(fences, f)
			}
		}
		return ast.WalkContinue, nil
	})
	var errs []*BlockError
	var lines []int
	for _, f := range fences {
		b := &Block{Line: lineAt(src, f.Info.Segment.Start)}
		for i := 0; i < f.Lines().Len(); i++ {
			seg := f.Lines().At(i)
			raw := strings.TrimSpace(string(seg.Value(src)))
			line := lineAt(src, seg.Start)
			if raw == "" || strings.HasPrefix(raw, "#") {
				continue
			}
			k, v, ok := strings.Cut(raw, ":")
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			switch {
			case !ok || k == "":
				errs = append(errs, &BlockError{Msg: fmt.Sprintf("%q is not a key: value line", raw)})
				lines = append(lines, line)
				continue
			case func() bool { _, dup := b.Get(k); return dup }():
				errs = append(errs, &BlockError{Key: k, Msg: "given twice"})
				lines = append(lines, line)
				continue
			}
			b.Fields = append(b.Fields, BlockField{Key: k, Value: v, Line: line})
		}
		n := &DataBlock{Block: b}
		f.Parent().ReplaceChild(f.Parent(), f, n)
	}
	if len(errs) > 0 {
		pc.Set(blockErrs, blockProblems{errs, lines})
	}
}

type blockProblems struct {
	errs  []*BlockError
	lines []int
}

// lineAt returns the 1-based line of offset off in src.
func lineAt(src []byte, off int) int {
	if off > len(src) {
		off = len(src)
	}
	return bytes.Count(src[:off], []byte{'\n'}) + 1
}

type blockRenderer struct{}

func (blockRenderer) RegisterFuncs(reg renderer.NodeRendererFuncRegisterer) {
	reg.Register(KindDataBlock, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(string(n.(*DataBlock).HTML))
			_ = w.WriteByte('\n')
		}
		return ast.WalkSkipChildren, nil
	})
}

// RenderBlocks converts the page's body to HTML, resolving its data blocks
// with r (nil when data blocks are not allowed). Every problem is reported
// at its line in the page's file.
func (p *Page) RenderBlocks(md goldmark.Markdown, r BlockResolver) (template.HTML, diag.List) {
	var errs diag.List
	pc := parser.NewContext()
	doc := md.Parser().Parse(text.NewReader(p.Body), parser.WithContext(pc))
	at := func(bodyLine int) diag.Pos { return diag.Pos{File: p.File, Line: p.BodyLine + bodyLine - 1} }
	if v, ok := pc.Get(blockErrs).(blockProblems); ok {
		for i, e := range v.errs {
			errs.Add(at(v.lines[i]), e.Key, "portal block: %s", e.Error())
		}
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		db, ok := n.(*DataBlock)
		if !ok || !entering {
			return ast.WalkContinue, nil
		}
		if r == nil {
			errs.Add(at(db.Block.Line), "", "portal block: data blocks cannot be used here")
			return ast.WalkSkipChildren, nil
		}
		html, err := r.ResolveBlock(db.Block)
		if err != nil {
			line := db.Block.Line
			key := ""
			if be, ok := err.(*BlockError); ok && be.Key != "" {
				key = be.Key
				if f, ok := db.Block.Get(be.Key); ok {
					line = f.Line
				}
			}
			if be, ok := err.(*BlockError); ok && be.Line > 0 {
				line = be.Line
			}
			errs.Add(at(line), key, "portal block: %v", err)
			return ast.WalkSkipChildren, nil
		}
		db.HTML = html
		return ast.WalkSkipChildren, nil
	})
	if len(errs) > 0 {
		return "", errs
	}
	var buf bytes.Buffer
	if err := md.Renderer().Render(&buf, p.Body, doc); err != nil {
		errs.Add(diag.Pos{File: p.File, Line: p.BodyLine}, "", "rendering markdown: %v", err)
		return "", errs
	}
	return template.HTML(buf.String()), nil
}
