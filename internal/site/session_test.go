package site

import (
	"context"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/testkit"
)

// TestSessionRebuildsMatchFullBuilds edits the sources step by step and
// checks, after each step, that a rebuild reusing the session writes
// exactly what a fresh build writes, and that it renders only the edited
// page when only a markdown page's text changed.
func TestSessionRebuildsMatchFullBuilds(t *testing.T) {
	t.Parallel()
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
		for _, p := range differing(got, want) {
			t.Errorf("%s differs between the session rebuild and a fresh build", p)
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
	edit("content/updates/first.md", "---\ntitle: First update\ndate: 2026-02-11\nsummary: The round closed.\naliases: [/news/first/]\nabout: [carriers/acme, auctions/a1]\nauthor: [Ana Díaz, Bo Li]\nlastmod: 2026-02-14\n---\n\nThe round closed; see acme-2024.\n")
	if _, res := build(); !s.Partial || res.Pages != 1 {
		t.Errorf("after an update's body edit: partial %v, %d pages", s.Partial, res.Pages)
	}
	// A data edit renders again only the pages whose keys changed.
	carriers := string(fsys["data/carriers.csv"].Data)
	edit("data/carriers.csv", carriers+"newco,New Co,other,,,,\n")
	if _, res := build(); s.Partial || res.Reused == 0 || res.Reused == res.Files {
		t.Errorf("after a data edit: partial %v, %d of %d files reused, want some", s.Partial, res.Reused, res.Files)
	}
	// A page rendered by a partial build has no key: when its text goes
	// back to what its old key was made from, together with a data edit,
	// it is rendered again, not served as the partial build left it.
	about := string(fsys["content/about.md"].Data)
	edit("content/about.md", about+"\nA paragraph for a while.\n")
	if build(); !s.Partial {
		t.Errorf("after a body edit the rebuild was not partial")
	}
	edit("content/about.md", about)
	edit("data/carriers.csv", carriers)
	if _, res := build(); s.Partial || res.Reused == 0 {
		t.Errorf("after a body and a data edit: partial %v, %d reused", s.Partial, res.Reused)
	}
	edit("templates/page.html", `{{define "main"}}<h1>{{.Title}}</h1>{{.Content}}{{end}}`)
	if build(); s.Partial {
		t.Errorf("after a template edit the rebuild was partial")
	}
	// A style sheet edit changes its fingerprinted name on every page.
	css := string(fsys["static/style.css"].Data)
	edit("static/style.css", css+"\n.session-test { color: inherit }\n")
	if _, res := build(); s.Partial || res.Rendered != res.Pages {
		t.Errorf("after a style sheet edit: partial %v, %d of %d pages rendered, want all", s.Partial, res.Rendered, res.Pages)
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
	// The page keys of the last good build outlive a failed one: after a
	// data file is broken and mended, only what changed is rendered.
	build()
	edit("data/carriers.csv", carriers+"broken\n")
	if _, _, err := b.GenerateSession(context.Background(), &s); err == nil {
		t.Fatal("a CSV row with one field built")
	}
	edit("data/carriers.csv", carriers+"newer,Newer Co,other,,,,\n")
	if _, res := build(); res.Rendered == res.Pages {
		t.Errorf("after a broken and mended data file all %d pages were rendered again", res.Pages)
	}
}

// TestSessionKeysAfterRandomEdits is TestIncrementalBuildEqualsColdBuild
// for portal serve: after each random edit of the bundled portal, a
// session rebuild, which reuses the pages whose keys did not change, must
// write what a fresh build writes.
func TestSessionKeysAfterRandomEdits(t *testing.T) {
	t.Parallel()
	testkit.Long(t, "25 random edits, each with a session and a fresh build")
	src := testkit.Bundled(t)
	blankColumns(t, filepath.Join(src, "data", "participation.csv"), "lots_won", "capacity_won_parcels_per_day")
	b := &Build{Src: src, AsOf: dataset.MustDate("2026-11-25")}
	var s Session
	if _, _, err := b.GenerateSession(context.Background(), &s); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 42))
	reusedMost, built := 0, 0
	for i := range 25 {
		undo, what := randomEdit(t, rng, src)
		if what == "" {
			continue
		}
		got, res, err := b.GenerateSession(context.Background(), &s)
		want, _, wantErr := b.Generate(context.Background())
		if (err == nil) != (wantErr == nil) {
			t.Fatalf("edit %d (%s): session build error %v, fresh build error %v", i, what, err, wantErr)
		}
		if err != nil {
			undo()
			continue
		}
		built++
		if res.Reused > res.Files/2 {
			reusedMost++
		}
		if diffs := differing(got, want); len(diffs) > 0 || len(got) != len(want) {
			t.Fatalf("edit %d (%s): %d files from the session build, %d from a fresh one; these differ:\n%s", i, what, len(got), len(want), strings.Join(diffs[:min(20, len(diffs))], "\n"))
		}
	}
	if built == 0 || reusedMost < built/2 {
		t.Errorf("%d of %d session rebuilds reused most files: the keys are not used, or too coarse to be tested", reusedMost, built)
	}
}

