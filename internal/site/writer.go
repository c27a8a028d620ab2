package site

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"

	"github.com/postal-access/portal/internal/diag"
)

// entry is what the manifest knows about one output file.
type entry struct {
	hash  [16]byte
	size  int64
	mtime int64 // UnixNano after the file was written
}

// writer streams a build's files into a staging folder inside the output
// folder, writing only files whose content changed, and then commits them
// by renaming. Until commit, the previous output is untouched; abort
// removes everything staged. Put is safe for concurrent use.
//
// What the last build wrote (the manifest: each file's hash, size and
// modification time, and a fingerprint of the inputs) and the lock are
// kept in a records folder outside the output (see recordsDir). The
// manifest lets a rebuild skip unchanged files without reading them, skip
// the whole build when nothing changed, and remove exactly the files of
// the last build that this one does not write.
type writer struct {
	out     string
	stage   string // out/.portal-staging
	records string // the records folder
	root    *os.Root
	// fresh is true when the output held nothing of a previous build:
	// commit can then move whole folders out of staging at once.
	fresh bool
	// created is true when this build made the output folder: abort
	// removes it again if it is still empty.
	created bool
	// legacy is true when the output folder holds an earlier version's
	// records, which commit removes.
	legacy bool
	lock   *os.File
	old    map[string]entry
	oldFP  string
	// The page keys of the last build and of this one, by output path
	// (see pageKeys): a file whose key is unchanged is not rendered again.
	oldKeys map[string][16]byte
	keys    map[string][16]byte
	// The data sets' stamps as the last build left them, and as this one
	// leaves them (see staleUpdated).
	oldStamps map[string]setStamp
	stamps    map[string]setStamp
	// The warnings of the last build, kept so that a build that finds
	// nothing changed can still show them, and of this one.
	oldWarnings diag.List
	warnings    diag.List

	mu      sync.Mutex
	next    map[string]entry
	staged  []string
	dirs    map[string]bool // folders made in staging
	stats   WriteStats
	aborted bool
	// write writes one staged file and returns its modification time
	// (writeFile; tests make it fail like a full disk).
	write func(name string, data []byte) (int64, error)

	// Files queued by enqueue are written by a few goroutines of their
	// own, so that rendering (CPU) and writing (waiting on the disk)
	// overlap; the first error stops the build.
	queue   chan File
	writers sync.WaitGroup
	failMu  sync.Mutex
	failed  error
}

// writerGoroutines is how many files may be written at once. Writing is
// mostly waiting on the file system, so more than the number of CPUs.
const writerGoroutines = 8

// start runs the goroutines that write queued files.
func (w *writer) start() {
	w.queue = make(chan File, 4*writerGoroutines)
	for range writerGoroutines {
		w.writers.Add(1)
		go func() {
			defer w.writers.Done()
			for f := range w.queue {
				if w.err() != nil {
					continue // drain after a failure
				}
				if err := w.put(f.Path, f.Data); err != nil {
					w.failMu.Lock()
					if w.failed == nil {
						w.failed = err
					}
					w.failMu.Unlock()
				}
			}
		}()
	}
}

func (w *writer) err() error {
	w.failMu.Lock()
	defer w.failMu.Unlock()
	return w.failed
}

// enqueue hands a file to the writing goroutines; data must not change
// afterwards. It returns the first write error so far, if any.
func (w *writer) enqueue(p string, data []byte) error {
	if err := w.err(); err != nil {
		return err
	}
	w.queue <- File{Path: p, Data: data}
	return nil
}

// flush waits for every queued file to be written.
func (w *writer) flush() error {
	close(w.queue)
	w.writers.Wait()
	return w.err()
}

