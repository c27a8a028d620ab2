package site

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/outdir"
	"github.com/postal-access/portal/internal/testkit"
)

// tree reads every file and folder under dir, hidden ones too, as
// diff -r compares them: a folder is "path/", a file its bytes.
func tree(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == dir {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		rel = filepath.ToSlash(rel)
		if d.IsDir() {
			m[rel+"/"] = ""
			return nil
		}
		data, err := os.ReadFile(p)
		m[rel] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sameTree reports every difference between two trees, and hidden names.
func sameTree(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	var diffs []string
	for p, w := range want {
		if g, ok := got[p]; !ok {
			diffs = append(diffs, "only in the first: "+p)
		} else if g != w {
			diffs = append(diffs, "differs: "+p)
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "only in the second: "+p)
		}
		if strings.HasPrefix(p, ".") || strings.Contains(p, "/.") {
			diffs = append(diffs, "hidden: "+p)
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 0 {
		t.Errorf("%s: %d differences, first: %s", what, len(diffs), strings.Join(diffs[:min(len(diffs), 10)], "; "))
	}
}

func bundledBuild(src, out string) *Build {
	return &Build{Src: src, Out: out, AsOf: dataset.MustDate("2026-11-25"), Limits: dataset.DefaultLimits}
}

// TestOutputIsOnlyTheSite: two builds of the same input into two folders
// are the same, hidden files included, and a rebuild into the same folder,
// whether it renders or finds nothing changed, leaves it byte for byte as
// it was. The build's records are in the cache folder, not in the output.
func TestOutputIsOnlyTheSite(t *testing.T) {
	t.Parallel()
	src := testkit.Bundled(t)
	plantUnpublished(t, src)
	a, b := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for _, out := range []string{a, b} {
		if _, err := bundledBuild(src, out).Run(context.Background()); err != nil {
			t.Fatalf("Run into %s: %v", out, err)
		}
	}
	first := tree(t, a)
	sameTree(t, "two builds into two folders", tree(t, b), first)

	res, err := bundledBuild(src, a).Run(context.Background())
	if err != nil || !res.UpToDate {
		t.Fatalf("rebuild with nothing changed: %+v, %v; want up to date", res, err)
	}
	sameTree(t, "a rebuild that found nothing changed", tree(t, a), first)

	// An edit and its undoing: both builds render and write.
	about := filepath.Join(src, "content", "about.md")
	text, err := os.ReadFile(about)
	if err != nil {
		t.Fatal(err)
	}
	for _, edit := range []string{string(text) + "\nOne more line.\n", string(text)} {
		if err := os.WriteFile(about, []byte(edit), 0o644); err != nil {
			t.Fatal(err)
		}
		if res, err := bundledBuild(src, a).Run(context.Background()); err != nil || res.UpToDate || res.Stats.Written == 0 {
			t.Fatalf("rebuild after editing about.md: %+v, %v; want files written", res, err)
		}
	}
	sameTree(t, "a rebuild after an edit and its undoing", tree(t, a), first)

	records, abs, err := outdir.RecordsDir("", a)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(records, os.Getenv(CacheDirEnv)) {
		t.Errorf("records in %s, want them in %s=%s", records, CacheDirEnv, os.Getenv(CacheDirEnv))
	}
	for _, name := range []string{"manifest", "lock", "output"} {
		if _, err := os.Stat(filepath.Join(records, name)); err != nil {
			t.Errorf("records folder: %v", err)
		}
	}
	if note, _ := os.ReadFile(filepath.Join(records, "output")); !strings.Contains(string(note), abs+"\n") {
		t.Errorf("records note = %q, want it to name %s", note, abs)
	}
}

func TestCacheDirSetsWhereRecordsAre(t *testing.T) {
	t.Parallel()
	cache := t.TempDir()
	out := t.TempDir()
	b := fixtureBuild(t, out)
	b.CacheDir = cache
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(cache)
	if len(entries) != 1 || len(entries[0].Name()) != 16 {
		t.Fatalf("Build.CacheDir %s holds %v, want one records folder named by 16 hex digits", cache, entries)
	}
	if _, err := os.Stat(filepath.Join(cache, entries[0].Name(), "manifest")); err != nil {
		t.Errorf("no manifest in Build.CacheDir: %v", err)
	}
}

// TestFolderWithoutRecordsIsRefused: a folder with files portal has no
// record of building is never written to, whether it is someone's or a
// portal build whose records were cleared; emptied, it is built again.
func TestFolderWithoutRecordsIsRefused(t *testing.T) {
	t.Parallel()
	mine := t.TempDir()
	if err := os.WriteFile(filepath.Join(mine, "notes.txt"), []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	built := t.TempDir()
	if _, err := fixtureBuild(t, built).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	records, _, _ := outdir.RecordsDir("", built)
	if err := os.RemoveAll(records); err != nil {
		t.Fatal(err)
	}
	for _, out := range []string{mine, built} {
		before := tree(t, out)
		_, err := fixtureBuild(t, out).Run(context.Background())
		var ue *UsageError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "is not empty and portal has no record of building it: refusing to overwrite it") {
			t.Errorf("Run into %s: err = %v, want a refusal", out, err)
		}
		sameTree(t, "after a refused build", tree(t, out), before)
	}
	if err := os.RemoveAll(built); err != nil {
		t.Fatal(err)
	}
	if _, err := fixtureBuild(t, built).Run(context.Background()); err != nil {
		t.Errorf("Run into the deleted folder: %v", err)
	}
}

// TestStaleFilesAreOnlyThoseWritten: a rebuild removes the pages the last
// build wrote and this one does not, and nothing else.
func TestStaleFilesAreOnlyThoseWritten(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	b := fixtureBuild(t, out)
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"CNAME", "updates/first/extra.txt"} {
		if err := os.WriteFile(filepath.Join(out, filepath.FromSlash(p)), []byte("mine"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	delete(b.FS.(fstest.MapFS), "content/updates/first.md")
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	for p, want := range map[string]bool{"CNAME": true, "updates/first/extra.txt": true, "updates/first/index.html": false} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(p))); (err == nil) != want {
			t.Errorf("after the rebuild, %s exists: %v, want %v", p, err == nil, want)
		}
	}
}

// TestEarlierVersionsOutputIsAdopted: an output folder with the records
// an earlier version kept inside it is built into, and they are removed;
// the files their manifest lists are the last build's.
func TestEarlierVersionsOutputIsAdopted(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	b := fixtureBuild(t, out)
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	want := tree(t, out)
	// Make it look like an earlier version's output, with one more page.
	records, _, _ := outdir.RecordsDir(b.CacheDir, out)
	manifest, err := os.ReadFile(filepath.Join(records, "manifest"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(records); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(out, "updates", "gone", "index.html")
	if err := os.MkdirAll(filepath.Dir(old), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(old, []byte("old page"), 0o644); err != nil {
		t.Fatal(err)
	}
	manifest = fmt.Appendf(manifest, "%032x 8 1 updates/gone/index.html\n", 0)
	for name, data := range map[string][]byte{".portal-manifest": manifest, ".portal-output": []byte("marker\n"), ".portal-lock": nil} {
		if err := os.WriteFile(filepath.Join(out, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatalf("Run into an earlier version's output: %v", err)
	}
	sameTree(t, "an earlier version's output, rebuilt", tree(t, out), want)
}

// TestUnusableCacheIsAClearError: when the records cannot be kept, the
// build says so and how to fix it, and writes nothing.
func TestUnusableCacheIsAClearError(t *testing.T) {
	t.Parallel()
	notAFolder := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(notAFolder, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "public")
	b := fixtureBuild(t, out)
	b.CacheDir = notAFolder
	_, err := b.Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "cannot keep the build's records") || !strings.Contains(err.Error(), CacheDirEnv) {
		t.Errorf("Run with Build.CacheDir a file: err = %v, want it to say so and name %s", err, CacheDirEnv)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("output folder made by a build that could not keep records: %v", err)
	}
}

// TestInterruptedFirstBuildLeavesNoFolder: Ctrl-C during the first build
// into a new folder leaves no folder behind.
func TestInterruptedFirstBuildLeavesNoFolder(t *testing.T) {
	t.Parallel()
	out := filepath.Join(t.TempDir(), "public")
	b := fixtureBuild(t, out)
	ctx, cancel := context.WithCancel(context.Background())
	b.Progress = func(phase string, done, total int) {
		if phase == "rendering" {
			cancel()
		}
	}
	if _, err := b.Run(ctx); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted build: err = %v, want ErrInterrupted", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("interrupted first build left %s behind: %v", out, err)
	}
}
