package content

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

func testSite() fstest.MapFS {
	file := func(s string) *fstest.MapFile { return &fstest.MapFile{Data: []byte(s)} }
	return fstest.MapFS{
		"content/_index.md":             file("---\ntitle: Postal Access Portal\n---\nWelcome.\n"),
		"content/about.md":              file("Who we are.\n"),
		"content/moved.md":              file("---\naliases: [/updates/, /old-moved]\n---\n"),
		"content/old.md":                file("---\nslug: about\n---\n"),
		"content/Foo Bar.md":            file(""),
		"content/Bad Dir/a.md":          file(""),
		"content/Bad Dir/b.md":          file(""),
		"content/Some Pictures/x.png":   file("png"),
		"content/logo.png":              file("png"),
		"content/notes.txt":             file("not markdown"),
		"content/news.md":               file("---\ntitle: News\nabout: [carriers/amazon]\n---\n"),
		"content/.drafts/x.md":          file("---\ntitle: [\n"),
		"content/.#about.md":            file("editor lock file"),
		"content/bin.md":                file("ok\n\xff\n"),
		"content/updates/_index.md":     file(""),
		"content/updates/first-look.md": file("---\ntitle: First look\ndate: 2026-01-20\n---\nText.\n"),
		"content/updates/wip.md":        file("---\ndraft: true\ndate: 2026-02-01\n---\nSoon.\n"),
		"content/updates/no-date.md":    file("---\ntitle: No date\n---\n"),
		"content/updates/bad-draft.md":  file("---\ndraft: true\ndate: someday\n---\n"),
		"content/guides/_index.md":      file("---\nslug: howto\n---\n"),
	}
}

func TestLoad(t *testing.T) {
	wantErrs := []string{
		`content/Bad Dir: directory name "Bad Dir" is not a slug: use lowercase letters, digits and hyphens`,
		`content/Foo Bar.md: file name "Foo Bar" is not a slug: use lowercase letters, digits and hyphens`,
		`content/bin.md:2:1: invalid UTF-8: save the file as UTF-8`,
		`content/guides/_index.md:2:7: slug: an index page is published at its directory's URL (/guides/): remove the slug or rename the directory`,
		`content/moved.md:2:11: alias /updates/ is already taken (see content/updates/_index.md)`,
		`content/news.md:3:1: about: only an update (a page in content/updates/) is listed on the pages of what it is about: remove about here`,
		`content/old.md: page URL /about/ is already taken (see content/about.md)`,
		`content/updates/bad-draft.md:3:7: date: "someday" is not a date: want YYYY-MM-DD`,
		`content/updates/no-date.md:1: date: an update needs a date (date: YYYY-MM-DD in its front matter)`,
	}
	tests := []struct {
		name string
		opt  LoadOptions
		urls []string
	}{
		{"without drafts", LoadOptions{}, []string{"/", "/about/", "/guides/", "/moved/", "/news/", "/updates/", "/updates/first-look/", "/updates/no-date/"}},
		{"with drafts", LoadOptions{Drafts: true}, []string{"/", "/about/", "/guides/", "/moved/", "/news/", "/updates/", "/updates/bad-draft/", "/updates/first-look/", "/updates/no-date/", "/updates/wip/"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			pages, errs := Load(context.Background(), testSite(), "content", tt.opt)
			var got []string
			for _, d := range errs {
				got = append(got, d.Error())
			}
			if !reflect.DeepEqual(got, wantErrs) {
				t.Errorf("Load errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantErrs, "\n"))
			}
			var urls []string
			for _, p := range pages {
				urls = append(urls, p.URL)
			}
			if !reflect.DeepEqual(urls, tt.urls) {
				t.Errorf("Load URLs = %q, want %q", urls, tt.urls)
			}
		})
	}
}

func TestLoadPage(t *testing.T) {
	pages, _ := Load(context.Background(), testSite(), "content", LoadOptions{})
	byURL := map[string]*Page{}
	for _, p := range pages {
		byURL[p.URL] = p
	}
	p := byURL["/updates/first-look/"]
	if p == nil {
		t.Fatal("Load: no page /updates/first-look/")
	}
	want := &Page{
		Path:     "updates/first-look.md",
		File:     "content/updates/first-look.md",
		Body:     []byte("Text.\n"),
		BodyLine: 5,
		Section:  "updates",
		Stem:     "first-look",
		URL:      "/updates/first-look/",
	}
	want.Title = "First look"
	want.Date = dataset.MustDate("2026-01-20")
	want.datePos = diag.Pos{File: "content/updates/first-look.md", Line: 3, Col: 7}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("Load: page = %+v, want %+v", p, want)
	}
	titles := map[string]string{"/": "Postal Access Portal", "/about/": "About", "/updates/": "Updates", "/moved/": "Moved"}
	for url, title := range titles {
		if got := byURL[url].Title; got != title {
			t.Errorf("Load: page %s title = %q, want %q", url, got, title)
		}
	}
	if got := byURL["/moved/"].Aliases; !reflect.DeepEqual(got, []string{"/updates/", "/old-moved/"}) {
		t.Errorf("Load: /moved/ aliases = %q", got)
	}
}

