package site

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/render"
)

// MaxStaticBytes bounds one static file.
const MaxStaticBytes = 64 << 20

// loadStatic reads static/: CSS and JavaScript are minified and get a
// content hash in their names so that browsers may cache them forever;
// other files are copied as they are. It returns the map from a file's
// name to its published path, for the asset template helper. Files beside
// the markdown in content/ (images, PDFs) are copied to the same place in
// the output, so a page can show ![chart](chart.png) from its own folder.
func loadStatic(fsys fs.FS, min *render.Minifier, ignored func(p string) bool) (map[string]string, []File, diag.List) {
	var errs diag.List
	assets := map[string]string{}
	var files []File
	copyFiles(fsys, "static", false, ignored, &errs, func(p string, data []byte) {
		rel := strings.TrimPrefix(p, "static/")
		out := rel
		if ext := path.Ext(rel); ext == ".css" || ext == ".js" {
			var err error
			if data, err = min.Minify(rel, data); err != nil {
				errs.Add(diag.Pos{File: p}, "", "minifying: %v", err)
				return
			}
			sum := sha256.Sum256(data)
			out = strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		}
		assets[rel] = "/" + out
		files = append(files, File{Path: out, Data: data})
	})
	copyFiles(fsys, "content", true, ignored, &errs, func(p string, data []byte) {
		files = append(files, File{Path: strings.TrimPrefix(p, "content/"), Data: data})
	})
	return assets, files, errs
}

func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// copyFiles reads every plain file under dir except the ignored ones
// (and markdown, with skipMarkdown), and passes it to add. A missing dir
// holds no files.
func copyFiles(fsys fs.FS, dir string, skipMarkdown bool, ignored func(p string) bool, errs *diag.List, add func(p string, data []byte)) {
	err := fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fs.SkipDir
			}
			errs.Add(diag.Pos{File: p}, "", "%v", err)
			return nil
		}
		if p != dir && ignored(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != dir && strings.IndexFunc(d.Name(), isControl) >= 0 {
			// A line break in a name would also break the output's
			// manifest, one line per file.
			errs.Add(diag.Pos{File: p}, "", "name %q has a control character (a line break, a tab): rename it", d.Name())
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if p != dir && dataset.IsWindowsDevice(d.Name()) {
			kind := "file"
			if d.IsDir() {
				kind = "folder"
			}
			errs.Add(diag.Pos{File: p}, "", "%s name %q is a device name on Windows (%s), where the site could not be published or checked out: rename it", kind, d.Name(), dataset.WindowsDevices)
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || (skipMarkdown && path.Ext(p) == ".md") {
			return nil
		}
		// Links were checked to stay inside the source; follow them.
		info, err := fs.Stat(fsys, p)
		if err != nil || !info.Mode().IsRegular() {
			errs.Add(diag.Pos{File: p}, "", "not a regular file (a folder link or a device): files in %s/ must be plain files", dir)
			return nil
		}
		if info.Size() > MaxStaticBytes {
			errs.Add(diag.Pos{File: p}, "", "file is larger than %d MiB", MaxStaticBytes>>20)
			return nil
		}
		data, err := fs.ReadFile(fsys, p)
		if err != nil {
			errs.Add(diag.Pos{File: p}, "", "%v", err)
			return nil
		}
		add(p, data)
		return nil
	})
	if err != nil {
		errs.Add(diag.Pos{File: dir}, "", "%v", err)
	}
}
