package site

import (
	"io/fs"
	"path/filepath"

	"github.com/postal-access/portal/internal/diag"
)

// checkLinksInSource refuses symbolic links in the source folders that
// lead outside the source folder: a build must read only the portal's own
// files, whatever a checkout or an archive put there. Ignored files are
// never read, so their links do not matter (Emacs's lock files are
// links that lead nowhere).
func checkLinksInSource(src string, ignored func(p string) bool) diag.List {
	var errs diag.List
	root, err := filepath.Abs(src)
	if err != nil {
		errs.Add(diag.Pos{File: src}, "", "%v", err)
		return errs
	}
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	for _, dir := range SourceDirs {
		_ = filepath.WalkDir(filepath.Join(src, dir), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil // a missing folder is reported by whatever needs it
			}
			rel, _ := filepath.Rel(src, p)
			if ignored(filepath.ToSlash(rel)) {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type()&fs.ModeSymlink == 0 {
				return nil
			}
			target, err := filepath.EvalSymlinks(p)
			if err != nil {
				errs.Add(diag.Pos{File: filepath.ToSlash(rel)}, "", "symbolic link that leads nowhere: %v", err)
				return nil
			}
			if in, err := filepath.Rel(root, target); err != nil || in == ".." || filepath.IsAbs(in) || len(in) > 2 && in[:3] == ".."+string(filepath.Separator) {
				errs.Add(diag.Pos{File: filepath.ToSlash(rel)}, "", "symbolic link to %s, outside the source folder: copy the file in instead", target)
			}
			return nil
		})
	}
	errs.Sort()
	return errs
}
