package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/render"
)

// readmeExample is a piece of markdown that README.md shows editors.
type readmeExample struct {
	line int // in README.md
	text string
}

// readmeExamples returns the README's examples of data blocks (```portal
// fences, indented as code in the README) and of inline figures (indented
// lines that hold :figure[).
func readmeExamples(readme string) []readmeExample {
	var out []readmeExample
	lines := strings.Split(readme, "\n")
	for i := 0; i < len(lines); i++ {
		if !strings.HasPrefix(lines[i], "    ") {
			continue
		}
		if strings.TrimSpace(lines[i]) == "```portal" {
			start := i
			for i++; i < len(lines) && strings.TrimSpace(lines[i]) != "```"; i++ {
			}
			var b strings.Builder
			for _, l := range lines[start : min(i, len(lines)-1)+1] {
				b.WriteString(strings.TrimPrefix(l, "    ") + "\n")
			}
			out = append(out, readmeExample{start + 1, b.String()})
			continue
		}
		if strings.Contains(lines[i], content.FigurePrefix) {
			start := i
			var b strings.Builder
			for ; i < len(lines) && strings.HasPrefix(lines[i], "    "); i++ {
				b.WriteString(strings.TrimPrefix(lines[i], "    ") + "\n")
			}
			out = append(out, readmeExample{start + 1, b.String()})
		}
	}
	return out
}

// TestREADMEExamples builds every data block and inline figure that
// README.md shows, each as a page of the bundled portal, and fails on any
// error; and it checks that the examples use every key of every kind of
// block and every figure, so that each option is shown working.
func TestREADMEExamples(t *testing.T) {
	t.Parallel()
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	examples := readmeExamples(string(readme))
	fsys := fstest.MapFS{}
	for _, dir := range []string{"content", "data", "templates", "static"} {
		err := fs.WalkDir(os.DirFS("../.."), dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile("../../" + p)
			fsys[p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	settings, err := os.ReadFile("../../portal.yaml")
	if err != nil {
		t.Fatal(err)
	}
	fsys["portal.yaml"] = &fstest.MapFile{Data: settings}
	const head = "---\ntitle: README example\n---\n\n" // the example starts on line 5
	for i, ex := range examples {
		fsys[fmt.Sprintf("content/readme/example-%d.md", i+1)] = file(head + ex.text)
	}
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), NoMinify: true, Limits: dataset.DefaultLimits}
	files, _, err := b.Generate(context.Background())
	if ie := (*InputError)(nil); errors.As(err, &ie) {
		for _, d := range ie.List {
			var n int
			if _, serr := fmt.Sscanf(d.File, "content/readme/example-%d.md", &n); serr == nil && n >= 1 && n <= len(examples) {
				t.Errorf("README.md:%d: example %d: %s", examples[n-1].line+d.Line-5, n, d.Error())
			} else if d.Severity == 0 {
				t.Errorf("%s", d.Error())
			}
		}
		return
	}
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	pages := map[string]string{}
	for _, f := range files {
		pages[f.Path] = string(f.Data)
	}
	for i, ex := range examples {
		page := pages[fmt.Sprintf("readme/example-%d/index.html", i+1)]
		if strings.Contains(page, "```") || strings.Contains(page, content.FigurePrefix) || strings.Contains(page, "language-portal") {
			t.Errorf("README.md:%d: example %d was not drawn from the data:\n%s", ex.line, i+1, ex.text)
		}
	}

	// Every key of every kind of block, and every figure, has an example.
	used := map[string]bool{} // "kind key" and "figure NAME"
	for _, ex := range examples {
		kind, body := "figure", ex.text
		if strings.HasPrefix(body, "```portal\n") {
			kind = strings.TrimSpace(strings.SplitN(strings.SplitN(body, "\n", 3)[1], ":", 2)[0])
		}
		for _, w := range strings.FieldsFunc(body, func(r rune) bool { return strings.ContainsRune(" \n{}", r) }) {
			if k, _, ok := strings.Cut(w, "="); ok {
				used[kind+" "+k] = true
			}
		}
		for _, l := range strings.Split(body, "\n") {
			if k, v, ok := strings.Cut(l, ": "); ok {
				used[kind+" "+k] = true
				if k == "figure" {
					used["figure "+strings.Fields(v)[0]] = true
				}
			}
		}
		for _, part := range strings.Split(body, content.FigurePrefix)[1:] {
			name, _, _ := strings.Cut(part, "]")
			used["figure figure"], used["figure "+name] = true, true
		}
	}
	for _, k := range render.BlockKinds() {
		for _, key := range k.Keys {
			if !used[k.Name+" "+key] {
				t.Errorf("README.md has no example of the key %s of %s blocks", key, k.Name)
			}
		}
	}
	for _, f := range render.FigureNames() {
		if !used["figure "+f] {
			t.Errorf("README.md has no example of the figure %s", f)
		}
	}
	if len(examples) < 5 {
		t.Errorf("README.md has %d examples of data blocks and inline figures, want more: is the extraction broken?", len(examples))
	}
}
