package outdir

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
)

// stage is the output folder, opened as an os.Root so that nothing is
// written outside it, and the staging folder inside it where a build's
// files wait until commit renames them into place.
type stage struct {
	root *os.Root
	// top is the output folder kept open with its descriptor, to look at
	// the last build's files beneath it (see look); topConn reaches the
	// descriptor only while it is open (nil when there is none).
	top     *openDir
	topConn syscall.RawConn
	// fresh is true when the output held nothing of a previous build:
	// staging then mirrors the output's folders, and commit moves whole
	// folders out of it at once. Otherwise files are staged flat, under
	// numbers (see flatFile), and moved one by one (see commitFlat).
	fresh bool
	// write writes one file and returns its modification time
	// (writeFile; tests make it fail like a full disk).
	write func(d *openDir, name string, data []byte) (int64, error)

	mu    sync.Mutex
	dirs  map[string]bool     // folders made in staging
	open  map[string]*openDir // folders of staging kept open (see at)
	files []string            // paths staged
	// beneath counts the files the last commitFlat renamed between
	// descriptors, for tests.
	beneath int
}

// openDir is a folder of staging kept open: as an os.Root, and as a
// descriptor for createBeneath (-1 when there is none).
type openDir struct {
	root *os.Root
	file *os.File // holds fd open
	fd   int
}

// openDirOf keeps r open with its descriptor.
func openDirOf(r *os.Root) *openDir {
	d := &openDir{root: r, fd: -1}
	if f, err := r.Open("."); err == nil {
		d.file, d.fd = f, int(f.Fd())
	}
	return d
}

func (d *openDir) close() {
	if d.file != nil {
		d.file.Close()
	}
	d.root.Close()
}

// errClosed is a file staged after the build was committed or aborted.
var errClosed = errors.New("staging folder closed: the build is over")

// maxOpenDirs is how many folders of staging a build keeps open at most.
const maxOpenDirs = 128

// openStaging makes the staging folder, empty, and opens it.
func (s *stage) openStaging() error {
	if err := s.root.RemoveAll(stagingDir); err != nil {
		return err
	}
	if err := s.root.Mkdir(stagingDir, 0o755); err != nil {
		return fmt.Errorf("creating staging folder: %w", err)
	}
	top, err := s.root.OpenRoot(stagingDir)
	if err != nil {
		return fmt.Errorf("opening staging folder: %w", err)
	}
	s.dirs, s.open = map[string]bool{}, map[string]*openDir{".": openDirOf(top)}
	return nil
}

// closeStaging closes the folders of staging kept open; nothing is
// staged after.
func (s *stage) closeStaging() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, d := range s.open {
		d.close()
	}
	s.open = nil
}

// file stages data as the output file p and returns its modification
// time, which the rename into place keeps.
func (s *stage) file(p string, data []byte) (int64, error) {
	if !s.fresh {
		return s.flatFile(p, data)
	}
	dir := dirOf(p)
	if err := s.mkdir(dir); err != nil {
		return 0, err
	}
	d, rel := s.at(dir)
	if d == nil {
		return 0, errClosed
	}
	mtime, err := s.write(d, native(joinIn(rel, baseOf(p))), data)
	if err != nil {
		return 0, err
	}
	s.mu.Lock()
	s.files = append(s.files, p)
	s.mu.Unlock()
	return mtime, nil
}

// flatFile stages data as the output file p, for a build into an output
// that holds the last build: in the staging folder itself, named by its
// place in files (see flatName). The output's folders are there already;
// making them again in staging, and removing them after the commit, took
// more system calls than the files, and on an ext4 without a journal
// every folder removed makes the next build's new files and folders
// slower to create, for a while.
func (s *stage) flatFile(p string, data []byte) (int64, error) {
	d, _ := s.at(".")
	if d == nil {
		return 0, errClosed
	}
	s.mu.Lock()
	n := len(s.files)
	s.files = append(s.files, p)
	s.mu.Unlock()
	mtime, err := s.write(d, flatName(n), data)
	if err != nil {
		s.mu.Lock()
		s.files[n] = "" // nothing to move into place
		s.mu.Unlock()
	}
	return mtime, err
}

// flatName is the name in staging of the nth file staged flat.
func flatName(n int) string { return strconv.Itoa(n) }

