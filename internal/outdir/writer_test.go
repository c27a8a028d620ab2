package outdir

import (
	"bytes"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/diag"
)

// folders returns a new output folder (not made yet) and a cache folder.
func folders(t *testing.T) (out, cache string) {
	return filepath.Join(t.TempDir(), "public"), t.TempDir()
}

// commit writes files as one build.
func commit(out, cache string, files []File) (Stats, error) {
	w, err := Open(out, cache)
	if err != nil {
		return Stats{}, err
	}
	for _, f := range files {
		if err := w.Put(f.Path, f.Data); err != nil {
			w.Abort()
			return Stats{}, err
		}
	}
	return w.Commit("", nil, nil)
}

// files reads every file under dir, hidden ones too.
func files(t *testing.T, dir string) map[string]string {
	t.Helper()
	m := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		m[filepath.ToSlash(rel)] = string(data)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestWriterRefusesUnsafePaths(t *testing.T) {
	t.Parallel()
	for _, p := range []string{"../x.html", "/etc/passwd", "a/../../b", "a\\b", "", ".", ".portal-output", ".portal-manifest", "a/.hidden", stagingDir + "/x", "a//b", "x\x00y"} {
		w, err := Open(folders(t))
		if err != nil {
			t.Fatal(err)
		}
		if err := w.Put(p, []byte("x")); err == nil {
			t.Errorf("Put(%q) = nil error, want refusal", p)
		}
		w.Abort()
	}
}

func TestCommitReplacesSymlinkedFolder(t *testing.T) {
	t.Parallel()
	out, cache := folders(t)
	elsewhere := t.TempDir()
	if _, err := commit(out, cache, []File{{Path: "index.html", Data: []byte("home")}}); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(elsewhere, filepath.Join(out, "carriers")); err != nil {
		t.Skip("symlinks not supported:", err)
	}
	if _, err := commit(out, cache, []File{{Path: "index.html", Data: []byte("home")}, {Path: "carriers/index.html", Data: []byte("hi")}}); err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
		t.Errorf("commit wrote through a symbolic link to %s: %v", elsewhere, entries)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "carriers", "index.html")); !bytes.Equal(data, []byte("hi")) {
		t.Errorf("carriers/index.html = %q, want hi", data)
	}
}

