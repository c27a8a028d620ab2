package render

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// smallPortal is the portal of testdata/data: two carriers, two
// facilities in Virginia, one auction of four lots (one winner under
// seal, one lot not awarded) and two agreements (one customer sealed).
func smallPortal(t *testing.T) *Env {
	t.Helper()
	data, errs := dataset.Load(context.Background(), os.DirFS("testdata"), "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatal(errs.Err())
	}
	return &Env{BasePath: "/", BaseURL: "https://portal.example/", Portal: model.New(data, dataset.MustDate("2026-11-25"))}
}

// TestGolden renders representative inputs against the small portal and
// compares the HTML with testdata/NAME.golden: markdown with data blocks
// (tables, figures, charts) through content.RenderBlocks, and a template
// that calls the template functions (charts, maps, values). Run `go test
// ./internal/render -update` after an intended change and review the
// diff like code.
func TestGolden(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name   string
		render func(t *testing.T, env *Env) string
	}{
		{"blocks", markdown("testdata/blocks.md")},
		{"charts", markdown("testdata/charts.md")},
		{"funcs", func(t *testing.T, env *Env) string {
			tm, errs := Parse(os.DirFS("testdata"), "templates", "templates", env, nil)
			if len(errs) > 0 {
				t.Fatal(errs)
			}
			var b bytes.Buffer
			if err := tm.Execute(&b, "funcs", env.Portal); err != nil {
				t.Fatal(TemplateError(err, "templates/funcs.html"))
			}
			return b.String()
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			// One element a line, so that a diff shows what changed.
			got := strings.NewReplacer("><", ">\n<").Replace(tc.render(t, smallPortal(t)))
			checkGolden(t, tc.name, got)
		})
	}
}

// markdown renders the markdown file with its data blocks.
func markdown(file string) func(t *testing.T, env *Env) string {
	return func(t *testing.T, env *Env) string {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		p := &content.Page{File: file, Body: src, BodyLine: 1}
		html, derrs := p.RenderBlocks(content.NewMarkdown(content.Options{}), env)
		if len(derrs) > 0 {
			t.Fatal(derrs)
		}
		return string(html)
	}
}

// checkGolden compares got with testdata/NAME.golden, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	testkit.Golden(t, filepath.Join("testdata", name+".golden"), got, *update, "./internal/render")
}
