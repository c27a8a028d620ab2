package outdir

import (
	"fmt"
	"io/fs"
	"path/filepath"
	"strings"
)

// stagingDir is the folder inside the output where a build writes its files
// before it renames them into place; no build leaves it behind.
const stagingDir = ".portal-staging"

// File is one output file: a slash-separated path relative to the output
// folder, and its bytes.
type File struct {
	Path string
	Data []byte
}

// Stats counts what a commit did to the output folder.
type Stats struct {
	Written, Unchanged, Removed int
	// Reused counts the unchanged files that were not even rendered:
	// their page key was the last build's (see Writer.Reuse).
	Reused int
}

// CheckOut refuses output folders that would overwrite or delete sources:
// the source root itself, a folder inside one of the source folders, or a
// folder that contains the source root. (Open refuses a non-empty
// folder portal did not build.)
func CheckOut(src, out string, sourceDirs []string) error {
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

// validOutPath reports whether p is a clean, relative, slash-separated path
// that stays inside the output folder and hides nothing: no segment starts
// with a dot (so no output is the staging folder or a record of an
// earlier version, and a published folder has no hidden files).
func validOutPath(p string) bool {
	if p == "" || !fs.ValidPath(p) || strings.Contains(p, "\\") || strings.IndexFunc(p, isControl) >= 0 {
		return false
	}
	return !strings.HasPrefix(p, ".") && !strings.Contains(p, "/.")
}

// isControl reports a control character, which would break the
// manifest's lines.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// native turns a slash-separated path inside the output folder into the
// name os.Root takes.
func native(p string) string { return filepath.FromSlash(p) }

// staged is the name, inside the output folder, of what is staged as p:
// a file or folder of a fresh build's tree, or a flat file's number
// (see flatName).
func staged(p string) string { return filepath.Join(stagingDir, native(p)) }
