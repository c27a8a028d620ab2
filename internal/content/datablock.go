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
	// Line and Col are where the block starts: its opening fence, or the
	// colon of an inline figure.
	Line, Col int
	Fields    []BlockField
}

// BlockField is one "key: value" line of a block.
type BlockField struct {
	Key, Value string
	// Line and Col are where the field starts: its key in a block, its
	// name or key=value in an inline figure. Line is counted like
	// Block.Line; Col counts bytes from 1. ValueCol is the column of
	// Value, so that a problem with a word of it can point there.
	Line, Col, ValueCol int
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
	// Line and Col, when set, are where the problem is, counted like
	// Block.Line; by default it is where the field named Key starts.
	Line, Col int
}

func (e *BlockError) Error() string {
	if e.Key == "" {
		return e.Msg
	}
	return e.Key + ": " + e.Msg
}

// BlockResolver renders blocks and inline figures from the data, or says
// what is wrong.
type BlockResolver interface {
	ResolveBlock(b *Block) (template.HTML, error)
	// ResolveFigure renders an inline figure: b holds its name as the
	// field "figure", then its key=value fields.
	ResolveFigure(b *Block) (template.HTML, error)
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
	m.Parser().AddOptions(
		parser.WithASTTransformers(util.Prioritized(blockTransformer{}, 500)),
		parser.WithInlineParsers(util.Prioritized(figureParser{}, 500)),
	)
	m.Renderer().AddOptions(renderer.WithNodeRenderers(util.Prioritized(blockRenderer{}, 500)))
}

// blockErrs is where the parsers leave the problems they find: goldmark
// parsers and transformers cannot return errors.
var blockErrs = parser.NewContextKey()

// problem is a syntax error of a block or an inline figure, at a line
// and column counted like Block's.
type problem struct {
	err       *BlockError
	line, col int
	inline    bool
}

// blocksMade is set in a parse that made a data block or an inline
// figure: only then does resolveBlocks walk the document to resolve
// them (a walk of every node, and most pages have none).
var blocksMade = parser.NewContextKey()

func addProblem(pc parser.Context, p problem) {
	ps, _ := pc.Get(blockErrs).([]problem)
	pc.Set(blockErrs, append(ps, p))
}

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
	for _, f := range fences {
		line, _ := posAt(src, f.Info.Segment.Start)
		b := &Block{Line: line, Col: fenceCol(src, f.Info.Segment.Start)}
		for i := 0; i < f.Lines().Len(); i++ {
			seg := f.Lines().At(i)
			val := seg.Value(src)
			raw := strings.TrimSpace(string(val))
			if raw == "" || strings.HasPrefix(raw, "#") {
				continue
			}
			line, col := posAt(src, seg.Start+len(val)-len(bytes.TrimLeft(val, " \t")))
			k, v, ok := strings.Cut(raw, ":")
			k, v = strings.TrimSpace(k), strings.TrimSpace(v)
			switch {
			case !ok || k == "":
				addProblem(pc, problem{&BlockError{Msg: fmt.Sprintf("%q is not a key: value line", raw)}, line, col, false})
				continue
			case func() bool { _, dup := b.Get(k); return dup }():
				addProblem(pc, problem{&BlockError{Key: k, Msg: "given twice"}, line, col, false})
				continue
			}
			rest := strings.TrimLeft(string(val), " \t")
			after := rest[strings.IndexByte(rest, ':')+1:]
			valueCol := col + len(rest) - len(strings.TrimLeft(after, " \t"))
			b.Fields = append(b.Fields, BlockField{Key: k, Value: v, Line: line, Col: col, ValueCol: valueCol})
		}
		n := &DataBlock{Block: b}
		f.Parent().ReplaceChild(f.Parent(), f, n)
	}
	if len(fences) > 0 {
		pc.Set(blocksMade, true)
	}
}

// posAt returns the 1-based line and byte column of offset off in src.
func posAt(src []byte, off int) (line, col int) {
	off = min(max(off, 0), len(src))
	return bytes.Count(src[:off], []byte{'\n'}) + 1, off - bytes.LastIndexByte(src[:off], '\n')
}

// fenceCol is the column of the fence whose info string starts at off:
// the first character of its line that is not a space.
func fenceCol(src []byte, off int) int {
	_, col := posAt(src, off)
	lineStart := off - col + 1
	return len(src[lineStart:off]) - len(bytes.TrimLeft(src[lineStart:off], " \t")) + 1
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
	reg.Register(KindInlineFigure, func(w util.BufWriter, _ []byte, n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering {
			_, _ = w.WriteString(string(n.(*InlineFigure).HTML))
		}
		return ast.WalkSkipChildren, nil
	})
}

