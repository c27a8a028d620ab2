package content

import (
	"bytes"
	"context"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/postal-access/portal/internal/diag"
)

// LoadOptions configure Load.
type LoadOptions struct {
	// Drafts includes pages whose front matter says draft: true.
	Drafts bool
	// DisplayDir prefixes file names in messages and in Page.File, e.g.
	// "content"; by default it is dir.
	DisplayDir string
	// Cache, when set, keeps each file's page between loads (portal serve
	// loads the same folder on every edit).
	Cache *Cache
	// Skip, when set, leaves out the files and folders for which it is
	// true, given their slash path relative to dir (editors' backups and
	// the like); hidden ones are always left out.
	Skip func(rel string) bool
}

// Cache remembers the page each markdown file made, so that a file whose
// size and modification time have not changed is not read and parsed
// again. Only files that loaded without a problem are remembered: their
// page does not depend on any other file. A Cache serves one Load at a
// time.
type Cache struct {
	files map[string]cachedFile
}

type cachedFile struct {
	size, mtime int64
	drafts      bool
	page        *Page
}

// NewCache returns an empty cache.
func NewCache() *Cache { return &Cache{files: map[string]cachedFile{}} }

// Load reads every *.md file under dir of fsys, in lexical order, and
// returns the pages sorted by URL with all the problems found in them.
// Other files are left for the caller (images are copied, not parsed), as
// are files and directories whose names start with ".". A missing dir holds
// no pages. Drafts are checked but left out unless opt.Drafts is set. When
// ctx is done, Load stops and reports that it was interrupted.
func Load(ctx context.Context, fsys fs.FS, dir string, opt LoadOptions) ([]*Page, diag.List) {
	if opt.DisplayDir == "" {
		opt.DisplayDir = dir
	}
	l := &loader{opt: opt, dir: dir, badDirs: map[string]bool{}}
	info, err := fs.Stat(fsys, dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		l.errs.Add(diag.Pos{File: opt.DisplayDir}, "", "%v", unwrapPath(err))
		return nil, l.errs
	case !info.IsDir():
		l.errs.Add(diag.Pos{File: opt.DisplayDir}, "", "not a directory: want a folder of markdown pages")
		return nil, l.errs
	}
	err = fs.WalkDir(fsys, dir, func(name string, d fs.DirEntry, err error) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		rel := l.rel(name)
		if err != nil {
			l.errs.Add(diag.Pos{File: l.display(rel)}, "", "%v", unwrapPath(err))
			return nil
		}
		switch {
		case rel != "" && (strings.HasPrefix(d.Name(), ".") || l.opt.Skip != nil && l.opt.Skip(rel)):
			if d.IsDir() {
				return fs.SkipDir
			}
		case d.IsDir() || !strings.HasSuffix(name, ".md"):
		default:
			l.cachedFile(fsys, name, rel, d)
		}
		return nil
	})
	if err != nil {
		l.errs.Add(diag.Pos{File: opt.DisplayDir}, "", "loading interrupted: %v", err)
		return nil, l.errs
	}
	if l.opt.Cache != nil {
		l.opt.Cache.files = l.seen // files gone since are forgotten
	}
	l.claimURLs()
	slices.SortFunc(l.pages, func(a, b *Page) int { return strings.Compare(a.URL, b.URL) })
	l.errs.Sort()
	return l.pages, l.errs
}

type loader struct {
	opt     LoadOptions
	seen    map[string]cachedFile // this load's cache entries
	dir     string
	pages   []*Page
	errs    diag.List
	badDirs map[string]bool // directories already reported as not slugs
}

// rel returns name relative to the content directory.
func (l *loader) rel(name string) string {
	if l.dir == "." {
		if name == "." {
			return ""
		}
		return name
	}
	return strings.TrimPrefix(strings.TrimPrefix(name, l.dir), "/")
}

func (l *loader) display(rel string) string { return path.Join(l.opt.DisplayDir, rel) }