func TestLoadMissingDir(t *testing.T) {
	pages, errs := Load(context.Background(), fstest.MapFS{}, "content", LoadOptions{})
	if pages != nil || errs != nil {
		t.Errorf("Load(missing dir) = %v, %v, want nothing", pages, errs)
	}
}

func TestLoadNotADir(t *testing.T) {
	fsys := fstest.MapFS{"content": {Data: []byte("x")}}
	_, errs := Load(context.Background(), fsys, "content", LoadOptions{})
	if len(errs) != 1 || errs[0].Error() != "content: not a directory: want a folder of markdown pages" {
		t.Errorf("Load(file) errors = %v", errs)
	}
}

func TestLoadDisplayDirAndRoot(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md":   {Data: []byte("---\ndraft: maybe\n---\n")},
		"b/c.md": {Data: []byte("")},
	}
	pages, errs := Load(context.Background(), fsys, ".", LoadOptions{DisplayDir: "site/content"})
	if len(errs) != 1 || errs[0].Error() != "site/content/a.md:2:8: draft: want true or false" {
		t.Errorf("Load errors = %v", errs)
	}
	if len(pages) != 2 || pages[0].Path != "a.md" || pages[1].File != "site/content/b/c.md" || pages[1].URL != "/b/c/" {
		t.Errorf("Load pages = %+v", pages)
	}
}

func TestLoadCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	pages, errs := Load(ctx, testSite(), "content", LoadOptions{})
	if pages != nil || len(errs) != 1 || errs[0].Error() != "content: loading interrupted: context canceled" {
		t.Errorf("Load(cancelled) = %v, %v", pages, errs)
	}
}

func TestLoadIsDeterministic(t *testing.T) {
	first, errs1 := Load(context.Background(), testSite(), "content", LoadOptions{Drafts: true})
	for range 5 {
		again, errs2 := Load(context.Background(), testSite(), "content", LoadOptions{Drafts: true})
		if !reflect.DeepEqual(first, again) || !reflect.DeepEqual(errs1, errs2) {
			t.Fatal("Load gave different results for the same input")
		}
	}
}

// A load through a Cache gives what a fresh load gives, and takes unchanged
// files' pages from the cache, across edits and deletions.
func TestLoadWithCache(t *testing.T) {
	fsys := testSite()
	cache := NewCache()
	load := func(step string) []*Page {
		t.Helper()
		got, gotErrs := Load(context.Background(), fsys, "content", LoadOptions{DisplayDir: "content", Cache: cache})
		want, wantErrs := Load(context.Background(), fsys, "content", LoadOptions{DisplayDir: "content"})
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: pages through the cache differ from a fresh load", step)
		}
		if g, w := gotErrs.Format(0), wantErrs.Format(0); g != w {
			t.Errorf("%s: problems through the cache:\n%s\nwant:\n%s", step, g, w)
		}
		return got
	}
	byFile := func(pages []*Page) map[string]*Page {
		m := map[string]*Page{}
		for _, p := range pages {
			m[p.File] = p
		}
		return m
	}
	first := byFile(load("first load"))
	second := byFile(load("second load"))
	for _, f := range []string{"content/_index.md", "content/about.md", "content/updates/first-look.md", "content/moved.md"} {
		if first[f] == nil || first[f] != second[f] {
			t.Errorf("%s was parsed again though it did not change", f)
		}
	}
	// A file with a problem is read again each time, to report it.
	if first["content/updates/no-date.md"] == second["content/updates/no-date.md"] {
		t.Error("no-date.md, which has a problem, came from the cache")
	}
	fsys["content/about.md"] = &fstest.MapFile{Data: []byte("Who we are, and why.\n"), ModTime: time.Unix(1, 0)}
	third := byFile(load("after an edit"))
	if third["content/about.md"] == second["content/about.md"] {
		t.Error("the edited about.md came from the cache")
	}
	if third["content/updates/first-look.md"] != second["content/updates/first-look.md"] {
		t.Error("first-look.md was parsed again though it did not change")
	}
	delete(fsys, "content/Bad Dir/a.md")
	load("after deleting one of two files in a badly named folder")
	delete(fsys, "content/about.md")
	if _, ok := byFile(load("after deleting about.md"))["content/about.md"]; ok {
		t.Error("the deleted about.md is still loaded")
	}
}