// TestLockKeepsBuildsApart: a second writer into the same folder is
// refused while the first holds it, and let in once it is done.
func TestLockKeepsBuildsApart(t *testing.T) {
	t.Parallel()
	out, cache := folders(t)
	first, err := Open(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Open(out, cache); err == nil || !strings.Contains(err.Error(), "another portal build is writing to "+out) {
		t.Errorf("Open while another writer holds %s: err = %v, want a refusal", out, err)
	}
	first.Abort()
	second, err := Open(out, cache)
	if err != nil {
		t.Fatalf("Open after the first writer aborted: %v", err)
	}
	second.Abort()
}

// TestCommitRemovesOnlyStaleFiles: a commit removes the files the last
// commit wrote and this one did not, and the folders they leave empty,
// but never a file someone else put there.
func TestCommitRemovesOnlyStaleFiles(t *testing.T) {
	t.Parallel()
	out, cache := folders(t)
	if _, err := commit(out, cache, []File{{"index.html", []byte("home")}, {"gone/deep/index.html", []byte("old")}, {"kept/index.html", []byte("k")}}); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "kept", "mine.txt"), []byte("mine"), 0o644); err != nil {
		t.Fatal(err)
	}
	st, err := commit(out, cache, []File{{"index.html", []byte("new home")}, {"kept/index.html", []byte("k")}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"index.html": "new home", "kept/index.html": "k", "kept/mine.txt": "mine"}
	if got := files(t, out); !maps.Equal(got, want) {
		t.Errorf("after the second commit the folder holds %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	if _, err := os.Stat(filepath.Join(out, "gone")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("emptied folder gone/ left behind: %v", err)
	}
	if want := (Stats{Written: 1, Unchanged: 1, Removed: 1}); st != want {
		t.Errorf("second commit: %+v, want %+v", st, want)
	}
}

// TestUnrecordedFolderIsRefused: a folder holding files but no record of
// a build is left as it is.
func TestUnrecordedFolderIsRefused(t *testing.T) {
	t.Parallel()
	out, cache := t.TempDir(), t.TempDir()
	if err := os.WriteFile(filepath.Join(out, "notes.txt"), []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(out, cache); !errors.Is(err, ErrUnrecorded) {
		t.Errorf("Open of a folder with someone's files: err = %v, want ErrUnrecorded", err)
	}
	if got := files(t, out); !maps.Equal(got, map[string]string{"notes.txt": "keep me"}) {
		t.Errorf("refused folder now holds %v", got)
	}
}

// TestEarlierVersionsRecordsAreAdopted: a folder with the records an
// earlier version kept inside it is built into; the files its manifest
// lists are stale if not written again, and the records are removed.
func TestEarlierVersionsRecordsAreAdopted(t *testing.T) {
	t.Parallel()
	out, cache := t.TempDir(), t.TempDir()
	manifest := fmt.Sprintf("fingerprint x\n%032x 3 1 old.html\n", 0)
	for name, data := range map[string]string{"old.html": "old", ".portal-manifest": manifest, ".portal-output": "marker\n", ".portal-lock": ""} {
		if err := os.WriteFile(filepath.Join(out, name), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := commit(out, cache, []File{{"index.html", []byte("home")}}); err != nil {
		t.Fatalf("commit into an earlier version's output: %v", err)
	}
	if got := files(t, out); !maps.Equal(got, map[string]string{"index.html": "home"}) {
		t.Errorf("after the commit the folder holds %v, want only index.html", slices.Sorted(maps.Keys(got)))
	}
}

// lastBuild commits index.html and a/index.html into a new output folder,
// as the build a test's build follows, and returns the folders and the
// files the output then holds.
func lastBuild(t *testing.T) (out, cache string, before map[string]string) {
	t.Helper()
	out, cache = folders(t)
	if _, err := commit(out, cache, []File{{"index.html", []byte("home")}, {"a/index.html", []byte("a")}}); err != nil {
		t.Fatal(err)
	}
	return out, cache, files(t, out)
}

// TestFailedWriteLeavesOutputUntouched: when the disk fills up, Put says
// so and Abort leaves the last build's files as they were.
func TestFailedWriteLeavesOutputUntouched(t *testing.T) {
	t.Parallel()
	out, cache, before := lastBuild(t)
	w, err := Open(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	w.stage.write = func(d *openDir, name string, data []byte) (int64, error) {
		if n++; n > 1 {
			return 0, syscall.ENOSPC
		}
		return writeFile(d, name, data)
	}
	err = w.Put("a/index.html", []byte("new a"))
	if err == nil {
		err = w.Put("b/index.html", []byte("b"))
	}
	w.Abort()
	if !errors.Is(err, syscall.ENOSPC) || !strings.Contains(err.Error(), "writing b/index.html") {
		t.Fatalf("Put on a full disk: err = %v, want ENOSPC naming b/index.html", err)
	}
	if got := files(t, out); !maps.Equal(got, before) {
		t.Errorf("after a failed write the folder holds %v, want %v", got, before)
	}
}

// TestPageKeysAreReused: a file committed with a key is reused by the
// next writer for the same key while it is on disk as it was left.
func TestPageKeysAreReused(t *testing.T) {
	t.Parallel()
	out, cache := folders(t)
	key := [16]byte{1}
	w, err := Open(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	if w.Warm() {
		t.Error("Warm() of a first build = true, want false")
	}
	if err := w.Put("index.html", []byte("home")); err != nil {
		t.Fatal(err)
	}
	w.Record("index.html", key)
	if _, err := w.Commit("fp", nil, nil); err != nil {
		t.Fatal(err)
	}
	reuse := func() bool {
		w, err := Open(out, cache)
		if err != nil {
			t.Fatal(err)
		}
		defer w.Abort()
		return w.Warm() && w.Reuse("index.html", key) && !w.Reuse("index.html", [16]byte{2})
	}
	if !reuse() {
		t.Error("Reuse of a file committed with the same key = false, want true")
	}
	if err := os.WriteFile(filepath.Join(out, "index.html"), []byte("edited"), 0o644); err != nil {
		t.Fatal(err)
	}
	if reuse() {
		t.Error("Reuse of a file edited since = true, want false")
	}
}

// TestManifestRoundTrip: what a build records reads back the same, and a
// damaged manifest reads as none.
func TestManifestRoundTrip(t *testing.T) {
	t.Parallel()
	m := newManifest()
	m.fingerprint = "abc"
	m.files["index.html"] = entry{hash: [16]byte{1}, size: 4, mtime: 5}
	m.files["a b/c.csv"] = entry{hash: [16]byte{15: 0xfe}, size: 1 << 40, mtime: -1}
	m.files["old.html"] = entry{hash: [16]byte{9}, size: 0, mtime: math.MaxInt64}
	m.keys["index.html"] = [16]byte{2}
	m.keys["a b/c.csv"] = [16]byte{0: 0xab, 15: 0xcd}
	m.stamps = map[string]Stamp{"carriers": {Updated: "2026-11-01", Digest: [32]byte{3}}, "agreements": {Digest: [32]byte{4}}}
	m.warnings = diag.List{{Pos: diag.Pos{File: "data/carriers.csv", Line: 2}, Severity: diag.Warning, Msg: "w"}}
	data, err := m.format()
	if err != nil {
		t.Fatal(err)
	}
	got := readManifest(bytes.NewReader(data), true)
	if got.fingerprint != m.fingerprint || !maps.Equal(got.files, m.files) || !maps.Equal(got.keys, m.keys) || !maps.Equal(got.stamps, m.stamps) || len(got.warnings) != 1 {
		t.Errorf("readManifest(format(m)) = %+v, want %+v", got, m)
	}
	// Without the files, as for an output folder deleted since: the
	// rest as it was, and no file or key.
	got = readManifest(bytes.NewReader(data), false)
	if got.fingerprint != m.fingerprint || len(got.files)+len(got.keys) != 0 || !maps.Equal(got.stamps, m.stamps) || len(got.warnings) != 1 {
		t.Errorf("readManifest(format(m), without files) = %+v", got)
	}
	hash := strings.Repeat("00", 16)
	for _, bad := range []string{
		"key 00 index.html", "key " + hash + "00 index.html", "key " + hash, "key " + hash + " ../x",
		"dataset nosuchset - " + strings.Repeat("00", 32),
		"00 1 2 ../x", hash + " 1 2 ../x", hash + "0 1 2 x", "zz" + hash[2:] + " 1 2 x",
		hash + " 1x 2 x", hash + " 1 +2 x", hash + " - 2 x", hash + " 1 99999999999999999999 x", hash + " 1 9223372036854775808 x",
		hash + " 1 2", hash + " 1", hash,
		"warning {",
	} {
		if got := readManifest(strings.NewReader(string(data)+bad+"\n"), true); len(got.files) != 0 || got.fingerprint != "" {
			t.Errorf("readManifest with the line %q = %+v, want empty", bad, got)
		}
	}
}

// FuzzReadManifest: a manifest in the records is read back whatever it
// holds, without a panic, and what reads as a manifest formats and reads
// again the same; read without its files, it gives the same rest.
func FuzzReadManifest(f *testing.F) {
	m := newManifest()
	m.fingerprint = "abc"
	m.files["index.html"] = entry{hash: [16]byte{1}, size: 4, mtime: -5}
	m.keys["index.html"] = [16]byte{2}
	m.stamps = map[string]Stamp{"carriers": {Updated: "2026-11-01", Digest: [32]byte{3}}}
	data, err := m.format()
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("fingerprint x\nkey 0102 a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		got := readManifest(bytes.NewReader(data), true)
		rest := readManifest(bytes.NewReader(data), false)
		if len(got.files) > 0 && (rest.fingerprint != got.fingerprint || !maps.Equal(rest.stamps, got.stamps) || len(rest.warnings) != len(got.warnings)) {
			t.Errorf("without files: %+v, with: %+v", rest, got)
		}
		again, err := got.format()
		if err != nil {
			return // a warning JSON reads but does not write again
		}
		back := readManifest(bytes.NewReader(again), true)
		if len(got.files) > 0 && (back.fingerprint != got.fingerprint || !maps.Equal(back.files, got.files) || !maps.Equal(back.stamps, got.stamps)) {
			t.Errorf("read, formatted and read again: %+v, want %+v", back, got)
		}
		for p, k := range back.keys {
			if _, ok := got.files[p]; !ok || got.keys[p] != k {
				t.Errorf("key of %s read back as %x, want %x", p, k, got.keys[p])
			}
		}
	})
}

// TestDeletedOutputIsCold: when the output folder was deleted since the
// last build, the writer neither holds nor offers that build's files
// (nothing of them is there to reuse), but keeps its data sets' stamps.
func TestDeletedOutputIsCold(t *testing.T) {
	t.Parallel()
	out, cache := folders(t)
	w, err := Open(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Put("index.html", []byte("home")); err != nil {
		t.Fatal(err)
	}
	w.Record("index.html", [16]byte{1})
	stamps := map[string]Stamp{"carriers": {Updated: "2026-11-01", Digest: [32]byte{3}}}
	if _, err := w.Commit("fp", nil, stamps); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(out); err != nil {
		t.Fatal(err)
	}
	w, err = Open(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if w.Warm() || len(w.last.files) != 0 {
		t.Errorf("after the output was deleted: Warm() = %t with %d files of the last build, want false and none", w.Warm(), len(w.last.files))
	}
	if got := w.Last().Stamps; !maps.Equal(got, stamps) {
		t.Errorf("after the output was deleted: stamps %v, want %v", got, stamps)
	}
}

// TestIntactLooksAtEveryFile: Intact, which looks at the files on every
// CPU, finds any one file of many changed, whichever it is and however:
// removed, rewritten at another size, its time changed, or made a
// folder. Once it found them all intact, Reuse takes its word.
func TestIntactLooksAtEveryFile(t *testing.T) {
	t.Parallel()
	out, cache := folders(t)
	w, err := Open(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	var paths []string
	for i := range 23 {
		p := fmt.Sprintf("d%d/f%d.html", i%4, i)
		paths = append(paths, p)
		if err := w.Put(p, []byte("page")); err != nil {
			t.Fatal(err)
		}
		w.Record(p, [16]byte{byte(i)})
	}
	if _, err := w.Commit("fp", nil, nil); err != nil {
		t.Fatal(err)
	}
	intact := func() bool { t.Helper(); return intactNow(t, out, cache) }
	if !intact() {
		t.Fatal("Intact() = false for the output as committed")
	}
	changes := map[string]func(string) error{
		"removed":   os.Remove,
		"rewritten": func(f string) error { return os.WriteFile(f, []byte("longer page"), 0o644) },
		"touched": func(f string) error {
			return os.Chtimes(f, time.Unix(1, 0), time.Unix(1, 0))
		},
		"a folder": func(f string) error {
			if err := os.Remove(f); err != nil {
				return err
			}
			return os.Mkdir(f, 0o755)
		},
	}
	for i, p := range paths {
		for how, change := range changes {
			f := filepath.Join(out, filepath.FromSlash(p))
			saved, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			info, _ := os.Stat(f)
			if err := change(f); err != nil {
				t.Fatal(err)
			}
			if intact() {
				t.Errorf("Intact() = true with file %d of %d %s", i, len(paths), how)
			}
			if err := os.RemoveAll(f); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(f, saved, 0o644); err != nil {
				t.Fatal(err)
			}
			if err := os.Chtimes(f, info.ModTime(), info.ModTime()); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !intact() {
		t.Fatal("Intact() = false with every file restored")
	}

	// Intact once, Reuse needs no second look at a file (and cannot
	// tell one changed since; the next build's Intact will).
	w, err = Open(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if !w.Intact() {
		t.Fatal("Intact() = false")
	}
	if err := os.Remove(filepath.Join(out, "d0", "f0.html")); err != nil {
		t.Fatal(err)
	}
	if !w.Reuse("d0/f0.html", [16]byte{0}) || w.Reuse("d1/f1.html", [16]byte{9}) {
		t.Error("after Intact, Reuse did not go by the keys alone")
	}
	w.Abort()

	// Not all intact: Reuse looks at each file again.
	w, err = Open(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if w.Intact() {
		t.Fatal("Intact() = true with a file removed")
	}
	if w.Reuse("d0/f0.html", [16]byte{0}) || !w.Reuse("d1/f1.html", [16]byte{1}) {
		t.Error("after Intact found a file removed, Reuse did not look at each file")
	}
}

// TestStageKeepsFoldersOpen: files staged at every depth, at once, in
// more folders that hold folders than the stage keeps open, land where
// their paths say, and nothing is staged once the build is committed.
func TestStageKeepsFoldersOpen(t *testing.T) {
	t.Parallel()
	out, cache := folders(t)
	w, err := Open(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	w.Start() // written by the writer's goroutines, at once
	for i := range maxOpenDirs + 10 {
		for _, p := range []string{"s%d/index.html", "s%d/a/index.html", "s%d/a/b/c/index.json", "s%d/a/b/index.html", "top%d.txt"} {
			p = fmt.Sprintf(p, i)
			want[p] = p
			if err := w.Enqueue(p, []byte(p)); err != nil {
				t.Fatalf("Enqueue(%q): %v", p, err)
			}
		}
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if _, err := w.Commit("", nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := files(t, out); !maps.Equal(got, want) {
		t.Errorf("committed %d files, want %d; first differing: %v", len(got), len(want), firstDiff(got, want))
	}
	if err := w.Put("late/index.html", []byte("x")); err == nil {
		t.Error("Put after Commit = nil error, want one")
	}
}

// TestRebuildStagesFlat: a build into an output that holds the last one
// stages its files flat, in the staging folder itself and no folders
// under it, written at once, and its commit puts each where its path
// says: over the last build's file, into a folder that is new, where a
// folder was, where a file was in the way of a folder, and not through a
// folder made a symbolic link. It does so renaming between descriptors
// and, where there are none, through os.Root.
func TestRebuildStagesFlat(t *testing.T) {
	t.Parallel()
	for _, viaRoot := range []bool{false, true} {
		t.Run(fmt.Sprintf("through os.Root %t", viaRoot), func(t *testing.T) {
			t.Parallel()
			out, cache := folders(t)
			elsewhere := t.TempDir()
			first := []File{{"index.html", []byte("home")}, {"kept/index.html", []byte("k")}, {"was-folder/x.html", []byte("x")}, {"was-file", []byte("f")}}
			for i := range 40 {
				first = append(first, File{fmt.Sprintf("s/%d/index.html", i), []byte("old")})
			}
			if _, err := commit(out, cache, first); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(elsewhere, filepath.Join(out, "linked")); err != nil {
				t.Skip("symlinks not supported:", err)
			}

			w, err := Open(out, cache)
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]string{"kept/index.html": "k"}
			w.Start()
			put := func(p, data string) {
				want[p] = data
				if err := w.Enqueue(p, []byte(data)); err != nil {
					t.Fatalf("Enqueue(%q): %v", p, err)
				}
			}
			put("index.html", "new home")
			put("kept/index.html", "k")
			put("was-folder", "now a file")
			put("was-file/index.html", "now a folder")
			put("linked/index.html", "in a real folder")
			for i := range 40 {
				put(fmt.Sprintf("s/%d/index.html", i), fmt.Sprint("new ", i))
				put(fmt.Sprintf("new/%d/a/index.json", i), fmt.Sprint(i))
			}
			if err := w.Flush(); err != nil {
				t.Fatal(err)
			}
			staged, err := os.ReadDir(filepath.Join(out, stagingDir))
			if err != nil {
				t.Fatal(err)
			}
			if len(staged) != len(want)-1 { // kept/index.html is not written again
				t.Errorf("staged %d files, want %d", len(staged), len(want)-1)
			}
			for _, e := range staged {
				if !e.Type().IsRegular() {
					t.Errorf("staging holds %s, %v: want only files", e.Name(), e.Type())
				}
			}
			if viaRoot {
				w.stage.top.fd = -1
			}
			st, err := w.Commit("", nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			switch beneath := w.stage.beneath; {
			case viaRoot && beneath != 0:
				t.Errorf("%d files renamed between descriptors with none to rename by", beneath)
			case !viaRoot && openat2Works(t) && beneath != st.Written:
				t.Errorf("%d of %d files renamed between descriptors, want all", beneath, st.Written)
			}
			if got := files(t, out); !maps.Equal(got, want) {
				t.Errorf("committed %d files, want %d; first differing: %v", len(got), len(want), firstDiff(got, want))
			}
			if entries, _ := os.ReadDir(elsewhere); len(entries) != 0 {
				t.Errorf("commit wrote through a symbolic link to %s: %v", elsewhere, entries)
			}
			if w := (Stats{Written: len(want) - 1, Unchanged: 1}); st != w {
				t.Errorf("commit: %+v, want %+v", st, w)
			}
			if err := w.Put("late/index.html", []byte("x")); err == nil {
				t.Error("Put after Commit = nil error, want one")
			}
		})
	}
}

// openat2Works reports whether files can be opened beneath a descriptor
// here (Linux 5.6 and later, with no filter refusing openat2).
func openat2Works(t *testing.T) bool {
	f, err := os.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd, ok, err := dirBeneath(int(f.Fd()), ".")
	if ok && err == nil {
		closeFD(fd)
	}
	return ok && err == nil
}

// TestRebuildRefusesAPathStagedTwice: a path put twice in one rebuild
// fails the commit before anything is moved, rather than leaving in
// place whichever copy came last.
func TestRebuildRefusesAPathStagedTwice(t *testing.T) {
	t.Parallel()
	out, cache, before := lastBuild(t)
	_, err := commit(out, cache, []File{{"a/index.html", []byte("one")}, {"b/index.html", []byte("b")}, {"a/index.html", []byte("two")}})
	if err == nil || !strings.Contains(err.Error(), "a/index.html was staged twice") {
		t.Errorf("commit with a path put twice: err = %v, want one naming a/index.html", err)
	}
	if got := files(t, out); !maps.Equal(got, before) {
		t.Errorf("after the refused commit the folder holds %v, want %v", got, before)
	}
}

func firstDiff(got, want map[string]string) string {
	for _, p := range slices.Sorted(maps.Keys(want)) {
		if got[p] != want[p] {
			return fmt.Sprintf("%s = %q, want %q", p, got[p], want[p])
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			return "unexpected " + p
		}
	}
	return "none"
}

// TestManifestLinesAsFmt: the files' and keys' lines are the bytes the
// manifest had when fmt wrote them, all the files' lines in path order,
// then the keys' (format writes each half of them on its own goroutine).
func TestManifestLinesAsFmt(t *testing.T) {
	t.Parallel()
	for _, n := range []int{0, 1, 2, 3, 101} {
		m := newManifest()
		m.fingerprint = "fp"
		m.files["b/index.html"] = entry{hash: [16]byte{0xab, 1}, size: 10955, mtime: 1790000000123456789}
		m.files["a.csv"] = entry{hash: [16]byte{15: 0xff}, size: 0, mtime: -1}
		m.keys["b/index.html"] = [16]byte{7, 0, 9}
		for i := range n {
			p := fmt.Sprintf("x/%03d/index.html", (i*37)%n) // not in order
			m.files[p] = entry{hash: [16]byte{byte(i)}, size: int64(i) << 40, mtime: int64(i)}
			if i%3 == 0 {
				m.keys[p] = [16]byte{15: byte(i)}
			}
		}
		data, err := m.format()
		if err != nil {
			t.Fatal(err)
		}
		var want strings.Builder
		want.WriteString("fingerprint fp\n")
		paths := slices.Sorted(maps.Keys(m.files))
		for _, p := range paths {
			e := m.files[p]
			fmt.Fprintf(&want, "%s %d %d %s\n", hex.EncodeToString(e.hash[:]), e.size, e.mtime, p)
		}
		for _, p := range paths {
			if k, ok := m.keys[p]; ok {
				fmt.Fprintf(&want, "key %s %s\n", hex.EncodeToString(k[:]), p)
			}
		}
		if string(data) != want.String() {
			t.Errorf("%d more files: format() =\n%s\nwant\n%s", n, data, want.String())
		}
	}
}

// A file or a folder of the last build's replaced by a symbolic link is
// not intact, even to a copy with the same size and time: the output is
// no longer what the build wrote. On Linux, where the files are looked
// at beneath the output's descriptor with no link followed, a folder
// linked to a copy inside the output is not intact either (os.Root, used
// elsewhere, follows a link that stays inside).
func TestIntactRefusesLinks(t *testing.T) {
	t.Parallel()
	cases := map[string]func(t *testing.T, out string){
		"a file linked to a copy outside": func(t *testing.T, out string) {
			f := filepath.Join(out, "d", "f.html")
			cp := filepath.Join(t.TempDir(), "f.html")
			copyKeepingTime(t, f, cp)
			if err := os.Remove(f); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink(cp, f); err != nil {
				t.Skip("no symbolic links here:", err)
			}
		},
	}
	if runtime.GOOS == "linux" {
		cases["a folder linked to a copy inside"] = func(t *testing.T, out string) {
			f, err := os.Open(out)
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			if _, _, _, ok := statBeneath(int(f.Fd()), "."); !ok {
				t.Skip("openat2 cannot be used here: os.Root follows a link inside the output")
			}
			d, cp := filepath.Join(out, "d"), filepath.Join(out, "copy")
			if err := os.Mkdir(cp, 0o755); err != nil {
				t.Fatal(err)
			}
			copyKeepingTime(t, filepath.Join(d, "f.html"), filepath.Join(cp, "f.html"))
			if err := os.RemoveAll(d); err != nil {
				t.Fatal(err)
			}
			if err := os.Symlink("copy", d); err != nil {
				t.Fatal(err)
			}
		}
	}
	files := []File{{Path: "d/f.html", Data: []byte("page")}, {Path: "e.html", Data: []byte("home")}}
	for name, change := range cases {
		t.Run(name, func(t *testing.T) {
			out, cache := folders(t)
			if _, err := commit(out, cache, files); err != nil {
				t.Fatal(err)
			}
			change(t, out)
			if intactNow(t, out, cache) {
				t.Errorf("Intact() = true with %s", name)
			}
			// The next build writes the file again, into a real folder,
			// and the one after finds it intact.
			st, err := commit(out, cache, files)
			if err != nil {
				t.Fatal(err)
			}
			if st.Written != 1 {
				t.Errorf("the build after: %+v, want d/f.html written again", st)
			}
			for _, p := range []string{"d", "d/f.html"} {
				if info, err := os.Lstat(filepath.Join(out, p)); err != nil || info.Mode()&fs.ModeSymlink != 0 {
					t.Errorf("%s after the build: %v, %v; want no link", p, info, err)
				}
			}
			if !intactNow(t, out, cache) {
				t.Error("Intact() = false after the build that mended it")
			}
		})
	}
}

// copyKeepingTime copies the file from to to, with from's modification
// time.
func copyKeepingTime(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chtimes(to, info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
}

// Once a writer is closed, its output folder's descriptor is not used
// again: its number may by then name another folder.
func TestLookAfterCloseFindsNothing(t *testing.T) {
	t.Parallel()
	out, cache := folders(t)
	if _, err := commit(out, cache, []File{{Path: "e.html", Data: []byte("home")}}); err != nil {
		t.Fatal(err)
	}
	w, err := Open(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, regular := w.stage.look("e.html"); !regular {
		t.Fatal("e.html is not a regular file while the writer is open")
	}
	w.Abort()
	// Another folder with an e.html, opened now a few times over, likely
	// takes the descriptor's number.
	other := t.TempDir()
	if err := os.WriteFile(filepath.Join(other, "e.html"), []byte("else"), 0o644); err != nil {
		t.Fatal(err)
	}
	for range 16 {
		f, err := os.Open(other)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
	}
	if _, _, regular := w.stage.look("e.html"); regular {
		t.Error("a closed writer still looked at e.html")
	}
}

// intactNow reports what a new writer's Intact says of out.
func intactNow(t *testing.T, out, cache string) bool {
	t.Helper()
	w, err := Open(out, cache)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	return w.Intact()
}