// RenderBlocks converts the page's body to HTML, resolving its data blocks
// and inline figures with r (nil when they are not allowed). Every problem
// is reported at its line and column in the page's file.
func (p *Page) RenderBlocks(md goldmark.Markdown, r BlockResolver) (template.HTML, diag.List) {
	html, errs := p.AppendBlocks(nil, md, r)
	if len(errs) > 0 {
		return "", errs
	}
	return template.HTML(html), nil
}

// AppendBlocks is RenderBlocks appending the HTML to dst, which a caller
// converting many pages reuses; dst as it was when there are errors.
func (p *Page) AppendBlocks(dst []byte, md goldmark.Markdown, r BlockResolver) ([]byte, diag.List) {
	doc, errs := p.resolveBlocks(md, r)
	if len(errs) > 0 {
		return dst, errs
	}
	buf := appender{bytes.NewBuffer(dst)}
	if err := md.Renderer().Render(buf, p.Body, doc); err != nil {
		errs.Add(diag.Pos{File: p.File, Line: p.BodyLine}, "", "rendering markdown: %v", err)
		return dst, errs
	}
	return buf.Bytes(), nil
}

// CheckBlocks reports what RenderBlocks would, without rendering the
// body: for a page that is not published yet (an update held back until
// its date), whose problems an editor should still hear of now. Its data
// blocks and figures are resolved, as their problems show only then;
// rendering HTML cannot fail.
//
// A body that holds neither a block's info string nor a figure's prefix
// has nothing to find, and is not parsed at all: both are matched in the
// source as written, so neither can appear without them.
func (p *Page) CheckBlocks(md goldmark.Markdown, r BlockResolver) diag.List {
	if !bytes.Contains(p.Body, []byte(BlockInfo)) && !bytes.Contains(p.Body, []byte(FigurePrefix)) {
		return nil
	}
	_, errs := p.resolveBlocks(md, r)
	return errs
}

// resolveBlocks parses the page's body and resolves its data blocks and
// inline figures, reporting every problem at its place.
func (p *Page) resolveBlocks(md goldmark.Markdown, r BlockResolver) (ast.Node, diag.List) {
	var errs diag.List
	pc := parser.NewContext()
	doc := md.Parser().Parse(text.NewReader(p.Body), parser.WithContext(pc))
	report := func(line, col int, inline bool, e *BlockError) {
		pos := diag.Pos{File: p.File, Line: p.BodyLine + line - 1, Col: col}
		if inline {
			msg := e.Msg
			if e.Key != "" && e.Key != "figure" {
				msg = e.Key + ": " + msg
			}
			errs.Add(pos, "", "inline figure: %s", msg).Names(e.Key)
			return
		}
		errs.Add(pos, "", "portal block: %s", e.Error()).Names(e.Key)
	}
	ps, _ := pc.Get(blockErrs).([]problem)
	for _, pr := range ps {
		report(pr.line, pr.col, pr.inline, pr.err)
	}
	if made, _ := pc.Get(blocksMade).(bool); !made {
		return doc, errs
	}
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		var b *Block
		var out *template.HTML
		var resolve func(*Block) (template.HTML, error)
		inline := false
		switch n := n.(type) {
		case *DataBlock:
			b, out = n.Block, &n.HTML
			if r != nil {
				resolve = r.ResolveBlock
			}
		case *InlineFigure:
			b, out, inline = n.Block, &n.HTML, true
			if r != nil {
				resolve = r.ResolveFigure
			}
		default:
			return ast.WalkContinue, nil
		}
		if resolve == nil {
			what := "data blocks"
			if inline {
				what = "inline figures"
			}
			report(b.Line, b.Col, inline, &BlockError{Msg: what + " cannot be used here"})
			return ast.WalkSkipChildren, nil
		}
		html, err := resolve(b)
		if err != nil {
			be, ok := err.(*BlockError)
			if !ok {
				be = &BlockError{Msg: err.Error()}
			}
			line, col := b.Line, b.Col
			if f, ok := b.Get(be.Key); ok && be.Key != "" {
				line, col = f.Line, f.Col
			}
			if be.Line > 0 {
				line, col = be.Line, be.Col
			}
			report(line, col, inline, be)
			return ast.WalkSkipChildren, nil
		}
		*out = html
		return ast.WalkSkipChildren, nil
	})
	return doc, errs
}

// appender is a bytes.Buffer as goldmark's renderer writes to a buffered
// writer: written straight into the buffer, where a bytes.Buffer alone
// would be written through a bufio.Writer of its own, and copied.
type appender struct{ *bytes.Buffer }

func (appender) Buffered() int { return 0 }

func (appender) Flush() error { return nil }

var _ util.BufWriter = appender{}
