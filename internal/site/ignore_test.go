package site

import (
	"context"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

func TestIgnored(t *testing.T) {
	t.Parallel()
	extra := []string{"*.psd", "drafts", "img/raw/*"}
	for _, tc := range []struct {
		rel  string
		want bool
	}{
		{"about.md", false},
		{"img/chart.png", false},
		{"updates/embargo.md~", true},
		{"#about.md#", true},
		{".#about.md", true},
		{"about.md.bak", true},
		{"about.md.orig", true},
		{"fix.rej", true},
		{"about.md.swp", true},
		{"about.md.swo", true},
		{"about.md.swx", true},
		{"upload.tmp", true},
		{"img/4913", true},
		{".DS_Store", true},
		{"img/Thumbs.db", true},
		{"desktop.ini", true},
		{"~$report.docx", true},
		{".hidden/x.css", true},
		{"img/.cache/x.png", true},
		{"img/poster.psd", true},
		{"drafts", true},
		{"guides/drafts", true}, // a name matches anywhere
		{"img/raw/a.png", true},
		{"img/raw/b/a.png", false}, // * stops at a slash; ignore the folder itself instead
		{"img/rawest.png", false},
	} {
		if got := Ignored(tc.rel, extra); got != tc.want {
			t.Errorf("Ignored(%q, %q) = %v, want %v", tc.rel, extra, got, tc.want)
		}
	}
}

func TestMalformedIgnorePatternIsRefused(t *testing.T) {
	t.Parallel()
	b := &Build{FS: fixture(t), AsOf: dataset.MustDate("2026-11-25"), Ignore: []string{"*.bak", "img/[raw"}}
	_, _, err := b.Generate(context.Background())
	if err == nil || !strings.Contains(err.Error(), `ignore pattern "img/[raw"`) {
		t.Errorf("Generate with ignore pattern img/[raw: err = %v, want it named", err)
	}
}

// TestIgnoredMarkdownIsNotAPage: Build.Ignore reaches markdown too.
func TestIgnoredMarkdownIsNotAPage(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	fsys["content/drafts/plan.md"] = file("---\ntitle: Plan\n---\n\nNot for the site.\n")
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), Ignore: []string{"drafts"}}
	files, _, err := b.Generate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.Contains(f.Path, "plan") || strings.Contains(string(f.Data), "Not for the site.") {
			t.Errorf("Generate with Ignore [drafts] wrote %s from content/drafts/plan.md", f.Path)
		}
	}
}
