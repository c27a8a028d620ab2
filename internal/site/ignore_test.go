package site

import (
	"context"
	"path"
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

// TestMatchIsPathMatch: the matcher Ignored uses answers as path.Match
// does, for the default patterns, patterns of every shape and malformed
// ones, on names and paths.
func TestMatchIsPathMatch(t *testing.T) {
	t.Parallel()
	patterns := append([]string{"", "*", "a*", "*a", "a*b", "img/raw/*", "*/x", "a?c", "[ab]*", "a\\*b", "[", "a\\", "**", "*.*"}, DefaultIgnore...)
	names := []string{"", "a", "b", "ab", "abc", "a*b", "#", "##", "#a#", ".#a", "~$x", "x~", "4913", "49130", "img/raw/a.png", "img/raw/b/a.png", "a/x", "x/y/x", ".DS_Store", "f.kate-swp", "f.swp.md", "a.b"}
	for _, pat := range patterns {
		for _, name := range names {
			want, _ := path.Match(pat, name)
			if got := match(pat, name); got != want {
				t.Errorf("match(%q, %q) = %v, path.Match says %v", pat, name, got, want)
			}
		}
	}
}
