package pages

import (
	"context"
	"html/template"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/model"
)

// TestKindsTable checks the kind table itself: names are unique, the
// kinds a row names exist, and every page kind has its template.
func TestKindsTable(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, k := range Kinds {
		if seen[k.Name] {
			t.Errorf("kind %s is listed twice", k.Name)
		}
		seen[k.Name] = true
		for _, other := range []string{k.Entity, k.List} {
			if other != "" && KindOf(other) == nil {
				t.Errorf("kind %s names kind %q, which is not in Kinds", k.Name, other)
			}
		}
		if (k.Twin || k.Search || k.Nav || k.Data != "") && !strings.HasPrefix(k.URL, "/") {
			t.Errorf("page kind %s has address %q: want a site path", k.Name, k.URL)
		}
		if k.Data != "" && k.List == "" {
			t.Errorf("kind %s has subjects in data/%s.csv but no list", k.Name, k.Data)
		}
	}
	for _, k := range Kinds {
		if !strings.HasPrefix(k.URL, "/") || k.Name == "download" || k.Name == "download-json" || strings.Contains(k.URL, ".xml") || strings.Contains(k.URL, ".json") || strings.Contains(k.URL, ".txt") || k.Name == "release-files" {
			continue
		}
		if _, err := os.Stat(filepath.Join("..", "..", "templates", k.Name+".html")); err != nil {
			t.Errorf("page kind %s has no template: %v", k.Name, err)
		}
	}
}

// TestPlanFollowsKinds plans the bundled portal and checks that every
// page is of a kind in the table and at an address its kind's pattern
// makes.
func TestPlanFollowsKinds(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	asOf := dataset.MustDate("2026-11-25")
	d, errs := dataset.Load(ctx, os.DirFS("../.."), "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	md, cerrs := content.Load(ctx, os.DirFS("../.."), "content", content.LoadOptions{})
	if cerrs.Err() != nil {
		t.Fatal(cerrs)
	}
	site := &Site{Title: "T", AsOf: asOf, Portal: model.New(d, asOf), Manifest: d.Manifest, BaseURL: "https://example.org/", BasePath: "/"}
	none := func(*content.Page) (template.HTML, diag.List) { return "", nil }
	plan, perrs := Plan(site, md, none, nil, Options{})
	if perrs.Err() != nil {
		t.Fatal(perrs)
	}
	counts := map[string]int{}
	twins, linked := map[string]bool{}, map[string]string{}
	for _, p := range plan {
		if twin, ok := TwinURL(p); ok {
			twins[twin] = true
		}
		if p.JSON != "" {
			linked[p.JSON] = p.URL
		}
		k := KindOf(p.Kind)
		if k == nil {
			t.Fatalf("page %s is of kind %q, which is not in Kinds", p.URL, p.Kind)
		}
		counts[p.Kind]++
		prefix, suffix, _ := strings.Cut(k.URL, "{id}")
		if p.Part == "" && p.Pager == nil && !(strings.HasPrefix(p.URL, prefix) && strings.HasSuffix(p.URL, suffix)) {
			t.Errorf("page %s of kind %s is not at its kind's address %s", p.URL, p.Kind, k.URL)
		}
		if k.Twin && p.Entity != nil && p.JSON != p.URL+"index.json" && p.Part == "" {
			t.Errorf("page %s has twin %q, want %s", p.URL, p.JSON, p.URL+"index.json")
		}
	}
	// The build counts every twin TwinURL names among its files before
	// the pages render (their links are settled): each twin a page links
	// to must be one.
	for twin, from := range linked {
		if !twins[twin] {
			t.Errorf("page %s links to the JSON twin %s, which TwinURL names for no page", from, twin)
		}
	}
	if len(twins) == 0 {
		t.Error("TwinURL names no twin in the bundled portal")
	}
	for _, name := range []string{"home", "carriers", "carrier", "facilities", "facility", "agreements", "agreement", "auctions", "auction", "states", "state", "updates", "update", "data", "search", "404", "page"} {
		if counts[name] == 0 {
			t.Errorf("the bundled portal's plan has no %s page", name)
		}
	}
}

// TestPagers checks how rows split across pages.
func TestPagers(t *testing.T) {
	t.Parallel()
	for _, c := range []struct {
		n, pages int
		last     string
	}{{0, 1, "/x/"}, {1, 1, "/x/"}, {PerPage, 1, "/x/"}, {PerPage + 1, 2, "/x/page/2/"}, {3*PerPage + 5, 4, "/x/page/4/"}} {
		all := pagers("/x/", c.n)
		if len(all) != c.pages || all[len(all)-1].URLs[c.pages-1] != c.last {
			t.Errorf("pagers(%d): %d pages, last at %s; want %d, %s", c.n, len(all), all[len(all)-1].URLs[c.pages-1], c.pages, c.last)
		}
		lo, hi := all[len(all)-1].Bounds()
		if c.n > 0 && hi != c.n || lo > hi {
			t.Errorf("pagers(%d): last page rows [%d:%d]", c.n, lo, hi)
		}
	}
}