// differing lists the files of want that got lacks or holds other bytes in.
func differing(got, want []File) []string {
	gm := map[string]string{}
	for _, f := range got {
		gm[f.Path] = string(f.Data)
	}
	var diffs []string
	for _, f := range want {
		if gm[f.Path] != string(f.Data) {
			diffs = append(diffs, f.Path)
		}
	}
	return diffs
}

// TestSessionSaveByRename checks, on disk, that a markdown page saved by
// renaming a new file over it (as vim, sed -i and many editors save) is
// a markdown-only rebuild like a save in place, although its folder
// changed, and that adding, renaming or removing a page is not.
func TestSessionSaveByRename(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	for name, f := range fixture(t) {
		if err := os.MkdirAll(filepath.Dir(filepath.Join(src, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		testkit.Write(t, filepath.Join(src, name), string(f.Data))
	}
	var s Session
	build := func(what string) (map[string]string, *Result) {
		t.Helper()
		b := &Build{Src: src, AsOf: dataset.MustDate("2026-11-25")}
		files, res, err := b.GenerateSession(context.Background(), &s)
		if err != nil {
			t.Fatalf("%s: GenerateSession: %v", what, err)
		}
		m := map[string]string{}
		for _, f := range files {
			m[f.Path] = string(f.Data)
		}
		return m, res
	}
	about := filepath.Join(src, "content", "about.md")
	rename := func(from, to string) {
		t.Helper()
		if err := os.Rename(from, to); err != nil {
			t.Fatal(err)
		}
	}
	build("first build")

	testkit.Write(t, about+".tmp", "---\ntitle: About the <portal>\nsummary: What this is.\n---\n\nSaved by rename.\n")
	rename(about+".tmp", about)
	if files, res := build("save by rename"); !s.Partial || res.Rendered != 1 || !strings.Contains(files["about/index.html"], "Saved by rename.") {
		t.Errorf("after a save by rename: partial %v, %d pages rendered, new text shown %v; want partial, 1, true", s.Partial, res.Rendered, strings.Contains(files["about/index.html"], "Saved by rename."))
	}
	rename(about, about+"~") // vim: the backup, the new text, no backup
	testkit.Write(t, about, "---\ntitle: About the <portal>\nsummary: What this is.\n---\n\nSaved by vim.\n")
	if err := os.Remove(about + "~"); err != nil {
		t.Fatal(err)
	}
	if files, res := build("save like vim"); !s.Partial || res.Rendered != 1 || !strings.Contains(files["about/index.html"], "Saved by vim.") {
		t.Errorf("after a save like vim: partial %v, %d pages rendered; want partial, 1", s.Partial, res.Rendered)
	}

	for _, step := range []struct {
		what   string
		change func()
		served string // a page that must now be served
		gone   string // one that must not
	}{
		{"a page added", func() { testkit.Write(t, filepath.Join(src, "content", "new.md"), "---\ntitle: New\n---\n\nNew.\n") }, "new/index.html", ""},
		{"a page renamed", func() { rename(filepath.Join(src, "content", "new.md"), filepath.Join(src, "content", "moved.md")) }, "moved/index.html", "new/index.html"},
		{"a page removed", func() { os.Remove(filepath.Join(src, "content", "moved.md")) }, "", "moved/index.html"},
	} {
		step.change()
		files, _ := build(step.what)
		if s.Partial {
			t.Errorf("after %s the rebuild was partial", step.what)
		}
		if _, ok := files[step.served]; step.served != "" && !ok {
			t.Errorf("after %s, %s is not served", step.what, step.served)
		}
		if _, ok := files[step.gone]; step.gone != "" && ok {
			t.Errorf("after %s, %s is still served", step.what, step.gone)
		}
	}
}

// TestSessionModelKeepsNoHashes: the model a session keeps for its next
// build holds none of the hashes its builds' keys made of its objects
// (they would hold a build's worth of memory between builds).
func TestSessionModelKeepsNoHashes(t *testing.T) {
	t.Parallel()
	var s Session
	fsys := fixture(t)
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25")}
	for i := range 3 { // cold, then twice warm with the same model and other templates
		if i > 0 {
			var name string
			for p := range fsys {
				if strings.HasPrefix(p, "templates/") && strings.HasSuffix(p, ".html") {
					name = p
					break
				}
			}
			f := *fsys[name]
			f.Data = append(slices.Clone(f.Data), []byte("{{/* edited */}}")...)
			fsys[name] = &f
		}
		portal := s.portal
		if _, res, err := b.GenerateSession(context.Background(), &s); err != nil || i > 0 && (s.portal != portal || res.Rendered == 0) {
			t.Fatalf("build %d: %+v, %v; want pages rendered again with the same model", i, res, err)
		}
		if s.portal == nil || len(s.portal.Carriers) == 0 {
			t.Fatal("the session kept no model")
		}
		for _, c := range s.portal.Carriers {
			if c.KeyMemo.Load() != nil {
				t.Fatalf("after a build, carrier %s keeps its hashes", c.ID)
			}
		}
		for _, l := range s.portal.Lots {
			if l.KeyMemo.Load() != nil {
				t.Fatalf("after a build, lot %s keeps its hashes", l.LotID)
			}
		}
	}
}
