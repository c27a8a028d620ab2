// Package publish makes every output of the site that is not an HTML
// page: the data downloads and their Frictionless data package, the JSON
// twins of entity pages, the search index, the Atom feeds, the sitemaps,
// robots.txt and the redirects left at aliases. Each kind of output is one
// row of outputs, named for its row in pages.Kinds, which owns its address.
package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path"
	"runtime"
	"strings"
	"sync"

	"golang.org/x/sync/errgroup"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/render"
)

// File is one output file: a slash-separated path relative to the output
// folder, and its bytes.
type File struct {
	Path string
	Data []byte
}

// Keys makes the keys by which a rebuild tells that a file is the last
// build's without making it (pages.KeyPolicy Digest, FacetRows and Twin).
// ok is false when there is no key: the file is made.
type Keys interface {
	// Download is the key of a data set's download at path, from the
	// digest of its CSV file as it was parsed.
	Download(path string, digest [32]byte) (key [16]byte, ok bool)
	// FacetDownload is the key of a facet page's download at path, from
	// all the page's rows (a slice).
	FacetDownload(path string, rows any) (key [16]byte, ok bool)
	// Twin is the key of the JSON twin of entity, which lists the updates
	// about it, related.
	Twin(entity any, related []*pages.Update) (key [16]byte, ok bool)
}

// Reuse is asked about each keyed file, with its key, before it is made:
// skip means the file is the last build's (and Reuse has kept it); else
// record is called once the file is made.
type Reuse func(path string, key [16]byte, ok bool) (skip bool, record func(), err error)

// Input is what the outputs are made from.
type Input struct {
	Site *pages.Site
	Plan []*pages.Page
	// Content is the markdown pages, for their aliases.
	Content []*content.Page
	// Min minifies the XML and HTML files; nil leaves them as made.
	Min *render.Minifier
	// Indent writes JSON indented (portal build --no-minify).
	Indent bool
	Keys   Keys  // nil: no file has a key
	Reuse  Reuse // nil: every file is made
	// Lend, if not nil, emits a JSON twin made into memory Write reuses,
	// calling done once it no longer needs the bytes (or never, when it
	// keeps them); without it, each twin is copied out to emit.
	Lend func(path string, data []byte, done func()) error
}

// output is one kind of output: its row in pages.Kinds and what makes
// its files.
type output struct {
	kind string
	make func(w *writer, k *pages.Kind) error
	// perPage outputs make files for the pages of w.Plan only, which is
	// a share of the plan (see Write).
	perPage bool
}

// outputs lists every kind of output that is not an HTML page, but the
// release files (see ReleaseFiles): those made once for the site in the
// order listed, the per-page ones beside them (see Write).
var outputs = []output{
	{"download", csvDownloads, false},
	{"download-json", jsonDownloads, false},
	{"datapackage", dataPackageFile, false},
	{"facet-download", facetDownloads, false},
	{"twin", twins, true},
	{"search-index", searchIndexFile, false},
	{"feed", updatesFeed, false},
	{"changes-feed", changesFeedFile, false},
	{"sitemap", sitemapFiles, false},
	{"robots", robots, false},
	{"redirect", redirects, false},
}

// Write makes every output that is not an HTML page and hands each file
// to emit as soon as it is made, so that the downloads and JSON twins are
// never all held in memory at once. The outputs made per page (the JSON
// twins, most of the files) are made on every CPU, each goroutine taking
// a share of the plan, beside the others, which are made one at a time
// so that one download at most is held: emit must be safe for concurrent
// use. Write stops early when ctx is done (Ctrl-C) or a file fails, and
// returns the first error.
func Write(ctx context.Context, in Input, emit func(path string, data []byte) error) error {
	if in.Keys == nil {
		in.Keys = noKeys{}
	}
	if in.Reuse == nil {
		in.Reuse = func(string, [16]byte, bool) (bool, func(), error) { return false, func() {}, nil }
	}
	g, gctx := errgroup.WithContext(ctx)
	run := func(in Input, outs []output) {
		g.Go(func() error {
			w := &writer{Input: in, ctx: gctx, emit: emit}
			for _, o := range outs {
				if err := o.make(w, pages.KindOf(o.kind)); err != nil {
					return err
				}
			}
			return w.failed
		})
	}
	var whole, perPage []output
	for _, o := range outputs {
		if o.perPage {
			perPage = append(perPage, o)
		} else {
			whole = append(whole, o)
		}
	}
	run(in, whole)
	n := runtime.GOMAXPROCS(0)
	for i := range n {
		share := in
		share.Plan = in.Plan[i*len(in.Plan)/n : (i+1)*len(in.Plan)/n]
		run(share, perPage)
	}
	return g.Wait()
}