// openWriter prepares out for a build: it takes the lock that keeps two
// builds apart, reads the last build's manifest, creates the folder and
// clears any staging left by a build that was killed. It refuses a folder
// that holds files but no build of portal's: neither records of one nor
// an earlier version's marker.
func (b *Build) openWriter(out string) (*writer, error) {
	records, absOut, err := b.recordsDir(out)
	if err != nil {
		return nil, err
	}
	if err := openRecords(records, absOut); err != nil {
		return nil, err
	}
	lock, err := os.OpenFile(filepath.Join(records, lockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking output folder: %w", err)
	}
	if err := syscall.Flock(int(lock.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		lock.Close()
		return nil, fmt.Errorf("another portal build is writing to %s right now: wait for it to finish, or use another --out", out)
	}
	_, statErr := os.Lstat(out)
	if err := os.MkdirAll(out, 0o755); err != nil {
		lock.Close()
		return nil, fmt.Errorf("creating output folder: %w", err)
	}
	root, err := os.OpenRoot(out)
	if err != nil {
		lock.Close()
		return nil, err
	}
	w := &writer{out: out, records: records, root: root, lock: lock, created: errors.Is(statErr, fs.ErrNotExist),
		next: map[string]entry{}, dirs: map[string]bool{}, keys: map[string][16]byte{}, write: writeFile}
	entries, err := os.ReadDir(out)
	if err != nil {
		w.close()
		return nil, err
	}
	w.fresh = true
	for _, e := range entries {
		switch {
		case e.Name() == legacyMarker:
			w.legacy = true
		case e.Name() == stagingDir || slices.Contains(legacyFiles, e.Name()):
		default:
			w.fresh = false
		}
	}
	manifest, err := os.Open(filepath.Join(records, manifestFile))
	recorded := err == nil
	if !recorded && w.legacy {
		manifest, err = root.Open(legacyManifest)
	}
	if err == nil {
		w.old, w.oldFP, w.oldWarnings, w.oldKeys, w.oldStamps = readManifest(manifest)
		manifest.Close()
	} else {
		w.old, w.oldKeys = map[string]entry{}, map[string][16]byte{}
	}
	if !w.fresh && !recorded && !w.legacy {
		w.close()
		return nil, &UsageError{fmt.Errorf("output folder %s is not empty and portal has no record of building it: refusing to overwrite it. "+
			"If it holds an earlier portal build whose records were cleared (they are kept in %s), delete the folder and build again; "+
			"otherwise choose an empty or new folder with --out", out, filepath.Dir(records))}
	}
	w.stage = filepath.Join(out, stagingDir)
	if err := root.RemoveAll(stagingDir); err != nil {
		w.close()
		return nil, err
	}
	if err := root.Mkdir(stagingDir, 0o755); err != nil {
		w.close()
		return nil, fmt.Errorf("creating staging folder: %w", err)
	}
	return w, nil
}

func (w *writer) close() {
	if w.lock != nil {
		syscall.Flock(int(w.lock.Fd()), syscall.LOCK_UN)
		w.lock.Close()
		w.lock = nil
	}
	w.root.Close()
}

func hashOf(data []byte) [16]byte {
	sum := sha256.Sum256(data)
	var h [16]byte
	copy(h[:], sum[:16])
	return h
}

// put stages one file if its content differs from what the last build
// wrote there (and the file on disk is still that one).
func (w *writer) put(p string, data []byte) error {
	if !validOutPath(p) {
		return fmt.Errorf("refusing to write %q: not a clean path inside the output folder", p)
	}
	e := entry{hash: hashOf(data), size: int64(len(data))}
	if old, ok := w.old[p]; ok && old.hash == e.hash && old.size == e.size {
		full := filepath.Join(w.out, filepath.FromSlash(p))
		if info, err := os.Lstat(full); err == nil && info.Mode().IsRegular() && info.Size() == old.size {
			same := info.ModTime().UnixNano() == old.mtime
			if !same {
				// Touched or copied since: compare the bytes before
				// rewriting, so that only real changes are written.
				disk, err := os.ReadFile(full)
				same = err == nil && hashOf(disk) == e.hash
				old.mtime = info.ModTime().UnixNano()
			}
			if same {
				w.mu.Lock()
				w.next[p] = old
				w.stats.Unchanged++
				w.mu.Unlock()
				return nil
			}
		}
	}
	dst := filepath.Join(w.stage, filepath.FromSlash(p))
	if err := w.stagingDir(filepath.Dir(dst)); err != nil {
		return err
	}
	mtime, err := w.write(dst, data)
	if err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	e.mtime = mtime
	w.mu.Lock()
	w.next[p] = e
	w.staged = append(w.staged, p)
	w.mu.Unlock()
	return nil
}

// reuse reports whether the file at p was made by the last build from
// inputs with this key and is still on disk as that build left it; it
// then counts as written by this build, unchanged, and needs no rendering.
func (w *writer) reuse(p string, key [16]byte) bool {
	old, ok := w.old[p]
	if oldKey, known := w.oldKeys[p]; !ok || !known || oldKey != key {
		return false
	}
	if !w.intact(p, old) {
		return false
	}
	w.mu.Lock()
	w.next[p] = old
	w.keys[p] = key
	w.stats.Unchanged++
	w.stats.Reused++
	w.mu.Unlock()
	return true
}

// warm reports whether the last build left page keys to reuse.
func (w *writer) warm() bool { return len(w.oldKeys) > 0 }

// record remembers the key of a file this build renders, for the next.
func (w *writer) record(p string, key [16]byte) {
	w.mu.Lock()
	w.keys[p] = key
	w.mu.Unlock()
}

// writeFile writes data to a new file and returns its modification time,
// which a rename into place keeps.
func writeFile(name string, data []byte) (int64, error) {
	f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o644)
	if err != nil {
		return 0, err
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return 0, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return 0, err
	}
	return info.ModTime().UnixNano(), f.Close()
}

// stagingDir makes a folder inside staging, once. It makes the parents
// it has not made itself first, so each new folder costs one mkdir
// instead of os.MkdirAll's stat, stat and mkdir: a site has a folder per page.
func (w *writer) stagingDir(dir string) error {
	w.mu.Lock()
	done := w.dirs[dir]
	w.mu.Unlock()
	if done || dir == w.stage {
		return nil
	}
	if parent := filepath.Dir(dir); parent != dir && strings.HasPrefix(parent, w.stage) {
		if err := w.stagingDir(parent); err != nil {
			return err
		}
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	w.mu.Lock()
	w.dirs[dir] = true
	w.mu.Unlock()
	return nil
}

// abort removes what was staged; the previous output stays as it was.
func (w *writer) abort() {
	if w.aborted {
		return
	}
	w.aborted = true
	_ = os.RemoveAll(w.stage)
	w.close()
	if w.created {
		_ = os.Remove(w.out) // only if still empty
	}
}

// commit moves the staged files into place, removes the files of the last
// build that this one did not write, and records the new manifest. It
// runs to the end once started: it only renames and removes.
func (w *writer) commit(fingerprint string) (WriteStats, error) {
	defer w.close()
	if w.fresh {
		// Nothing of an earlier build is there: move the staged folders
		// and files into place whole.
		entries, err := os.ReadDir(w.stage)
		if err != nil {
			return w.stats, err
		}
		for _, e := range entries {
			if err := os.Rename(filepath.Join(w.stage, e.Name()), filepath.Join(w.out, e.Name())); err != nil {
				return w.stats, fmt.Errorf("moving %s into place: %w", e.Name(), err)
			}
		}
		w.stats.Written = len(w.staged)
	} else {
		slices.Sort(w.staged)
		dirs := map[string]bool{".": true}
		for _, p := range w.staged {
			if err := w.realDir(path.Dir(p), dirs); err != nil {
				return w.stats, err
			}
			dst := filepath.Join(w.out, filepath.FromSlash(p))
			if info, err := os.Lstat(dst); err == nil && info.IsDir() {
				if err := os.RemoveAll(dst); err != nil {
					return w.stats, err
				}
			}
			if err := os.Rename(filepath.Join(w.stage, filepath.FromSlash(p)), dst); err != nil {
				return w.stats, fmt.Errorf("moving %s into place: %w", p, err)
			}
			w.stats.Written++
		}
	}
	_ = os.RemoveAll(w.stage)
	if !w.fresh { // a fresh output held nothing that could be stale
		if err := w.removeStale(); err != nil {
			return w.stats, err
		}
	}
	for _, name := range legacyFiles {
		if err := w.root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return w.stats, fmt.Errorf("removing %s, an earlier version's record: %w", name, err)
		}
	}
	for p := range w.keys {
		if _, ok := w.next[p]; !ok {
			delete(w.keys, p)
		}
	}
	return w.stats, writeManifest(w.records, w.next, fingerprint, w.warnings, w.keys, w.stamps)
}

// realDir makes sure dir (relative to the output) is a real folder, not a
// file or a symbolic link that would lead writes elsewhere, creating or
// replacing it as needed. Folders already checked are in done.
func (w *writer) realDir(dir string, done map[string]bool) error {
	if done[dir] {
		return nil
	}
	if err := w.realDir(path.Dir(dir), done); err != nil {
		return err
	}
	full := filepath.Join(w.out, filepath.FromSlash(dir))
	info, err := os.Lstat(full)
	switch {
	case err == nil && info.IsDir():
	case err == nil:
		if err := os.Remove(full); err != nil {
			return err
		}
		fallthrough
	case errors.Is(err, fs.ErrNotExist):
		if err := os.Mkdir(full, 0o755); err != nil {
			return err
		}
	default:
		return err
	}
	done[dir] = true
	return nil
}

// removeStale deletes the files the last build wrote that this one did
// not, and the folders they leave empty. Nothing else is removed: a file
// someone put into the output folder stays.
func (w *writer) removeStale() error {
	keepDir := map[string]bool{}
	for p := range w.next {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if keepDir[d] {
				break
			}
			keepDir[d] = true
		}
	}
	var stale []string
	for p := range w.old {
		if _, ok := w.next[p]; !ok && !keepDir[p] {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)
	for _, p := range stale {
		full := filepath.Join(w.out, filepath.FromSlash(p))
		if info, err := os.Lstat(full); err != nil || info.IsDir() {
			continue // gone already, or inside what is now a file
		}
		if err := os.Remove(full); err != nil {
			return fmt.Errorf("removing stale %s: %w", p, err)
		}
		w.stats.Removed++
		for d := path.Dir(p); d != "." && !keepDir[d]; d = path.Dir(d) {
			if os.Remove(filepath.Join(w.out, filepath.FromSlash(d))) != nil {
				break // not empty
			}
		}
	}
	return nil
}

// upToDate reports whether the last build had the same input fingerprint
// and every file it wrote is still there as it left it.
func (w *writer) upToDate(fingerprint string) bool {
	if fingerprint == "" || w.oldFP != fingerprint || len(w.old) == 0 {
		return false
	}
	for p, e := range w.old {
		if !w.intact(p, e) {
			return false
		}
	}
	return true
}

// intact reports whether the output file at p is still the one the last
// build wrote, as its manifest entry e says: a plain file of that size and
// modification time.
func (w *writer) intact(p string, e entry) bool {
	info, err := os.Lstat(filepath.Join(w.out, filepath.FromSlash(p)))
	return err == nil && info.Mode().IsRegular() && info.Size() == e.size && info.ModTime().UnixNano() == e.mtime
}

// The manifest is text: a first line "fingerprint HEX", then a line
// "warning JSON" for each warning of the build, then one line per file:
// "HASH SIZE MTIME PATH", one "key HEX PATH" for each file that has a
// page key, and a "dataset ..." line for each data set (see formatStamp).
func readManifest(r io.Reader) (map[string]entry, string, diag.List, map[string][16]byte, map[string]setStamp) {
	m := map[string]entry{}
	keys := map[string][16]byte{}
	stamps := map[string]setStamp{}
	damaged := func() (map[string]entry, string, diag.List, map[string][16]byte, map[string]setStamp) {
		return map[string]entry{}, "", nil, map[string][16]byte{}, nil // rebuild everything
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	fp := ""
	if sc.Scan() {
		fp, _ = strings.CutPrefix(sc.Text(), "fingerprint ")
	}
	var warns diag.List
	for sc.Scan() {
		if js, ok := strings.CutPrefix(sc.Text(), "warning "); ok {
			d := &diag.Diagnostic{}
			if json.Unmarshal([]byte(js), d) != nil {
				return damaged()
			}
			d.Severity = diag.Warning
			warns = append(warns, d)
			continue
		}
		if line, ok := strings.CutPrefix(sc.Text(), "dataset "); ok {
			name, st, ok := parseStamp(line)
			if !ok {
				return damaged()
			}
			stamps[name] = st
			continue
		}
		if kp, ok := strings.CutPrefix(sc.Text(), "key "); ok {
			hexKey, p, ok := strings.Cut(kp, " ")
			k, err := hex.DecodeString(hexKey)
			if !ok || err != nil || len(k) != 16 || !validOutPath(p) {
				return damaged()
			}
			keys[p] = [16]byte(k)
			continue
		}
		parts := strings.SplitN(sc.Text(), " ", 4)
		if len(parts) != 4 {
			return damaged()
		}
		var e entry
		h, err1 := hex.DecodeString(parts[0])
		size, err2 := strconv.ParseInt(parts[1], 10, 64)
		mtime, err3 := strconv.ParseInt(parts[2], 10, 64)
		if err1 != nil || err2 != nil || err3 != nil || len(h) != len(e.hash) || !validOutPath(parts[3]) {
			return damaged()
		}
		copy(e.hash[:], h)
		e.size, e.mtime = size, mtime
		m[parts[3]] = e
	}
	if sc.Err() != nil {
		return damaged()
	}
	return m, fp, warns, keys, stamps
}

func writeManifest(dir string, m map[string]entry, fingerprint string, warnings diag.List, keys map[string][16]byte, stamps map[string]setStamp) error {
	paths := make([]string, 0, len(m))
	for p := range m {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	var b bytes.Buffer
	b.Grow(len(paths) * 80)
	b.WriteString("fingerprint " + fingerprint + "\n")
	for _, d := range warnings {
		js, err := json.Marshal(d)
		if err != nil {
			return err
		}
		b.WriteString("warning " + string(js) + "\n")
	}
	for _, p := range paths {
		e := m[p]
		fmt.Fprintf(&b, "%s %d %d %s\n", hex.EncodeToString(e.hash[:]), e.size, e.mtime, p)
	}
	for _, p := range paths {
		if k, ok := keys[p]; ok {
			fmt.Fprintf(&b, "key %s %s\n", hex.EncodeToString(k[:]), p)
		}
	}
	for _, n := range slices.Sorted(maps.Keys(stamps)) {
		b.WriteString(formatStamp(n, stamps[n]))
	}
	name := filepath.Join(dir, manifestFile)
	if old, err := os.ReadFile(name); err == nil && bytes.Equal(old, b.Bytes()) {
		return nil
	}
	if err := os.WriteFile(name+".tmp", b.Bytes(), 0o644); err != nil {
		return err
	}
	return os.Rename(name+".tmp", name)
}

var errDuplicate = errors.New("two outputs claim the same file")
