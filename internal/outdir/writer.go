// Package outdir is a build's output folder: it writes the files of a
// build into it atomically (all of them or none), keeps the records of
// what the last build wrote in a cache folder outside it, and lets a
// rebuild skip what did not change. Nothing is written outside the
// output folder and the records folder.
package outdir

import (
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"

	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/sum"
)

// ErrUnrecorded is in Open's error when the output folder holds files but
// no build of portal's.
var ErrUnrecorded = errors.New("not empty and portal has no record of building it")

// Writer streams a build's files into a staging folder inside the output
// folder, writing only files whose content changed, and then commits them
// by renaming. Until Commit, the previous output is untouched; Abort
// removes everything staged. Put, Enqueue, Reuse and Record are safe for
// concurrent use.
//
// What the last build wrote (the manifest: each file's hash, size and
// modification time, and a fingerprint of the inputs) and the lock are
// kept in a records folder outside the output (see RecordsDir). The
// manifest lets a rebuild skip unchanged files without reading them, skip
// the whole build when nothing changed, and remove exactly the files of
// the last build that this one does not write.
type Writer struct {
	out     string // as given, for messages
	records *records
	stage   *stage
	last    manifest // read only
	// created is true when this build made the output folder: Abort
	// removes it again if it is still empty.
	created bool
	aborted bool
	queue   *queue
	// intact is true once Intact found every file of the last build as
	// it left them: Reuse then need not look at each again.
	intact bool

	mu    sync.Mutex // guards next and stats
	next  manifest
	stats Stats
}

// Open prepares out for a build: it takes the lock that keeps two builds
// apart, reads the last build's manifest from the records folder under
// cacheDir (see RecordsDir), creates the folder and clears any staging
// left by a build that was killed. It refuses a folder that holds files
// but no build of portal's: neither records of one nor an earlier
// version's marker (ErrUnrecorded).
func Open(out, cacheDir string) (*Writer, error) {
	rec, err := openRecords(cacheDir, out)
	if err != nil {
		return nil, err
	}
	_, statErr := os.Lstat(out)
	if err := os.MkdirAll(out, 0o755); err != nil {
		rec.close()
		return nil, fmt.Errorf("creating output folder: %w", err)
	}
	root, err := os.OpenRoot(out)
	if err != nil {
		rec.close()
		return nil, err
	}
	top := openDirOf(root)
	w := &Writer{out: out, records: rec, created: errors.Is(statErr, fs.ErrNotExist), next: newManifest(),
		stage: &stage{root: root, top: top, write: writeFile}}
	if top.file != nil {
		w.stage.topConn, _ = top.file.SyscallConn()
	}
	if err := w.readLast(); err != nil {
		w.close()
		return nil, err
	}
	if err := w.stage.openStaging(); err != nil {
		w.close()
		return nil, err
	}
	return w, nil
}

// readLast looks at what the output folder holds and reads the last
// build's manifest: from the records, else from an earlier version's
// records inside the output folder.
func (w *Writer) readLast() error {
	entries, err := fs.ReadDir(w.stage.root.FS(), ".")
	if err != nil {
		return err
	}
	legacy := false
	w.stage.fresh = true
	for _, e := range entries {
		switch {
		case e.Name() == legacyMarker:
			legacy = true
		case e.Name() == stagingDir || slices.Contains(legacyFiles, e.Name()):
		default:
			w.stage.fresh = false
		}
	}
	// When the output was deleted since, none of the files the records
	// know is there to reuse: reading them, holding them, or taking the
	// build for a rebuild (Warm) only costs time and memory. The data
	// sets' stamps are read, for they tell of the data, not of the output.
	files := !w.stage.fresh
	m, recorded := w.records.readManifest(files)
	if !recorded && legacy {
		if f, err := w.stage.root.Open(legacyManifest); err == nil {
			m = readManifest(f, files)
			f.Close()
			recorded = true
		}
	}
	if !recorded {
		m = newManifest()
	}
	if !files {
		m.fingerprint = ""
	}
	w.last = m
	if !w.stage.fresh && !recorded && !legacy {
		return fmt.Errorf("output folder %s is %w: refusing to overwrite it. "+
			"If it holds an earlier portal build whose records were cleared (they are kept in %s), delete the folder and build again; "+
			"otherwise choose an empty or new folder with --out", w.out, ErrUnrecorded, filepath.Dir(w.records.dir))
	}
	return nil
}

func (w *Writer) close() {
	w.stage.closeStaging()
	w.records.close()
	w.stage.top.close() // and the root
}

// hashOf is what the manifest records of a file's bytes, to tell an
// unchanged file without reading it.
func hashOf(data []byte) [16]byte { return sum.Sum128(data) }

