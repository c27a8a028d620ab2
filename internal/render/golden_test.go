package render

import (
	"context"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// TestGoldenBlocks renders testdata/blocks.md, data blocks and inline
// figures, against the small portal in testdata/data, and compares the
// HTML with testdata/blocks.golden. Run `go test ./internal/render
// -update` after an intended change and review the diff like code.
func TestGoldenBlocks(t *testing.T) {
	data, errs := dataset.Load(context.Background(), os.DirFS("testdata"), "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatal(errs.Err())
	}
	env := &Env{BasePath: "/", BaseURL: "https://portal.example/", Portal: model.New(data, dataset.MustDate("2026-11-25"))}
	src, err := os.ReadFile("testdata/blocks.md")
	if err != nil {
		t.Fatal(err)
	}
	p := &content.Page{File: "testdata/blocks.md", Body: src, BodyLine: 1}
	html, derrs := p.RenderBlocks(content.NewMarkdown(content.Options{}), env)
	if len(derrs) > 0 {
		t.Fatal(derrs)
	}
	// One element a line, so that a diff shows what changed.
	got := strings.NewReplacer("><", ">\n<").Replace(string(html))
	const golden = "testdata/blocks.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/render -update to create it)", err)
	}
	if got != string(want) {
		g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(g), len(w)) {
			if i >= len(g) || i >= len(w) || g[i] != w[i] {
				t.Fatalf("RenderBlocks(%s) differs from %s at line %d (run go test ./internal/render -update and review the diff)\ngot:  %q\nwant: %q", p.File, golden, i+1, at(g, i), at(w, i))
			}
		}
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end)"
}
