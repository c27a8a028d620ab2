package site

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"testing/fstest"
	"time"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/testkit"
)

// onDisk writes a MapFS into a temporary source folder.
func onDisk(t *testing.T, m fstest.MapFS) string {
	t.Helper()
	dir := t.TempDir()
	for name, f := range m {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, f.Data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRebuildWithNothingChangedRendersNothing(t *testing.T) {
	t.Parallel()
	src := onDisk(t, fixture(t))
	b := &Build{Src: src, AsOf: dataset.MustDate("2026-11-25")}
	first, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	second, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !second.UpToDate || second.Pages != 0 || second.Stats.Written != 0 || second.Stats.Unchanged != first.Files {
		t.Errorf("second build: %+v, want up to date with %d files unchanged and nothing rendered", second, first.Files)
	}

	// A different as-of date is a different build.
	b.AsOf = dataset.MustDate("2026-11-26")
	third, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if third.UpToDate || third.Stats.Written == 0 {
		t.Errorf("build with a new as-of date: %+v, want pages rewritten", third.Stats)
	}

	// A file removed from the output by hand comes back.
	victim := filepath.Join(src, "public", "carriers", "acme", "index.html")
	if err := os.Remove(victim); err != nil {
		t.Fatal(err)
	}
	fourth, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if fourth.UpToDate || fourth.Stats.Written != 1 {
		t.Errorf("after deleting one output file: %+v, want exactly it rewritten", fourth.Stats)
	}
	if _, err := os.Stat(victim); err != nil {
		t.Errorf("deleted output file not restored: %v", err)
	}

	// One source edit: only the pages whose bytes change are written.
	before, mtimes := snapshot(t, filepath.Join(src, "public"))
	time.Sleep(20 * time.Millisecond)
	about := filepath.Join(src, "content", "methodology.md")
	if err := os.WriteFile(about, []byte("---\ntitle: Methodology\n---\n\n## Shares\n\nHHI is the sum of squared percentage shares.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	after, times := snapshot(t, filepath.Join(src, "public"))
	var changed []string
	for p := range after {
		if !times[p].Equal(mtimes[p]) {
			changed = append(changed, p)
		}
		if after[p] == before[p] && !times[p].Equal(mtimes[p]) {
			t.Errorf("%s was rewritten with the same bytes", p)
		}
	}
	// The search index holds the page's text (see searchTexts).
	slices.Sort(changed)
	if strings.Join(changed, ",") != "methodology/index.html,search/index.json" {
		t.Errorf("files rewritten after editing methodology.md: %v, want only methodology/index.html and search/index.json", changed)
	}
}

// TestColdBuildRecordsTheKeysARebuildMakes edits one markdown file after
// a cold build, and after a cold build and a rebuild, and checks that
// the two rebuilds render the same pages, and few: a cold build makes
// every page's key before its pages render (keyAll), a rebuild as each
// page renders, and both must be the same key.
func TestColdBuildRecordsTheKeysARebuildMakes(t *testing.T) {
	t.Parallel()
	edited := func(rebuildFirst bool) *Result {
		src := onDisk(t, fixture(t))
		b := &Build{Src: src, AsOf: dataset.MustDate("2026-11-25")}
		if _, err := b.Run(context.Background()); err != nil {
			t.Fatal(err)
		}
		if rebuildFirst { // one file removed by hand: a rebuild that keys each page as it renders
			if err := os.Remove(filepath.Join(src, "public", "carriers", "acme", "index.html")); err != nil {
				t.Fatal(err)
			}
			if res, err := b.Run(context.Background()); err != nil || res.Stats.Written != 1 {
				t.Fatalf("rebuild after removing a file: %+v, %v; want it alone written", res, err)
			}
		}
		if err := os.WriteFile(filepath.Join(src, "content", "methodology.md"), []byte("---\ntitle: Methodology\n---\n\nEdited.\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		res, err := b.Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	afterCold, afterRebuild := edited(false), edited(true)
	if afterCold.Rendered != afterRebuild.Rendered || afterCold.Rendered*2 > afterCold.Pages {
		t.Errorf("after editing methodology.md, a rebuild rendered %d of %d pages after a cold build, %d after a rebuild; want the same few",
			afterCold.Rendered, afterCold.Pages, afterRebuild.Rendered)
	}
}

func TestTouchedFilesAreComparedNotRewritten(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	b := fixtureBuild(t, out)
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	// Touch every file, as cp -r or a cache restore would.
	old := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	files, _ := snapshot(t, out)
	for p := range files {
		if err := os.Chtimes(filepath.Join(out, p), old, old); err != nil {
			t.Fatal(err)
		}
	}
	res, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Written != 0 {
		t.Errorf("after touching every file: %+v, want nothing rewritten", res.Stats)
	}
}

func TestUpToDateBuildStillReportsWarnings(t *testing.T) {
	t.Parallel()
	src := onDisk(t, fixture(t))
	b := &Build{Src: src, AsOf: dataset.MustDate("2026-11-25")}
	first, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	second, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !second.UpToDate || len(first.Warnings) == 0 || second.Warnings.Format(0) != first.Warnings.Format(0) {
		t.Errorf("up-to-date build warnings =\n%s\nwant the first build's\n%s", second.Warnings.Format(0), first.Warnings.Format(0))
	}
}

func TestTwoBuildsCannotWriteAtOnce(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	w, err := (&Build{}).openWriter(out)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	_, err = fixtureBuild(t, out).Run(context.Background())
	if err == nil || !strings.Contains(err.Error(), "another portal build is writing to") {
		t.Errorf("second build while the first holds the lock: err = %v, want a clear refusal", err)
	}
}

func TestInterruptedBuildLeavesOutputUntouched(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	if _, err := fixtureBuild(t, out).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	before, mtimes := snapshot(t, out)
	fsys := fixture(t)
	fsys["content/about.md"] = file("---\ntitle: About, changed\n---\n\nNew text.\n")
	b := &Build{FS: fsys, Out: out, AsOf: dataset.MustDate("2026-11-25")}
	ctx, cancel := context.WithCancel(context.Background())
	var n atomic.Int32 // Progress may be called from several goroutines
	b.Progress = func(phase string, done, total int) {
		if phase == "rendering" {
			if n.Add(1) == 5 {
				cancel() // Ctrl-C in the middle of rendering
			}
		}
	}
	if _, err := b.Run(ctx); !errors.Is(err, ErrInterrupted) {
		t.Fatalf("interrupted build: err = %v, want ErrInterrupted", err)
	}
	after, times := snapshot(t, out)
	if len(after) != len(before) {
		t.Errorf("output has %d files after an interrupted build, had %d", len(after), len(before))
	}
	for p, data := range before {
		if after[p] != data || !times[p].Equal(mtimes[p]) {
			t.Errorf("%s changed although the build was interrupted", p)
		}
	}
	if _, err := os.Stat(filepath.Join(out, ".portal-staging")); !os.IsNotExist(err) {
		t.Errorf("staging folder left behind: %v", err)
	}
}

func TestSymlinksOutOfTheSourceAreRefused(t *testing.T) {
	t.Parallel()
	src := onDisk(t, fixture(t))
	secret := filepath.Join(t.TempDir(), "secret.csv")
	if err := os.WriteFile(secret, []byte("id,name,kind\nx,X,other\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	inside := filepath.Join(src, "static", "logo.svg")
	if err := os.WriteFile(inside, []byte("<svg/>"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(inside, filepath.Join(src, "static", "logo-link.svg")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	b := &Build{Src: src, AsOf: dataset.MustDate("2026-11-25")}
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatalf("a link inside the source folder: %v", err)
	}
	if err := os.Remove(filepath.Join(src, "data", "carriers.csv")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(secret, filepath.Join(src, "data", "carriers.csv")); err != nil {
		t.Fatal(err)
	}
	want := "data/carriers.csv: symbolic link to " + secret + ", outside the source folder: copy the file in instead"
	for name, run := range map[string]func() error{
		"build": func() error { _, err := b.Run(context.Background()); return err },
		"check": func() error { _, err := b.Check(context.Background(), false); return err },
	} {
		err := run()
		if err == nil || err.Error() != want {
			t.Errorf("%s with a link out of the source: err = %v, want %q", name, err, want)
		}
	}
}

func TestFullDiskLeavesOutputUntouched(t *testing.T) {
	t.Parallel()
	out := t.TempDir()
	if _, err := fixtureBuild(t, out).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	before, mtimes := snapshot(t, out)
	fsys := fixture(t)
	fsys["content/about.md"] = file("---\ntitle: About, changed\n---\n\nNew text.\n")
	b := &Build{FS: fsys, Out: out, AsOf: dataset.MustDate("2026-11-26")}
	w, err := (&Build{}).openWriter(out)
	if err != nil {
		t.Fatal(err)
	}
	// The disk fills up after three files (outdir's own tests fail the
	// write itself).
	var n atomic.Int32
	put := func(p string, data []byte) error {
		if n.Add(1) > 3 {
			return fmt.Errorf("writing %s: %w", p, syscall.ENOSPC)
		}
		return w.Put(p, data)
	}
	_, err = b.generate(context.Background(), put)
	w.Abort()
	if !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("build on a full disk: err = %v, want ENOSPC", err)
	}
	after, times := snapshot(t, out)
	if len(after) != len(before) {
		t.Errorf("output has %d files after a failed write, had %d", len(after), len(before))
	}
	for p, data := range before {
		if after[p] != data || !times[p].Equal(mtimes[p]) {
			t.Errorf("%s changed although writing failed", p)
		}
	}
}

func TestPathsThatDifferOnlyInCaseAreRefused(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	fsys["content/updates/first.md"] = file("---\ntitle: First update\ndate: 2026-02-11\naliases: [/Carriers/Acme/]\n---\n\nText.\n")
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25")}
	_, _, err := b.Generate(context.Background())
	if err == nil || !strings.Contains(err.Error(), "differ only in case") {
		t.Errorf("alias /Carriers/Acme/ beside /carriers/acme/: err = %v, want a case clash", err)
	}
	// The clash is reported at the path with capitals, the alias,
	// whichever the build made first.
	var ierr *InputError
	if !errors.As(err, &ierr) || len(ierr.List) != 1 || ierr.List[0].Pos.File != "Carriers/Acme/index.html" {
		t.Errorf("case clash reported at %v, want Carriers/Acme/index.html", err)
	}
	for _, order := range [][2]string{{"Carriers/Acme/index.html", "carriers/acme/index.html"}, {"carriers/acme/index.html", "Carriers/Acme/index.html"}} {
		o := newOutputs(nil, false)
		if err := o.claim(order[0]); err != nil {
			t.Fatal(err)
		}
		err := o.claim(order[1])
		if !errors.As(err, &ierr) || ierr.List[0].Pos.File != "Carriers/Acme/index.html" || !strings.Contains(ierr.List[0].Msg, "Carriers/Acme/index.html and carriers/acme/index.html") {
			t.Errorf("claimed %q then %q: %v, want the clash at Carriers/Acme/index.html, named first", order[0], order[1], err)
		}
	}
}

// TestOneRowChangeRewritesExactlyTheChangedFiles edits one CSV row and
// checks that the rebuild rewrites exactly the files whose bytes differ
// from the previous build (as a cold build of the new input shows), keeps
// every other file's mtime, and leaves a tree identical to a cold build.
func TestOneRowChangeRewritesExactlyTheChangedFiles(t *testing.T) {
	t.Parallel()
	src := onDisk(t, fixture(t))
	out := filepath.Join(t.TempDir(), "public")
	b := &Build{Src: src, Out: out, AsOf: dataset.MustDate("2026-11-25")}
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	before, mtimes := snapshot(t, out)
	time.Sleep(20 * time.Millisecond)

	csvPath := filepath.Join(src, "data", "carriers.csv")
	data, _ := os.ReadFile(csvPath)
	edited := strings.Replace(string(data), "BigBox Logistics", "BigBox Freight", 1)
	if edited == string(data) {
		t.Fatal("fixture row not found")
	}
	if err := os.WriteFile(csvPath, []byte(edited), 0o644); err != nil {
		t.Fatal(err)
	}
	res, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	after, times := snapshot(t, out)

	cold := filepath.Join(t.TempDir(), "public")
	if _, err := (&Build{Src: src, Out: cold, AsOf: b.AsOf}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	want, _ := snapshot(t, cold)
	if len(after) != len(want) {
		t.Fatalf("incremental tree has %d files, cold build %d", len(after), len(want))
	}
	var expected, rewritten []string
	for p, data := range want {
		if after[p] != data {
			t.Errorf("%s differs from a cold build of the same input", p)
		}
		if before[p] != data {
			expected = append(expected, p)
		}
		if !times[p].Equal(mtimes[p]) {
			rewritten = append(rewritten, p)
		}
	}
	slices.Sort(expected)
	slices.Sort(rewritten)
	if len(expected) == 0 || !slices.Equal(expected, rewritten) {
		t.Errorf("rewritten files:\n%v\nwant exactly those whose bytes changed:\n%v", rewritten, expected)
	}
	if res.Stats.Written != len(expected) {
		t.Errorf("stats %+v, want %d written", res.Stats, len(expected))
	}
}

func TestAPathCannotBeAFileAndAFolder(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	fsys["content/updates/first.md"] = file("---\ntitle: First update\ndate: 2026-02-11\naliases: [/data/carriers.csv/]\n---\n\nText.\n")
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25")}
	_, _, err := b.Generate(context.Background())
	if err == nil || !strings.Contains(err.Error(), "data/carriers.csv would have to be both a file and a folder") {
		t.Errorf("alias /data/carriers.csv/: err = %v, want a file/folder clash", err)
	}
}

// Files and folders under static/ and content/ are copied to the output
// as they are named, so a Windows device name there is refused at its
// path, like one in an id or a markdown file name; so is a name with a
// control character, which would also break the manifest's lines.
func TestDeviceNamesInCopiedFilesAreRefused(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ path, want string }{
		{"static/nul.txt", `static/nul.txt: file name "nul.txt" is a device name on Windows`},
		{"static/img/COM1.png", `static/img/COM1.png: file name "COM1.png" is a device name on Windows`},
		{"static/aux/logo.svg", `static/aux: folder name "aux" is a device name on Windows`},
		{"content/updates/con.pdf", `content/updates/con.pdf: file name "con.pdf" is a device name on Windows`},
		{"static/a\nb.txt", `static/a` + "\n" + `b.txt: name "a\nb.txt" has a control character`},
		{"static/tab\tdir/x.css", `static/tab` + "\t" + `dir: name "tab\tdir" has a control character`},
	} {
		t.Run(tc.path, func(t *testing.T) {
			fsys := fixture(t)
			fsys[tc.path] = file("x")
			b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25")}
			_, _, err := b.Generate(context.Background())
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
		})
	}
	// Names that only start like a device are fine.
	fsys := fixture(t)
	fsys["static/console.txt"] = file("x")
	fsys["static/com10.png"] = file("x")
	if _, _, err := (&Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25")}).Generate(context.Background()); err != nil {
		t.Errorf("console.txt and com10.png: %v", err)
	}
}

// TestDiskBuildWritesWhatMemoryBuildMakes: a build to disk hands each
// page's memory back once its file is written, for the pages after it
// (outputs.keepThen); every file it writes must still be, byte for byte,
// what the in-memory build, which lends nothing, makes. A page whose
// memory went back too early would hold another page's bytes.
func TestDiskBuildWritesWhatMemoryBuildMakes(t *testing.T) {
	t.Parallel()
	src := testkit.Corpus(t, 1, 11)
	out := filepath.Join(t.TempDir(), "public")
	asOf := dataset.MustDate("2026-11-25")
	if _, err := (&Build{Src: src, Out: out, CacheDir: t.TempDir(), AsOf: asOf}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	written, _ := snapshot(t, out)
	files, _, err := (&Build{Src: src, FS: os.DirFS(src), AsOf: asOf}).Generate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != len(written) || len(files) < 1000 {
		t.Fatalf("the build to disk wrote %d files, the build in memory made %d; want the same, over 1000", len(written), len(files))
	}
	for _, f := range files {
		if written[f.Path] != string(f.Data) {
			t.Errorf("%s on disk differs from the build in memory", f.Path)
		}
	}
}