// cachedFile loads one markdown file, or takes its page from the cache
// when the file is as it was.
func (l *loader) cachedFile(fsys fs.FS, name, rel string, d fs.DirEntry) {
	c := l.opt.Cache
	if c == nil {
		l.file(fsys, name, rel)
		return
	}
	if l.seen == nil {
		l.seen = map[string]cachedFile{}
	}
	info, err := d.Info()
	if err != nil {
		l.file(fsys, name, rel)
		return
	}
	key := cachedFile{size: info.Size(), mtime: info.ModTime().UnixNano(), drafts: l.opt.Drafts}
	if old, ok := c.files[name]; ok && old.size == key.size && old.mtime == key.mtime && old.drafts == key.drafts {
		l.pages = append(l.pages, old.page)
		l.seen[name] = old
		return
	}
	errs, pages := len(l.errs), len(l.pages)
	l.file(fsys, name, rel)
	// Only a clean file that made a page is kept: an error, or a page left
	// out for a reason another file reported (a bad folder name), must be
	// worked out again next time.
	if len(l.errs) > errs || len(l.pages) == pages {
		return
	}
	key.page = l.pages[len(l.pages)-1]
	l.seen[name] = key
}

// file loads one markdown file.
func (l *loader) file(fsys fs.FS, name, rel string) {
	file := l.display(rel)
	src, err := readPage(fsys, name)
	if err != nil {
		l.errs.Add(diag.Pos{File: file}, "", "%v", unwrapPath(err))
		return
	}
	if off, ok := invalidUTF8(src); !ok {
		line, col := lineCol(src, off)
		l.errs.Add(diag.Pos{File: file, Line: line, Col: col}, "", "invalid UTF-8: save the file as UTF-8")
		return
	}
	fm, body, bodyLine, errs := ParseFrontMatter(file, src)
	l.errs.Append(errs)
	if d := checkNesting(file, body, bodyLine); d != nil {
		l.errs = append(l.errs, d)
		return
	}
	if fm.Draft && !l.opt.Drafts {
		return
	}
	url, section, stem, err := pageURL(rel, fm.Slug)
	if ne, ok := err.(*nameError); ok {
		if ne.Kind == "directory" {
			if !l.badDirs[ne.Path] {
				l.errs.Add(diag.Pos{File: l.display(ne.Path)}, "", "%v", ne)
			}
			l.badDirs[ne.Path] = true
			return
		}
		l.errs.Add(diag.Pos{File: file}, "", "%v", ne)
		return
	}
	p := &Page{
		Path:        rel,
		File:        file,
		FrontMatter: fm,
		Body:        body,
		BodyLine:    bodyLine,
		Section:     section,
		Stem:        stem,
		URL:         url,
	}
	if p.Title == "" {
		p.Title = titleFromStem(stem)
	}
	if p.Slug != "" && p.IsIndex() {
		l.errs.Add(p.slugPos, "slug", "an index page is published at its directory's URL (%s): remove the slug or rename the directory", url)
	}
	dateErr := slices.ContainsFunc(errs, func(d *diag.Diagnostic) bool { return d.Field == "date" })
	if p.Section == "updates" && !p.IsIndex() && p.Date.IsZero() && !dateErr {
		l.errs.Add(diag.Pos{File: file, Line: 1}, "date", "an update needs a date (date: YYYY-MM-DD in its front matter)")
	}
	if len(p.About) > 0 && (p.Section != "updates" || p.IsIndex()) {
		l.errs.Add(p.aboutKeyPos, "about", "only an update (a page in %s/updates/) is listed on the pages of what it is about: remove about here", l.opt.DisplayDir)
	}
	l.pages = append(l.pages, p)
}

// claimURLs keeps the first page to take each URL and reports the others.
// Pages claim their URLs before any alias does, so that an alias cannot
// push a page out.
func (l *loader) claimURLs() {
	claims := map[string]diag.Pos{}
	claim := func(url string, at diag.Pos, what string) bool {
		if first, taken := claims[url]; taken {
			l.errs.Add(at, "", "%s %s is already taken", what, url).Related = &first
			return false
		}
		claims[url] = at
		return true
	}
	kept := l.pages[:0]
	for _, p := range l.pages {
		if claim(p.URL, diag.Pos{File: p.File}, "page URL") {
			kept = append(kept, p)
		}
	}
	l.pages = kept
	for _, p := range l.pages {
		for i, a := range p.Aliases {
			claim(a, p.aliasPos[i], "alias")
		}
	}
}

// unwrapPath drops the fs.PathError's path: messages already name the file.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// invalidUTF8 returns the offset of the first byte of src that is not valid
// UTF-8, and false, or true when src is valid.
func invalidUTF8(src []byte) (int, bool) {
	if utf8.Valid(src) {
		return 0, true
	}
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return i, false
		}
		i += size
	}
	return 0, true
}

// lineCol returns the 1-based line and byte column of offset off in src.
func lineCol(src []byte, off int) (line, col int) {
	before := src[:off]
	return bytes.Count(before, []byte("\n")) + 1, off - bytes.LastIndexByte(before, '\n')
}
