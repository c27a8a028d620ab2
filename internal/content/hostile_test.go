package content

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/postal-access/portal/internal/costtest"
)

// These tests feed pages built to exhaust the loader and the renderer.
// Each is refused with a message, or accepted and rendered, within a
// bounded time and memory.

// TestWorstPagesRenderQuickly builds, for each kind of markup whose
// parsing is slow when it is never closed, the largest page that Load
// accepts: paragraphs (or table rows) of that markup, as many as fit.
// The page must render in about a second, and one more paragraph must be
// refused.
func TestWorstPagesRenderQuickly(t *testing.T) {
	md := NewMarkdown(Options{})
	for _, tc := range []struct {
		name string
		unit string // repeated to fill one paragraph
		row  bool   // a table row rather than a paragraph
	}{
		{"unclosed links", "[a](", false},
		{"unclosed brackets", "[", false},
		{"unclosed images", "![", false},
		{"emphasis", "*a_", false},
		{"code spans", "`a``", false},
		{"angle brackets", "<a", false},
		{"raw HTML", "<div>", false},
		{"unclosed links in a table", "[a](", true},
		{"emphasis in a table", "*a_", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			one := strings.Repeat(tc.unit, (MaxParagraph-8)/len(tc.unit))
			head, sep := "", "\n\n"
			if tc.row {
				head, one, sep = "| a |\n|---|\n", "| "+one[:len(one)-4]+" |", "\n"
			}
			var page string
			var n int
			for n = 1; ; n++ {
				next := head + strings.Repeat(one+sep, n)
				if len(next) > MaxPageBytes {
					break
				}
				_, errs := Load(context.Background(), fstest.MapFS{"content/p.md": {Data: []byte(next)}}, "content", LoadOptions{})
				if len(errs) > 0 {
					if !strings.Contains(errs.Error(), "too much link, emphasis and code markup") {
						t.Errorf("Load of %d paragraphs: %v, want the markup limit", n, errs)
					}
					break
				}
				page = next
			}
			if page == "" {
				t.Fatalf("Load refused even one %d-byte paragraph of %q", len(one), tc.unit)
			}
			p := &Page{File: "p.md", Body: []byte(page)}
			var err error
			elapsed, alloc := costtest.Measure(func() { _, err = p.Render(md) })
			if err != nil {
				t.Fatal(err)
			}
			costtest.Within(t, fmt.Sprintf("Render of %d paragraphs of %q (%d KiB)", n-1, tc.unit, len(page)>>10), elapsed, alloc, 2*time.Second, 256<<20)
		})
	}
}

func TestFrontMatterBombs(t *testing.T) {
	var laughs strings.Builder
	laughs.WriteString("---\ntitle: Laughs\nl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&laughs, "l%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d]\n", i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	laughs.WriteString("summary: *l9\n---\n\nBody.\n")
	for _, tc := range []struct {
		name, src, want string
	}{
		{"billion laughs", laughs.String(), "content/p.md:3:5: front matter: YAML anchors and aliases are not allowed"},
		{"billion laughs in one line", "---\nsummary: [&a [x, x, x, x], &b [*a, *a, *a, *a], &c [*b, *b, *b, *b], &d [*c, *c, *c, *c], *d]\n---\n", "content/p.md:2:11: front matter: YAML anchors and aliases are not allowed"},
		{"deep flow nesting", "---\ntitle: " + strings.Repeat("[", 60_000) + "\n---\n", "content/p.md:2: front matter: exceeded max depth of 10000"},
		{"deep block nesting", "---\n" + deepMapping(300) + "---\n", "content/p.md:2:1: unknown front matter key \"k\": want one of title, date, summary, draft, weight, slug, aliases, about, author, lastmod"},
		{"many keys", "---\n" + strings.Repeat("title: x\n", 6000) + "---\n", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{"content/p.md": {Data: []byte(tc.src)}}
			var got string
			elapsed, alloc := costtest.Measure(func() {
				_, errs := Load(context.Background(), fsys, "content", LoadOptions{})
				got = errs.Format(1)
			})
			first, _, _ := strings.Cut(got, "\n")
			if tc.want != "" && first != tc.want {
				t.Errorf("Load: first error %q, want %q", first, tc.want)
			}
			if tc.want == "" && got == "" {
				t.Errorf("Load: no error, want some")
			}
			costtest.Within(t, "Load of "+tc.name, elapsed, alloc, time.Second, 64<<20)
		})
	}
}

// deepMapping nests n mappings: "k:\n k:\n  k:\n ...".
func deepMapping(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i) + "k:\n")
	}
	return b.String()
}
