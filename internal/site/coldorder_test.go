package site

import (
	"context"
	"html/template"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/linkcheck"
	"github.com/postal-access/portal/internal/pages"
)

// A cold build makes the outputs that are not pages before the pages,
// and lets go of each page's markdown body once the page is rendered, so
// that its peak of memory is not the downloads on top of the pages (see
// render). What reads the bodies still gets them: the search index, made
// first, has their text, and a broken link written in the markdown is
// still found, in its file.
func TestColdBuildMakesOtherOutputsFirstAndLetsGoOfBodies(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	fsys["content/methodology.md"] = file("---\ntitle: Methodology\n---\n\nHHI is the sum of squared shares. See [the old page](/nowhere/).\n")
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-26"), LinkWarnings: true}
	var mu sync.Mutex
	var order []string
	index := map[string][]byte{}
	put := func(p string, data []byte) error {
		mu.Lock()
		defer mu.Unlock()
		order = append(order, p)
		index[p] = data
		return nil
	}
	res, err := b.generate(context.Background(), put)
	if err != nil {
		t.Fatal(err)
	}

	isPage := map[string]bool{}
	for _, p := range res.plan {
		isPage[pages.OutPath(p.URL)] = true
	}
	firstPage := slices.IndexFunc(order, func(p string) bool { return isPage[p] })
	if firstPage < 0 {
		t.Fatalf("no page among the outputs %q", order)
	}
	for _, p := range []string{"search/index.json", "data/carriers.csv", "carriers/acme/index.json", "index.xml", "sitemap.xml"} {
		if i := slices.Index(order, p); i < 0 || i > firstPage {
			t.Errorf("%s is output %d, want it made before the first page (output %d, %s)", p, i, firstPage, order[firstPage])
		}
	}

	for _, p := range res.plan {
		if p.Content != "" {
			t.Errorf("%s kept its markdown body after it was rendered", p.URL)
		}
	}
	if s := string(index["search/index.json"]); !strings.Contains(s, "squared shares") {
		t.Errorf("the search index lacks the text of methodology.md:\n%s", s)
	}
	var found bool
	for _, w := range res.Warnings {
		found = found || w.Pos.File == "content/methodology.md" && strings.Contains(w.Message(), "/nowhere/")
	}
	if !found {
		t.Errorf("the broken link in content/methodology.md was not reported; warnings:\n%v", res.Warnings)
	}
}

// With the markdown let go, a page missing from the link table is a bug
// of the build's, not a page without links: the check says so.
func TestLinkCheckWithoutMarkdownNeedsEveryPageTabled(t *testing.T) {
	t.Parallel()
	plan := []*pages.Page{{Kind: "page", URL: "/about/", Source: &content.Page{File: "content/about.md"}}}
	exists := func(string) bool { return true }
	if _, err := linkErrors(nil, plan, nil, linkcheck.NewTable(), exists, "/"); err == nil || !strings.Contains(err.Error(), "content/about.md") {
		t.Errorf("err = %v, want one naming content/about.md", err)
	}
	md := map[string]template.HTML{"content/about.md": `<a href="/nowhere/">x</a>`}
	never := func(string) bool { return false }
	if broken, err := linkErrors(nil, plan, md, linkcheck.NewTable(), never, "/"); err != nil || len(broken) != 1 {
		t.Errorf("with the markdown kept: %v, %v; want the one broken link", broken, err)
	}
}
