package site

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/render"
)

// FuzzDataBlock renders arbitrary text as the body of a ```portal block
// in a page, resolved against the fixture portal. It never panics; every
// problem is reported at a line of the page; and what renders has no
// markup a payload could have made (see markupProblems), however the text
// tries to close the fence or inject HTML. Seeds are in
// testdata/fuzz/FuzzDataBlock.
func FuzzDataBlock(f *testing.F) {
	fuzzBody(f, func(block string) string { return "Intro.\n\n```portal\n" + block + "\n```\n\nAfter.\n" })
}

// FuzzInlineFigure renders arbitrary text after ":figure[" in a sentence,
// with the same properties as FuzzDataBlock: no panic, every problem at a
// line and column of the page, no markup from the payload. Seeds are in
// testdata/fuzz/FuzzInlineFigure.
func FuzzInlineFigure(f *testing.F) {
	fuzzBody(f, func(rest string) string {
		return "Intro.\n\nIt is " + content.FigurePrefix + rest + " today.\n\nAfter.\n"
	})
}

// fuzzBody renders body(input) as a page against the fixture portal and
// checks that problems lie on the page and output carries no injected
// markup.
func fuzzBody(f *testing.F, body func(string) string) {
	data, errs := dataset.Load(context.Background(), fixture(f), "data", dataset.Options{})
	if errs.Err() != nil {
		f.Fatal(errs.Err())
	}
	env := &render.Env{BasePath: "/", BaseURL: "https://portal.example/", Portal: model.New(data, dataset.MustDate("2026-11-25"))}
	md := content.NewMarkdown(content.Options{})
	const bodyLine = 5 // after four lines of front matter
	f.Fuzz(func(t *testing.T, in string) {
		body := body(in)
		p := &content.Page{File: "content/blocks.md", Body: []byte(body), BodyLine: bodyLine}
		out, errs := p.RenderBlocks(md, env)
		lines := strings.Split(body, "\n")
		for _, d := range errs {
			i := d.Line - bodyLine
			if d.File != p.File || i < 0 || i >= len(lines) || d.Col < 0 || d.Col > len(lines[i])+1 {
				t.Errorf("RenderBlocks(%q): %q is not on the page (lines %d to %d)", in, d.Error(), bodyLine, bodyLine+len(lines)-1)
			}
		}
		if len(errs) > 0 {
			return
		}
		doc, err := html.Parse(bytes.NewReader([]byte(out)))
		if err != nil {
			t.Fatalf("RenderBlocks(%q) = %q, which does not parse: %v", in, out, err)
		}
		for _, problem := range markupProblems(doc) {
			t.Errorf("RenderBlocks(%q): %s", in, problem)
		}
	})
}
