package site

import (
	"context"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/dataset"
)

// TestSessionRebuildsMatchFullBuilds edits the sources step by step and
// checks, after each step, that a rebuild reusing the session writes
// exactly what a fresh build writes, and that it renders only the edited
// page when only a markdown page's text changed.
func TestSessionRebuildsMatchFullBuilds(t *testing.T) {
	fsys := fixture(t)
	var s Session
	build := func() ([]File, *Result) {
		t.Helper()
		b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25")}
		got, res, err := b.GenerateSession(context.Background(), &s)
		if err != nil {
			t.Fatalf("GenerateSession: %v", err)
		}
		want, _, err := b.Generate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != len(want) {
			t.Fatalf("session build wrote %d files, a fresh build %d", len(got), len(want))
		}
		gm := map[string]string{}
		for _, f := range got {
			gm[f.Path] = string(f.Data)
		}
		for _, f := range want {
			if gm[f.Path] != string(f.Data) {
				t.Errorf("%s differs between the session rebuild and a fresh build", f.Path)
			}
		}
		return got, res
	}
	edit := func(name, data string) { fsys[name] = &fstest.MapFile{Data: []byte(data)} }

	if _, res := build(); s.Partial || res.Pages < 20 {
		t.Fatalf("first build: partial %v, %d pages", s.Partial, res.Pages)
	}
	edit("content/about.md", "---\ntitle: About the <portal>\nsummary: What this is.\n---\n\nNew text about the portal.\n")
	if _, res := build(); !s.Partial || res.Pages != 1 {
		t.Errorf("after a body edit: partial %v, %d pages rendered, want 1", s.Partial, res.Pages)
	}
	edit("content/about.md", "---\ntitle: About us\nsummary: What this is.\n---\n\nNew text about the portal.\n")
	if build(); s.Partial {
		t.Errorf("after a title edit (shown on every page's footer) the rebuild was partial")
	}
	edit("content/updates/first.md", "---\ntitle: First update\ndate: 2026-02-11\nsummary: The round closed.\naliases: [/news/first/]\n---\n\nThe round closed; see acme-2024.\n")
	if _, res := build(); !s.Partial || res.Pages != 1 {
		t.Errorf("after an update's body edit: partial %v, %d pages", s.Partial, res.Pages)
	}
	carriers := string(fsys["data/carriers.csv"].Data)
	edit("data/carriers.csv", carriers+"newco,New Co,other,,,,\n")
	if build(); s.Partial {
		t.Errorf("after a data edit the rebuild was partial")
	}
	edit("templates/page.html", `{{define "main"}}<h1>{{.Title}}</h1>{{.Content}}{{end}}`)
	if build(); s.Partial {
		t.Errorf("after a template edit the rebuild was partial")
	}
	// A failed build in between forgets, and the next one is whole again.
	edit("content/about.md", "---\ndraft: maybe\n---\n")
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25")}
	if _, _, err := b.GenerateSession(context.Background(), &s); err == nil {
		t.Fatal("broken front matter built")
	}
	edit("content/about.md", "---\ntitle: About us\n---\n\nBack.\n")
	if build(); s.Partial {
		t.Errorf("the build after a failed one was partial")
	}
}
