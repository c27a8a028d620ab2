package site

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"path"
	"strings"

	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/render"
)

// MaxStaticBytes bounds one static file.
const MaxStaticBytes = 64 << 20

// loadStatic reads static/: CSS and JavaScript are minified and get a
// content hash in their names so that browsers may cache them forever;
// other files are copied as they are. It returns the map from a file's
// name to its published path, for the asset template helper.
func loadStatic(fsys fs.FS, min *render.Minifier) (map[string]string, []File, diag.List) {
	var errs diag.List
	assets := map[string]string{}
	var files []File
	err := fs.WalkDir(fsys, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == "static" {
				return fs.SkipDir // no static folder: nothing to copy
			}
			errs.Add(diag.Pos{File: p}, "", "%v", err)
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") && p != "static" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		// Links were checked to stay inside the source; follow them.
		info, err := fs.Stat(fsys, p)
		if err != nil {
			errs.Add(diag.Pos{File: p}, "", "%v", err)
			return nil
		}
		if !info.Mode().IsRegular() {
			errs.Add(diag.Pos{File: p}, "", "not a regular file (a folder link or a device): static files must be plain files inside static/")
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
		rel := strings.TrimPrefix(p, "static/")
		out := rel
		if ext := path.Ext(rel); ext == ".css" || ext == ".js" {
			if data, err = min.Minify(rel, data); err != nil {
				errs.Add(diag.Pos{File: p}, "", "minifying: %v", err)
				return nil
			}
			sum := sha256.Sum256(data)
			out = strings.TrimSuffix(rel, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		}
		assets[rel] = "/" + out
		files = append(files, File{Path: out, Data: data})
		return nil
	})
	if err != nil {
		errs.Add(diag.Pos{File: "static"}, "", "%v", err)
	}
	files = append(files, contentFiles(fsys, &errs)...)
	return assets, files, errs
}

// contentFiles copies the files beside the markdown in content/ (images,
// PDFs) to the same place in the output, so a page can show
// ![chart](chart.png) from its own folder.
func contentFiles(fsys fs.FS, errs *diag.List) []File {
	var files []File
	_ = fs.WalkDir(fsys, "content", func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return fs.SkipDir
		}
		if strings.HasPrefix(d.Name(), ".") && p != "content" {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || path.Ext(p) == ".md" {
			return nil
		}
		info, err := fs.Stat(fsys, p)
		if err != nil || !info.Mode().IsRegular() {
			errs.Add(diag.Pos{File: p}, "", "not a regular file (a folder link or a device): files in content/ must be plain files")
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
		files = append(files, File{Path: strings.TrimPrefix(p, "content/"), Data: data})
		return nil
	})
	return files
}