// writer hands the files of one goroutine of a Write to emit.
type writer struct {
	Input
	ctx    context.Context
	emit   func(path string, data []byte) error
	failed error // the first error of emit or ctx; nothing is emitted after it
	// scratch is where this goroutine writes JSON (see marshal).
	scratch []byte
}

// marshal is Marshal(r, w.Indent), written compact into memory w reuses
// and copied out once at its size: a JSON twin written into new memory
// would grow it several times (an auction's, megabytes at scale 16, a
// quarter at a time), and a build writes tens of thousands. The memory
// is kept however large, as one twin: it goes with w, when Write returns.
func (w *writer) marshal(r dataset.Record) ([]byte, error) {
	if w.Indent {
		return Marshal(r, true)
	}
	var err error
	if w.scratch, err = r.AppendJSON(w.scratch[:0]); err != nil {
		return nil, err
	}
	return bytes.Clone(w.scratch), nil
}

// stopped reports whether the Write has stopped: its ctx is done, or a
// file failed (w.failed says which).
func (w *writer) stopped() bool {
	if w.failed == nil {
		w.failed = w.ctx.Err()
	}
	return w.failed != nil
}

// add minifies the file at p, if XML or HTML, and emits it. It returns
// the first error of the Write so far.
func (w *writer) add(p string, data []byte) error {
	if w.stopped() {
		return w.failed
	}
	if ext := path.Ext(p); ext == ".xml" || ext == ".html" {
		if data, w.failed = w.Min.Minify(p, data); w.failed != nil {
			w.failed = fmt.Errorf("minifying %s: %w", p, w.failed)
			return w.failed
		}
	}
	w.failed = w.emit(p, data)
	return w.failed
}

// addMinified emits data at p as it is, minified already. It returns
// the first error of the Write so far.
func (w *writer) addMinified(p string, data []byte) error {
	if w.stopped() {
		return w.failed
	}
	w.failed = w.emit(p, data)
	return w.failed
}

// addJSON emits v as JSON at p.
func (w *writer) addJSON(p string, v any) error {
	data, err := Marshal(v, w.Indent)
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	return w.add(p, data)
}

// keyed makes the file at p with make and emits it, unless Reuse says,
// from its key, that it is the last build's.
func (w *writer) keyed(p string, key [16]byte, ok bool, make func() ([]byte, error)) error {
	return w.keyedTo(p, key, ok, make, w.add)
}

// keyedTo is keyed handing the file to emit (w.add, or w.lend).
func (w *writer) keyedTo(p string, key [16]byte, ok bool, make func() ([]byte, error), emit func(p string, data []byte) error) error {
	if w.stopped() {
		return w.failed
	}
	skip, record, err := w.Reuse(p, key, ok)
	if skip || err != nil {
		return err
	}
	data, err := make()
	if err != nil {
		return fmt.Errorf("%s: %w", p, err)
	}
	if err := emit(p, data); err != nil {
		return err
	}
	record()
	return nil
}

// lend emits data, made in memory the caller reuses (the goroutine's
// scratch), copied into memory that comes back once Lend has written
// it: the twins, a third of a build's files, were each copied out to new
// memory. The copy grows memory of too little room once, to its size:
// made in the lent memory itself, a new one grew several times.
func (w *writer) lend(p string, data []byte) error {
	mem := lentMemory.Get().(*[]byte)
	lent := append((*mem)[:0], data...)
	w.failed = w.Lend(p, lent, func() {
		if cap(lent) <= maxLent {
			*mem = lent
			lentMemory.Put(mem)
		}
	})
	return w.failed
}

// lentMemory is the memory of files Lend has written, for the next.
var lentMemory = sync.Pool{New: func() any { return new([]byte) }}

// maxLent is the largest memory kept for reuse: a few twins (a large
// auction's) are megabytes.
const maxLent = 1 << 20

// Marshal writes v as compact JSON, which is what the minifier would
// write, or, with indent, indented.
func Marshal(v any, indent bool) ([]byte, error) {
	if indent {
		data, err := json.MarshalIndent(v, "", "  ")
		return append(data, '\n'), err
	}
	if o, ok := v.(dataset.Object); ok {
		return o.MarshalJSON() // json.Marshal's bytes, which it would check and copy again
	}
	return json.Marshal(v)
}

// file is the output file at the site path p.
func file(p string) string { return strings.TrimPrefix(p, "/") }

// noKeys gives no file a key.
type noKeys struct{}

func (noKeys) Download(string, [32]byte) ([16]byte, bool) { return [16]byte{}, false }
func (noKeys) FacetDownload(string, any) ([16]byte, bool) { return [16]byte{}, false }
func (noKeys) Twin(any, []*pages.Update) ([16]byte, bool) { return [16]byte{}, false }