// writeFile writes data to a new file name inside the folder d and
// returns its modification time: with createBeneath where it can, else
// through os.Root.
func writeFile(d *openDir, name string, data []byte) (int64, error) {
	if d.fd >= 0 {
		if mtime, ok, err := createBeneath(d.fd, name, data); ok {
			return mtime, err
		}
	}
	f, err := d.root.OpenFile(name, createFlags, 0o644)
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

// mkdir makes the folder dir (slash-separated, relative to the output)
// inside staging, once. It makes the parents it has not made itself
// first, so each new folder costs one mkdir instead of os.MkdirAll's
// stat, stat and mkdir: a site has a folder per page. A folder that
// holds folders is kept open (see keepOpen).
func (s *stage) mkdir(dir string) error {
	if dir == "." {
		return nil
	}
	s.mu.Lock()
	done := s.dirs[dir]
	s.mu.Unlock()
	if done {
		return nil
	}
	parent := dirOf(dir)
	if err := s.mkdir(parent); err != nil {
		return err
	}
	if err := s.keepOpen(parent); err != nil {
		return err
	}
	d, rel := s.at(parent)
	if d == nil {
		return errClosed
	}
	if err := d.root.Mkdir(native(joinIn(rel, baseOf(dir))), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return err
	}
	s.mu.Lock()
	s.dirs[dir] = true
	s.mu.Unlock()
	return nil
}

// at returns the nearest open folder of staging that holds dir (a
// folder relative to the output, "." for its top) and dir's path inside
// it. os.Root opens every folder on a path, one system call each and
// one to close it, so that a file staged through a folder kept open
// costs two fewer for each level.
func (s *stage) at(dir string) (*openDir, string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.open == nil {
		return nil, "" // closed
	}
	for d := dir; ; d = dirOf(d) {
		if r, ok := s.open[d]; ok {
			switch {
			case d == dir:
				return r, "."
			case d == ".":
				return r, dir
			}
			return r, dir[len(d)+1:]
		}
	}
}

// keepOpen keeps the staged folder dir open, for the folders and files
// made in it, while fewer than maxOpenDirs are: mkdir keeps open the
// folders that hold folders (a section, "carriers"), whose pages then
// cost two system calls fewer each.
func (s *stage) keepOpen(dir string) error {
	d, rel := s.at(dir)
	s.mu.Lock()
	full := len(s.open) >= maxOpenDirs
	s.mu.Unlock()
	if d == nil || rel == "." || full {
		return nil
	}
	root, err := d.root.OpenRoot(native(rel))
	if err != nil {
		return err
	}
	sub := openDirOf(root)
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, had := s.open[dir]; had || s.open == nil {
		sub.close() // opened meanwhile by another writer, or closed
		return nil
	}
	s.open[dir] = sub
	return nil
}

// intact reports whether the output file at p is still the one the last
// build wrote, as its manifest entry e says: a plain file of that size and
// modification time.
func (s *stage) intact(p string, e entry) bool {
	size, mtime, regular := s.look(p)
	return regular && size == e.size && mtime == e.mtime
}

// look returns the size and modification time of the output file at p,
// and whether it is a regular file: beneath the output folder's
// descriptor where it can (statBeneath), else through os.Root. A link
// anywhere on the path is not a regular file beneath the descriptor, and
// is followed by os.Root when it stays inside the output.
func (s *stage) look(p string) (size, mtime int64, regular bool) {
	if s.topConn != nil {
		var ok bool
		err := s.topConn.Control(func(fd uintptr) { size, mtime, regular, ok = statBeneath(int(fd), native(p)) })
		if err == nil && ok {
			return size, mtime, regular
		}
	}
	info, err := s.root.Lstat(native(p))
	if err != nil {
		return 0, 0, false
	}
	return info.Size(), info.ModTime().UnixNano(), info.Mode().IsRegular()
}

// commit moves the staged files into place and returns how many. It only
// renames and removes.
func (s *stage) commit() (int, error) {
	if s.fresh {
		// Nothing of an earlier build is there: move the staged folders
		// and files into place whole.
		entries, err := fs.ReadDir(s.root.FS(), stagingDir)
		if err != nil {
			return 0, err
		}
		for _, e := range entries {
			if err := s.root.Rename(staged(e.Name()), e.Name()); err != nil {
				return 0, fmt.Errorf("moving %s into place: %w", e.Name(), err)
			}
		}
		return len(s.files), nil
	}
	return s.commitFlat()
}

// commitFlat moves the files staged flat (see flatFile) into place, in
// path order, and returns how many.
//
// The files come a folder at a time, each folder's own before its
// subfolders'. A path staged twice fails the commit before anything is
// moved: the build would not say which of the two it meant.
func (s *stage) commitFlat() (int, error) {
	order := make([]int, 0, len(s.files))
	for i, p := range s.files {
		if p != "" { // "": its write failed
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int {
		pa, pb := s.files[a], s.files[b]
		return cmp.Or(strings.Compare(dirOf(pa), dirOf(pb)), strings.Compare(baseOf(pa), baseOf(pb)), cmp.Compare(a, b))
	})
	for k := 1; k < len(order); k++ {
		if p := s.files[order[k]]; p == s.files[order[k-1]] {
			return 0, fmt.Errorf("%s was staged twice: nothing was moved into place", p)
		}
	}
	m := mover{s: s, from: -1, to: -1, toDir: "/", done: map[string]bool{".": true}}
	defer func() { s.beneath = m.beneath; m.close() }()
	if s.top.fd >= 0 {
		if fd, ok, err := dirBeneath(s.top.fd, stagingDir); ok && err == nil {
			m.from = fd
		}
	}
	for k, i := range order {
		if err := m.move(flatName(i), s.files[i]); err != nil {
			return k, fmt.Errorf("moving %s into place: %w", s.files[i], err)
		}
	}
	return len(order), nil
}

// mover moves staged files into place. Where it can (Linux), it renames
// each with one renameat from the staging folder's descriptor to its
// folder's, which it opens once for the files in it (they come a folder
// at a time) as openat2 opens beneath the output: no symbolic link on the way
// (see dirBeneath). os.Root, which it falls back to, opens and closes
// every folder on both paths of every rename.
type mover struct {
	s *stage
	// from is the staging folder's descriptor, to the folder toDir's
	// (relative to the output); -1 when there is none.
	from, to int
	toDir    string
	done     map[string]bool // the folders realDir made sure of
	beneath  int             // files renamed between descriptors
}

// move moves the staged file name to the output path p.
func (m *mover) move(name, p string) error {
	dir, base := dirOf(p), baseOf(p)
	if m.from >= 0 && dir != m.toDir {
		m.closeTo()
		m.to, m.toDir = m.open(dir), dir
	}
	if m.to >= 0 {
		err := renameBetween(m.from, name, m.to, base)
		if folderInTheWay(err) {
			if err := m.s.root.RemoveAll(native(p)); err != nil {
				return err
			}
			err = renameBetween(m.from, name, m.to, base)
		}
		if err == nil {
			m.beneath++
		}
		return err
	}
	if err := m.s.realDir(dir, m.done); err != nil {
		return err
	}
	if info, err := m.s.root.Lstat(native(p)); err == nil && info.IsDir() {
		if err := m.s.root.RemoveAll(native(p)); err != nil {
			return err
		}
	}
	return m.s.root.Rename(staged(name), native(p))
}

// open opens the output's folder dir for renames into it, first making
// it a real folder (see realDir) when it is missing, a file or a link,
// and returns its descriptor: -1 when it cannot, and the files in it go
// through os.Root, which says what is wrong.
func (m *mover) open(dir string) int {
	fd, ok, err := dirBeneath(m.s.top.fd, native(dir))
	if ok && err != nil && m.s.realDir(dir, m.done) == nil {
		fd, ok, err = dirBeneath(m.s.top.fd, native(dir))
	}
	if !ok || err != nil {
		return -1
	}
	return fd
}

func (m *mover) closeTo() {
	if m.to >= 0 {
		closeFD(m.to)
		m.to = -1
	}
}

func (m *mover) close() {
	m.closeTo()
	if m.from >= 0 {
		closeFD(m.from)
		m.from = -1
	}
}

// realDir makes sure dir (relative to the output) is a real folder, not a
// file or a symbolic link that would lead writes elsewhere, creating or
// replacing it as needed. Folders already checked are in done.
func (s *stage) realDir(dir string, done map[string]bool) error {
	if done[dir] {
		return nil
	}
	if err := s.realDir(path.Dir(dir), done); err != nil {
		return err
	}
	info, err := s.root.Lstat(native(dir))
	switch {
	case err == nil && info.IsDir():
	case err == nil:
		if err := s.root.Remove(native(dir)); err != nil {
			return err
		}
		fallthrough
	case errors.Is(err, fs.ErrNotExist):
		if err := s.root.Mkdir(native(dir), 0o755); err != nil {
			return err
		}
	default:
		return err
	}
	done[dir] = true
	return nil
}

// removeStale deletes the files the last build wrote (old) that this one
// did not (next), and the folders they leave empty, and returns how many
// files it removed. Nothing else is removed: a file someone put into the
// output folder stays.
func (s *stage) removeStale(old, next map[string]entry) (int, error) {
	keepDir := map[string]bool{}
	for p := range next {
		for d := path.Dir(p); d != "."; d = path.Dir(d) {
			if keepDir[d] {
				break
			}
			keepDir[d] = true
		}
	}
	var stale []string
	for p := range old {
		if _, ok := next[p]; !ok && !keepDir[p] {
			stale = append(stale, p)
		}
	}
	slices.Sort(stale)
	removed := 0
	for _, p := range stale {
		if info, err := s.root.Lstat(native(p)); err != nil || info.IsDir() {
			continue // gone already, or inside what is now a file
		}
		if err := s.root.Remove(native(p)); err != nil {
			return removed, fmt.Errorf("removing stale %s: %w", p, err)
		}
		removed++
		for d := path.Dir(p); d != "." && !keepDir[d]; d = path.Dir(d) {
			if s.root.Remove(native(d)) != nil {
				break // not empty
			}
		}
	}
	return removed, nil
}

// removeLegacy removes the records an earlier version kept in the output.
func (s *stage) removeLegacy() error {
	for _, name := range legacyFiles {
		if err := s.root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("removing %s, an earlier version's record: %w", name, err)
		}
	}
	return nil
}

// dirOf, baseOf and joinIn are path.Dir, path.Base and path.Join for the
// paths a stage is given (fs.ValidPath: clean and relative, no empty or
// dot elements) and "." for the top, without Clean's work: every file
// and folder staged takes them, a few times each. joinIn's name is one
// element. TestPathHelpersAsPath holds them to package path.
func dirOf(p string) string {
	if i := strings.LastIndexByte(p, '/'); i >= 0 {
		return p[:i]
	}
	return "."
}

func baseOf(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

func joinIn(rel, name string) string {
	if rel == "." {
		return name
	}
	return rel + "/" + name
}