// Put stages the file p if its content differs from what the last build
// wrote there (and the file on disk is still that one).
func (w *Writer) Put(p string, data []byte) error {
	if !validOutPath(p) {
		return fmt.Errorf("refusing to write %q: not a clean path inside the output folder", p)
	}
	e := entry{hash: hashOf(data), size: int64(len(data))}
	if old, ok := w.last.files[p]; ok && old.hash == e.hash && old.size == e.size && w.same(p, &old) {
		w.mu.Lock()
		w.next.files[p] = old
		w.stats.Unchanged++
		w.mu.Unlock()
		return nil
	}
	mtime, err := w.stage.file(p, data)
	if err != nil {
		return fmt.Errorf("writing %s: %w", p, err)
	}
	e.mtime = mtime
	w.mu.Lock()
	w.next.files[p] = e
	w.mu.Unlock()
	return nil
}

// same reports whether the output file at p still holds what the last
// build's entry old says, updating old's modification time when the file
// was touched or copied since but holds the same bytes.
func (w *Writer) same(p string, old *entry) bool {
	// Looked at as Intact looks (see stage.look): a file under a folder
	// made a link is not the same, and is written again, into a real
	// folder (see stage.realDir).
	size, mtime, regular := w.stage.look(p)
	if !regular || size != old.size {
		return false
	}
	if mtime == old.mtime {
		return true
	}
	// Touched or copied since: compare the bytes before rewriting, so
	// that only real changes are written.
	disk, err := w.stage.root.ReadFile(native(p))
	old.mtime = mtime
	return err == nil && hashOf(disk) == old.hash
}

// Start runs the goroutines that write the files given to Enqueue.
func (w *Writer) Start() { w.queue = startQueue(w.Put) }

// Enqueue hands a file to the writing goroutines (see Start); data must
// not change afterwards. It returns the first write error so far, if any.
func (w *Writer) Enqueue(p string, data []byte) error { return w.queue.enqueue(p, data, nil) }

// EnqueueThen is Enqueue, and calls done once data is no longer needed:
// written, or dropped after an error (even when EnqueueThen returns one).
// A build hands a page's memory back this way, for the next page.
func (w *Writer) EnqueueThen(p string, data []byte, done func()) error {
	return w.queue.enqueue(p, data, done)
}

// Flush waits for every queued file to be written, and returns the first
// write error.
func (w *Writer) Flush() error { return w.queue.flush() }

// Intact reports whether the last build wrote files and every one is
// still there as it left it. Only then may a build with the same inputs
// (see SameInputs) be skipped. The files are looked at on every CPU: a
// look is a few system calls (see stage.look), and a site has a file per
// page and per JSON twin, 109 thousand at scale 16.
func (w *Writer) Intact() bool {
	if len(w.last.files) == 0 {
		return false
	}
	paths := slices.Collect(maps.Keys(w.last.files))
	var broken atomic.Bool
	var wg sync.WaitGroup
	n := runtime.GOMAXPROCS(0)
	for i := range n {
		wg.Go(func() {
			for j := i; j < len(paths) && !broken.Load(); j += n {
				if !w.stage.intact(paths[j], w.last.files[paths[j]]) {
					broken.Store(true)
				}
			}
		})
	}
	wg.Wait()
	w.intact = !broken.Load()
	return w.intact
}

// SameInputs reports whether the last build had this input fingerprint
// (never when it is "": the inputs are not known).
func (w *Writer) SameInputs(fingerprint string) bool {
	return fingerprint != "" && w.last.fingerprint == fingerprint
}

// Last is what the last build into the folder recorded.
type Last struct {
	Files    int // how many files it wrote
	Warnings diag.List
	Stamps   map[string]Stamp // of its data sets
}

// Last returns what the last build recorded.
func (w *Writer) Last() Last {
	return Last{Files: len(w.last.files), Warnings: w.last.warnings, Stamps: w.last.stamps}
}

// Abort removes what was staged; the previous output stays as it was.
func (w *Writer) Abort() {
	if w.aborted {
		return
	}
	w.aborted = true
	w.stage.closeStaging()
	_ = w.stage.root.RemoveAll(stagingDir)
	w.close()
	if w.created {
		_ = os.Remove(w.out) // only if still empty
	}
}

// Commit moves the staged files into place, removes the files of the last
// build that this one did not write, and records the new manifest with
// the fingerprint of this build's inputs, its warnings and its data sets'
// stamps. It runs to the end once started: it only renames and removes.
func (w *Writer) Commit(fingerprint string, warnings diag.List, stamps map[string]Stamp) (Stats, error) {
	defer w.close()
	w.stage.closeStaging() // nothing is staged now; Windows renames no open folder
	written, err := w.stage.commit()
	w.stats.Written = written
	_ = w.stage.root.RemoveAll(stagingDir) // what is left there is not moving now
	if err != nil {
		return w.stats, err
	}
	if !w.stage.fresh { // a fresh output held nothing that could be stale
		removed, err := w.stage.removeStale(w.last.files, w.next.files)
		w.stats.Removed = removed
		if err != nil {
			return w.stats, err
		}
	}
	if err := w.stage.removeLegacy(); err != nil {
		return w.stats, err
	}
	w.next.fingerprint, w.next.warnings, w.next.stamps = fingerprint, warnings, stamps
	return w.stats, w.records.writeManifest(w.next)
}
