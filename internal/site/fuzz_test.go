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
	data, errs := dataset.Load(context.Background(), fixture(f), "data", dataset.Options{})
	if errs.Err() != nil {
		f.Fatal(errs.Err())
	}
	env := &render.Env{BasePath: "/", BaseURL: "https://portal.example/", Portal: model.New(data, dataset.MustDate("2026-11-25"))}
	md := content.NewMarkdown(content.Options{})
	const bodyLine = 5 // after four lines of front matter
	f.Fuzz(func(t *testing.T, block string) {
		body := "Intro.\n\n```portal\n" + block + "\n```\n\nAfter.\n"
		p := &content.Page{File: "content/blocks.md", Body: []byte(body), BodyLine: bodyLine}
		out, errs := p.RenderBlocks(md, env)
		last := bodyLine + strings.Count(body, "\n") - 1
		for _, d := range errs {
			if d.File != p.File || d.Line < bodyLine || d.Line > last || d.Col < 0 {
				t.Errorf("RenderBlocks(%q): %q is not on a line of the page (%d to %d)", block, d.Error(), bodyLine, last)
			}
		}
		if len(errs) > 0 {
			return
		}
		doc, err := html.Parse(bytes.NewReader([]byte(out)))
		if err != nil {
			t.Fatalf("RenderBlocks(%q) = %q, which does not parse: %v", block, out, err)
		}
		for _, problem := range markupProblems(doc) {
			t.Errorf("RenderBlocks(%q): %s", block, problem)
		}
	})
}
