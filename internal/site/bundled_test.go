package site

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

// TestBundledPortal builds the portal shipped in the repository and checks
// every output file: internal links and fragments resolve, and no page
// shows template debris or double escaping.
func TestBundledPortal(t *testing.T) {
	t.Parallel()
	b := &Build{Src: "../..", FS: os.DirFS("../.."), AsOf: dataset.MustDate("2026-11-25"), Limits: dataset.DefaultLimits}
	files, res, err := b.Generate(context.Background())
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	if len(res.Warnings) > 0 {
		t.Errorf("bundled portal has warnings:\n%s", res.Warnings.Format(0))
	}
	if errs := checkLinks(files, nil, res.base.Path); len(errs) > 0 {
		t.Errorf("broken links:\n%s", errs.Format(30))
	}
	// "__portal" is the live-reload endpoint of portal serve: never in built output.
	bad := []string{"ZgotmplZ", "&amp;lt;", "&amp;amp;", "{{", "}}", "<no value>", "%!", "__portal"}
	pages := 0
	for _, f := range files {
		if !strings.HasSuffix(f.Path, ".html") {
			continue
		}
		pages++
		for _, s := range bad {
			if bytes.Contains(f.Data, []byte(s)) {
				t.Errorf("%s contains %q", f.Path, s)
			}
		}
		if !bytes.HasPrefix(f.Data, []byte("<!doctype html>")) {
			t.Errorf("%s does not start with a doctype", f.Path)
		}
	}
	if pages < 150 {
		t.Errorf("bundled portal rendered %d HTML pages, want at least 150", pages)
	}
	want := []string{
		"index.html", "404.html", "robots.txt", "sitemap.xml", "index.xml",
		"carriers/index.html", "carriers/amazon/index.html", "carriers/amazon/index.json",
		"facilities/index.html", "agreements/index.html", "auctions/index.html",
		"auctions/usps-last-mile-2026/index.html", "states/index.html", "states/va/index.html",
		"updates/index.html", "about/index.html", "methodology/index.html",
		"data/index.html", "data/datapackage.json", "data/carriers.csv", "data/agreements.json",
		"search/index.html", "search/index.json",
	}
	have := map[string]bool{}
	for _, f := range files {
		have[f.Path] = true
	}
	for _, p := range want {
		if !have[p] {
			t.Errorf("bundled portal has no %s", p)
		}
	}
}
