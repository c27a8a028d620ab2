package site

import (
	"context"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/postal-access/portal/internal/dataset"
)

// snapshot reads every file under dir, hidden ones too, into a map, with
// mtimes.
func snapshot(t *testing.T, dir string) (map[string]string, map[string]time.Time) {
	t.Helper()
	files, times := map[string]string{}, map[string]time.Time{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		files[filepath.ToSlash(rel)] = string(data)
		times[filepath.ToSlash(rel)] = info.ModTime()
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return files, times
}

func fixtureBuild(t *testing.T, out string) *Build {
	return &Build{FS: fixture(t), Out: out, AsOf: dataset.MustDate("2026-11-25")}
}

func TestBuildIsDeterministic(t *testing.T) {
	t.Parallel()
	a, b := t.TempDir(), t.TempDir()
	for _, out := range []string{a, b} {
		if _, err := fixtureBuild(t, out).Run(context.Background()); err != nil {
			t.Fatalf("Run: %v", err)
		}
	}
	fa, _ := snapshot(t, a)
	fb, _ := snapshot(t, b)
	if len(fa) != len(fb) {
		t.Fatalf("builds wrote %d and %d files", len(fa), len(fb))
	}
	for p, data := range fa {
		if fb[p] != data {
			t.Errorf("%s differs between two builds of the same input", p)
		}
	}
}

func TestRebuildWritesOnlyChangesAndRemovesStale(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	b := fixtureBuild(t, out)
	res, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Written != res.Files || res.Stats.Unchanged != 0 {
		t.Errorf("first build: %+v, want all %d files written", res.Stats, res.Files)
	}
	before, mtimes := snapshot(t, out)
	time.Sleep(20 * time.Millisecond)

	res, err = b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Written != 0 || res.Stats.Removed != 0 {
		t.Errorf("rebuild with no change: %+v, want nothing written or removed", res.Stats)
	}
	_, after := snapshot(t, out)
	for p, m := range mtimes {
		if !after[p].Equal(m) {
			t.Errorf("%s was rewritten by a build that changed nothing", p)
		}
	}

	// Drop the update: its page, its alias and its feed entry must change.
	delete(b.FS.(fstest.MapFS), "content/updates/first.md")
	res, err = b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	now, _ := snapshot(t, out)
	for _, gone := range []string{"updates/first/index.html", "news/first/index.html"} {
		if _, ok := before[gone]; !ok {
			t.Fatalf("first build had no %s", gone)
		}
		if _, ok := now[gone]; ok {
			t.Errorf("%s is still there after its source was removed", gone)
		}
	}
	if res.Stats.Removed == 0 {
		t.Errorf("stats %+v: want removed files counted", res.Stats)
	}
	if _, err := os.Stat(filepath.Join(out, "updates", "first")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("empty folder updates/first left behind (err %v)", err)
	}
}

func TestFailedBuildLeavesOutputUntouched(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	b := fixtureBuild(t, out)
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	before, mtimes := snapshot(t, out)
	for name, broken := range map[string]string{
		"data/carriers.csv":        "id,name,kind\nacme,Acme,shop\n",
		"templates/carrier.html":   "{{define \"main\"}}{{.Nope}}{{end}}",
		"content/updates/first.md": "---\ndate: yesterday\n---\n",
		"templates/auction.html":   "{{define \"main\"}}{{if}}{{end}}",
	} {
		t.Run(name, func(t *testing.T) {
			fsys := fixture(t)
			fsys[name] = file(broken)
			b := &Build{FS: fsys, Out: out, AsOf: dataset.MustDate("2026-11-25")}
			_, err := b.Run(context.Background())
			if !errors.Is(err, ErrInput) {
				t.Fatalf("Run with broken %s: err = %v, want an input error", name, err)
			}
			if !strings.Contains(err.Error(), name) {
				t.Errorf("error %q does not name %s", err, name)
			}
			after, times := snapshot(t, out)
			if len(after) != len(before) {
				t.Fatalf("output has %d files, had %d", len(after), len(before))
			}
			for p, data := range before {
				if after[p] != data || !times[p].Equal(mtimes[p]) {
					t.Errorf("%s changed although the build failed", p)
				}
			}
		})
	}
}

// TestClaim: outputs refuses a path claimed twice, two paths that differ
// only in case, and a path that is a file and a folder, in either order
// and however deep, and counts and finds what it claimed.
func TestClaim(t *testing.T) {
	for _, tc := range []struct {
		paths []string
		want  string // in the error of the last claim; "" for none
	}{
		{[]string{"a/index.html", "b/index.html", "a/c/index.html"}, ""},
		{[]string{"a/index.html", "a/index.html"}, "two outputs claim the same file"},
		{[]string{"a/index.html", "A/index.html"}, "differ only in case"},
		{[]string{"data/x.csv", "data/x.csv/index.html"}, "data/x.csv would have to be both"},
		{[]string{"data/x.csv/index.html", "data/x.csv"}, "data/x.csv would have to be both"},
		// The folders of the first path are met before: the file at q is
		// found where a folder is, however the walk up stopped.
		{[]string{"q/r/s.html", "q/r/t.html", "q"}, "q would have to be both"},
		{[]string{"q/r/s.html", "q/r/t.html", "q/r"}, "q/r would have to be both"},
		{[]string{"m", "m/n/o.html"}, "m would have to be both"},
		{[]string{"k/l/1.html", "k/z/2.html", "k/l/m/3.html", "k/z/m/4.html"}, ""},
	} {
		o := newOutputs(nil, false)
		var err error
		for i, p := range tc.paths {
			if err = o.claim(p); err != nil && i < len(tc.paths)-1 {
				t.Fatalf("%q: claiming %s: %v", tc.paths, p, err)
			}
		}
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%q: %v, want no error", tc.paths, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%q: err = %v, want one saying %q", tc.paths, err, tc.want)
		case tc.want == "" && (o.count() != len(tc.paths) || !o.has(tc.paths[0]) || o.has(strings.ToUpper(tc.paths[0])) || o.has("k")):
			t.Errorf("%q: count %d, has(%s) %t: want every path, and no folder or other case", tc.paths, o.count(), tc.paths[0], o.has(tc.paths[0]))
		}
	}
}
