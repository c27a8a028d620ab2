package content

import (
	"flag"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// stubResolver renders a data block or an inline figure as the fields it
// was given, so that the golden files show what the extension parsed.
type stubResolver struct{}

func (stubResolver) ResolveBlock(b *Block) (template.HTML, error) {
	return template.HTML(fmt.Sprintf("<div class=\"block\">%s</div>", fields(b))), nil
}

func (stubResolver) ResolveFigure(b *Block) (template.HTML, error) {
	return template.HTML(fmt.Sprintf("<span class=\"figure\">%s</span>", fields(b))), nil
}

func fields(b *Block) string {
	var s strings.Builder
	fmt.Fprintf(&s, "%d:%d", b.Line, b.Col)
	for _, f := range b.Fields {
		fmt.Fprintf(&s, " [%s=%q at %d:%d, value at %d]", f.Key, f.Value, f.Line, f.Col, f.ValueCol)
	}
	return template.HTMLEscapeString(s.String())
}

// TestGoldenMarkdown renders each testdata/markdown/NAME.md, with the
// default options and with UnsafeHTML, and compares the HTML with
// NAME.golden. Run `go test ./internal/content -update` after an
// intended change and review the diff like code.
func TestGoldenMarkdown(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join("testdata", "markdown", "*.md"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no testdata/markdown/*.md: %v", err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var got strings.Builder
			for _, opt := range []Options{{}, {UnsafeHTML: true}} {
				p := &Page{File: file, Body: src, BodyLine: 1}
				html, errs := p.RenderBlocks(NewMarkdown(opt), stubResolver{})
				fmt.Fprintf(&got, "== %+v\n%s", opt, html)
				for _, e := range errs {
					fmt.Fprintf(&got, "error: %v\n", e)
				}
			}
			testkit.Golden(t, strings.TrimSuffix(file, ".md")+".golden", got.String(), *update, "./internal/content")
		})
	}
}
