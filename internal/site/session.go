package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"

	"reflect"
	"sync"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/render"
)

// Session carries what one build learned into the next, for portal serve:
// data, static files and templates whose files did not change are not
// loaded again, and when only the text of markdown pages changed, only
// their pages are rendered again. Anything else rebuilds every page:
// correctness first. A Session is used by one build at a time.
type Session struct {
	dataKey, staticKey, tmplKey, optsKey string

	data      *dataset.Data
	derrs     diag.List
	portal    *model.Portal
	downloads []pages.Download

	assets map[string]string
	static []File
	serrs  diag.List

	content *content.Cache

	env   *render.Env
	tmpl  *render.Templates
	terrs diag.List

	// From the last good build: every output file, the markdown pages
	// and their rendered HTML, and which output each markdown page made.
	out   map[string][]byte
	pages map[string]*content.Page // by file
	html  map[string]template.HTML // by file
	keys  map[string][16]byte      // output path → page key (see internal/keys)

	// Partial reports whether the last build rendered only some pages.
	Partial bool
}

// dirKey summarises a source folder by the names, sizes, modes and
// modification times of its files: a change to any file changes the key.
// Files and folders for which skip (if not nil) is true are left out.
// A folder counts by its name alone: an editor's save by rename changes
// its modification time, and none of the files the key is about.
func dirKey(fsys fs.FS, dir string, skip func(p string, d fs.DirEntry) bool) string {
	h := sha256.New()
	_ = fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			fmt.Fprintf(h, "!%s\x00", p)
			return nil
		}
		if skip != nil && skip(p, d) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			fmt.Fprintf(h, "%s/\x00", p)
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return nil
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00%d\x00", p, info.Size(), info.Mode(), info.ModTime().UnixNano())
		return nil
	})
	return hex.EncodeToString(h.Sum(nil))
}

// onlyBodiesChanged reports whether pages differ from the last build's
// only in the text below their front matter, and which files changed.
func (s *Session) onlyBodiesChanged(pages []*content.Page) (map[string]bool, bool) {
	if s.out == nil || len(pages) != len(s.pages) {
		return nil, false
	}
	changed := map[string]bool{}
	for _, p := range pages {
		old, ok := s.pages[p.File]
		if !ok || old.URL != p.URL || old.BodyLine != p.BodyLine || !reflect.DeepEqual(old.FrontMatter, p.FrontMatter) {
			return nil, false
		}
		if string(old.Body) != string(p.Body) {
			changed[p.File] = true
		}
	}
	return changed, true
}

// sessionKeys is the page cache of portal serve: the keys of the last good
// build's outputs, whose bytes the session holds.
type sessionKeys struct {
	old  map[string][16]byte
	out  map[string][]byte
	mu   sync.Mutex
	next map[string][16]byte
}

func (c *sessionKeys) Reuse(p string, key [16]byte) bool {
	if old, ok := c.old[p]; !ok || old != key {
		return false
	}
	if _, ok := c.out[p]; !ok {
		return false
	}
	c.Record(p, key)
	return true
}

func (c *sessionKeys) Record(p string, key [16]byte) {
	c.mu.Lock()
	c.next[p] = key
	c.mu.Unlock()
}

func (c *sessionKeys) Warm() bool { return len(c.old) > 0 }

// remember keeps what portal serve's next build may reuse of r: every
// output, the rendered markdown and the page keys.
func (s *Session) remember(r *run) {
	s.out, s.html, s.Partial = r.out.next, r.html, r.partial
	if r.reuse.served != nil {
		s.keys = r.reuse.served.next
	}
	if r.partial {
		// The pages rendered again keep no key: their old key no longer
		// names their bytes.
		for _, p := range r.pages {
			if p.Source != nil && r.changed[p.Source.File] {
				delete(s.keys, pages.OutPath(p.URL))
			}
		}
	}
}
