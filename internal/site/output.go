package site

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
)

// MarkerFile is written into every output folder the portal creates. The
// portal only ever replaces or cleans a folder that holds it (or is empty),
// so a wrong --out can never wipe someone's files.
const MarkerFile = ".portal-output"

const stagingDir = ".portal-staging"

// File is one output file: a slash-separated path relative to the output
// folder, and its bytes.
type File struct {
	Path string
	Data []byte
}

// WriteStats counts what a commit did to the output folder.
type WriteStats struct {
	Written, Unchanged, Removed int
}

// checkOut refuses output folders that would overwrite or delete sources:
// the source root itself, a folder inside one of the source folders, a
// folder that contains the source root, or a non-empty folder the portal
// did not create.
func checkOut(src, out string, sourceDirs []string) error {
	absSrc, err := filepath.Abs(src)
	if err != nil {
		return err
	}
	absOut, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	absSrc, absOut = resolve(absSrc), resolve(absOut)
	if absOut == absSrc {
		return fmt.Errorf("output folder %s is the source folder: choose another with --out (the default is public/)", out)
	}
	if within(absSrc, absOut) {
		return fmt.Errorf("output folder %s contains the source folder %s: cleaning it would delete your sources", out, src)
	}
	for _, d := range sourceDirs {
		sd := resolve(filepath.Join(absSrc, d))
		if absOut == sd || within(absOut, sd) {
			return fmt.Errorf("output folder %s is inside the source folder %s/: choose another with --out", out, d)
		}
	}
	entries, err := os.ReadDir(absOut)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("output folder %s: %w", out, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if _, err := os.Lstat(filepath.Join(absOut, MarkerFile)); err != nil {
		return fmt.Errorf("output folder %s is not empty and was not made by portal (it has no %s file): refusing to overwrite it; choose an empty or new folder with --out", out, MarkerFile)
	}
	return nil
}

// resolve follows symbolic links where the path exists, so that two names
// of the same folder compare equal.
func resolve(p string) string {
	if r, err := filepath.EvalSymlinks(p); err == nil {
		return r
	}
	parent, base := filepath.Split(p)
	if parent == p || parent == "" {
		return p
	}
	return filepath.Join(resolve(filepath.Clean(parent)), base)
}

// within reports whether p is strictly inside dir.
func within(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != "." && !strings.HasPrefix(rel, "..") && !filepath.IsAbs(rel)
}

// commit makes out hold exactly files: it stages every changed file inside
// out first, and only when all of them are written moves them into place
// and removes files of the previous build that are gone. Unchanged files
// are not touched, so their modification times stay.
func commit(out string, files []File) (WriteStats, error) {
	var st WriteStats
	if err := os.MkdirAll(out, 0o755); err != nil {
		return st, fmt.Errorf("creating output folder: %w", err)
	}
	root, err := os.OpenRoot(out)
	if err != nil {
		return st, err
	}
	defer root.Close()
	marker := []byte("This folder is written by portal build. Files in it are replaced on every build.\n")
	if old, err := root.ReadFile(MarkerFile); err != nil || !bytes.Equal(old, marker) {
		if err := root.WriteFile(MarkerFile, marker, 0o644); err != nil {
			return st, err
		}
	}
	_ = root.RemoveAll(stagingDir)
	if err := root.Mkdir(stagingDir, 0o755); err != nil {
		return st, fmt.Errorf("creating staging folder: %w", err)
	}
	defer root.RemoveAll(stagingDir)

	// Stage: write every new or changed file. A failure here leaves the
	// previous output as it was.
	type move struct{ from, to string }
	var moves []move
	keep := map[string]bool{MarkerFile: true}
	for i, f := range files {
		if !validOutPath(f.Path) {
			return st, fmt.Errorf("refusing to write %q: not a clean path inside the output folder", f.Path)
		}
		keep[f.Path] = true
		for d := path.Dir(f.Path); d != "."; d = path.Dir(d) {
			keep[d] = true
		}
		if old, err := root.ReadFile(f.Path); err == nil && bytes.Equal(old, f.Data) {
			st.Unchanged++
			continue
		}
		tmp := path.Join(stagingDir, fmt.Sprintf("%d", i))
		if err := root.WriteFile(tmp, f.Data, 0o644); err != nil {
			return st, fmt.Errorf("writing %s: %w", f.Path, err)
		}
		moves = append(moves, move{tmp, f.Path})
	}
	// Move into place: renames inside one folder tree, which do not fail
	// for want of space.
	for _, m := range moves {
		if err := makeDirs(root, path.Dir(m.to)); err != nil {
			return st, err
		}
		if info, err := root.Lstat(m.to); err == nil && info.IsDir() {
			if err := root.RemoveAll(m.to); err != nil {
				return st, err
			}
		}
		if err := root.Rename(m.from, m.to); err != nil {
			return st, fmt.Errorf("moving %s into place: %w", m.to, err)
		}
		st.Written++
	}
	// Clean: remove what the previous build wrote and this one did not.
	var stale []string
	err = fs.WalkDir(root.FS(), ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || p == "." {
			return err
		}
		if p == stagingDir {
			return fs.SkipDir
		}
		if !keep[p] {
			stale = append(stale, p)
			if d.IsDir() {
				return fs.SkipDir
			}
		}
		return nil
	})
	if err != nil {
		return st, fmt.Errorf("listing old output: %w", err)
	}
	slices.Sort(stale)
	for _, p := range stale {
		if err := root.RemoveAll(p); err != nil {
			return st, fmt.Errorf("removing stale %s: %w", p, err)
		}
		st.Removed++
	}
	return st, nil
}

// makeDirs creates dir and its parents inside root, replacing any file or
// symbolic link that stands where a folder must be.
func makeDirs(root *os.Root, dir string) error {
	if dir == "." {
		return nil
	}
	if err := makeDirs(root, path.Dir(dir)); err != nil {
		return err
	}
	info, err := root.Lstat(dir)
	switch {
	case err == nil && info.IsDir():
		return nil
	case err == nil:
		if err := root.Remove(dir); err != nil {
			return err
		}
	case !errors.Is(err, fs.ErrNotExist):
		return err
	}
	return root.Mkdir(dir, 0o755)
}

// validOutPath reports whether p is a clean, relative, slash-separated path
// that stays inside the output folder.
func validOutPath(p string) bool {
	if p == "" || !fs.ValidPath(p) || strings.Contains(p, "\\") || strings.ContainsRune(p, 0) {
		return false
	}
	first, _, _ := strings.Cut(p, "/")
	return first != stagingDir && p != MarkerFile
}
