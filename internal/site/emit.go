package site

import (
	"bytes"
	"context"
	"fmt"
	"iter"
	"math/bits"
	"path"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/keys"
	"github.com/postal-access/portal/internal/linkcheck"
	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/publish"
	"github.com/postal-access/portal/internal/render"
)

// outputs hands each output file on, once: it claims the file's path,
// refusing two outputs at one path (or at two paths that are one file on
// a case-insensitive file system, or a file where a folder must be).
type outputs struct {
	put func(path string, data []byte) error
	// putThen, when not nil, is put calling done once the bytes are no
	// longer needed (the build to disk's writer).
	putThen func(path string, data []byte, done func()) error
	mu      sync.Mutex
	folded  map[string]string // lower-cased path → the path claimed
	dirs    map[string]bool
	paths   []string // for --verbose
	verbose bool
	// next keeps every file handed on, when a session remembers them.
	next   map[string][]byte
	nextMu sync.Mutex
}

func newOutputs(put func(path string, data []byte) error, verbose bool) *outputs {
	return &outputs{put: put, verbose: verbose, folded: map[string]string{}, dirs: map[string]bool{}}
}

// claim reserves path p for one output.
func (o *outputs) claim(p string) error {
	lower := strings.ToLower(p) // p itself when it has no capital
	o.mu.Lock()
	other, taken := o.folded[lower]
	if !taken {
		o.folded[lower] = p
	}
	nested := ""
	if o.dirs[p] {
		nested = p
	}
	// Each folder is checked against the files once, when first met;
	// a file claimed later where a folder is, is found above.
	for d := path.Dir(p); d != "." && nested == "" && !o.dirs[d]; d = path.Dir(d) {
		if o.has(d) {
			nested = d
		}
		o.dirs[d] = true
	}
	if o.verbose {
		o.paths = append(o.paths, p)
	}
	o.mu.Unlock()
	switch {
	case taken && other == p:
		return inputError(p, "%v: %s (a static or content file and a page, or two aliases)", errDuplicate, p)
	case nested != "":
		return inputError(p, "%s would have to be both a file and a folder: check the aliases in content/ and the file names in static/ and content/", nested)
	case taken:
		// Named in byte order, whichever was claimed first: the one
		// with capitals first, an alias or a file name, since pages'
		// addresses are lower case.
		a, b := min(other, p), max(other, p)
		return inputError(a, "%s and %s differ only in case, and are one file on case-insensitive file systems: rename one", a, b)
	}
	return nil
}

// settleFile adds the output file p to planned as the site path a link
// to it is, when the check finds the file at that path: a link to a file
// with no extension (static/CNAME) leads to a folder's index.html, and
// is checked (pages.OutPath).
func settleFile(planned map[string]bool, p string) {
	if site := "/" + p; pages.OutPath(site) == p {
		planned[site] = true
	}
}

// claimed yields the path of every output claimed so far, holding the
// lock: yield must not claim.
func (o *outputs) claimed() iter.Seq[string] {
	return func(yield func(string) bool) {
		o.mu.Lock()
		defer o.mu.Unlock()
		for _, p := range o.folded {
			if !yield(p) {
				return
			}
		}
	}
}

// has reports whether an output claimed p. It takes no lock: claim calls
// it holding o.mu, the link check once every output has been claimed.
func (o *outputs) has(p string) bool {
	other, ok := o.folded[strings.ToLower(p)]
	return ok && other == p
}

func inputError(file, format string, args ...any) error {
	return &InputError{List: diag.List{{Pos: diag.Pos{File: file}, Msg: fmt.Sprintf(format, args...)}}}
}

// keep claims p and hands its bytes on, remembering them for a session.
func (o *outputs) keep(p string, data []byte) error {
	if o.next != nil {
		o.nextMu.Lock()
		o.next[p] = data
		o.nextMu.Unlock()
	}
	if err := o.claim(p); err != nil {
		return err
	}
	return o.put(p, data)
}

// keepThen is keep, calling done once data is no longer needed when the
// output lends it (the build to disk's writer); otherwise done is never
// called and data stays the output's.
func (o *outputs) keepThen(p string, data []byte, done func()) error {
	if o.putThen == nil || o.next != nil {
		return o.keep(p, data)
	}
	if err := o.claim(p); err != nil {
		done()
		return err
	}
	return o.putThen(p, data, done)
}

func (o *outputs) count() int { return len(o.folded) }

// list prints every output path, sorted, for --verbose.
func (o *outputs) list(b *Build) {
	if !b.Verbose || b.Log == nil {
		return
	}
	slices.Sort(o.paths)
	for _, p := range o.paths {
		fmt.Fprintf(b.Log, "  %s\n", p)
	}
}

// pageCache is what a build's output remembers of the last build: the
// key each file was made from (see internal/keys). The build to disk's writer
// (outdir.Writer) and portal serve's session keys implement it.
type pageCache interface {
	// Reuse reports whether path holds what the last build made from
	// inputs with this key; it then counts as written.
	Reuse(path string, key [16]byte) bool
	// Record remembers the key of a file made now.
	Record(path string, key [16]byte)
	// Warm reports whether the last build left keys to reuse.
	Warm() bool
}

// incremental is what a build needs to skip outputs: the output's keys
// and the render key of this build's program, options, templates and
// static files.
type incremental struct {
	out       pageCache
	renderKey string
	// putThen hands a file to the writer and calls done once it is
	// written (outdir.Writer.EnqueueThen): the pages' memory is reused.
	putThen func(path string, data []byte, done func()) error
}

// reuse decides, output by output, whether the last build's file stands:
// one mechanism for the build to disk (its writer remembers each file's
// key), portal serve (its session remembers keys and bytes) and serve's
// markdown-only rebuild (every output but the changed pages' and the
// search index is the last build's).
type reuse struct {
	inc    *incremental // nil: every output is made
	keys   *keys.Keys   // nil: no output has a key
	served *sessionKeys // serve: the last build's bytes are handed on again
	out    *outputs
	last   map[string][]byte // serve: the last build's outputs
	reused atomic.Int64
}

// reuseFrom sets up reuse for this build: with inc (the writer's), or
// in a session with the keys it remembers.
func (r *run) reuseFrom(inc *incremental) error {
	if r.remember {
		r.out.next = map[string][]byte{}
	}
	if inc != nil {
		r.out.putThen = inc.putThen
	}
	r.reuse = &reuse{out: r.out, last: r.s.out}
	if r.remember && inc == nil && !r.partial {
		r.reuse.served = &sessionKeys{old: r.s.keys, out: r.s.out, next: map[string][16]byte{}}
		inc = &incremental{out: r.reuse.served, renderKey: "portal serve\x00" + r.keys.opts + "\x00" + r.keys.tmpl + "\x00" + r.keys.static}
	}
	if inc != nil && inc.renderKey != "" {
		r.reuse.keys = keys.New(inc.renderKey, r.site)
	}
	r.reuse.inc = inc
	return nil
}

// cached claims p and reports true when its file is the last build's;
// otherwise record is to be called once the file is made.
func (u *reuse) cached(p string, key [16]byte, keyed bool) (skip bool, record func(), err error) {
	if keyed && u.inc.out.Reuse(p, key) {
		u.reused.Add(1)
		if u.served != nil {
			return true, nil, u.out.keep(p, u.last[p])
		}
		return true, nil, u.out.claim(p)
	}
	return false, func() {
		if keyed {
			u.inc.out.Record(p, key)
		}
	}, nil
}

// warm reports whether most outputs will be the last build's.
func (u *reuse) warm() bool { return u.keys != nil && u.inc.out.Warm() }

// renderState is what the render step leaves for the next steps.
type renderState struct {
	linksOf *linkcheck.Table // of the pages rendered, for the link check
	extras  background
	// letGo: each page's markdown body is let go once the page is
	// rendered (see render).
	letGo bool
	// keyed: the key of each page to render, in order, made before any
	// renders (see keyAll); nil: each page's is made as it renders.
	keyed []pageKey
}

// pageKey is a page's key, and whether it has one (see keys.Keys.Page).
type pageKey struct {
	key [16]byte
	ok  bool
}

// background is a step run beside others: nothing may write once
// generate returns, so whoever started it waits for it.
type background struct {
	done    chan error
	started bool
}

func (bg *background) start(f func() error) {
	bg.done, bg.started = make(chan error, 1), true
	go func() { bg.done <- f() }()
}

// wait returns the step's error, once it is done; nil if it never started.
func (bg *background) wait() error {
	if !bg.started {
		return nil
	}
	bg.started = false
	return <-bg.done
}

// render renders every page that is not the last build's, minified,
// on all CPUs, and makes the outputs that are not pages (see extras)
// beside them or before them. When most pages will be reused, those are
// made beside the pages, which saves time. A cold build makes them first,
// and the pages after, which lowers its peak of memory (by 8 % at scale
// 16): the downloads are not held while pages render, the link table and the
// records of the pages written are not yet held while the downloads are
// made, and once they are made, each page's markdown body is let go as
// the page is rendered (the search index, which reads the bodies, is
// made), unless the session keeps it. A cold build also makes every
// page's key before the pages render (see keyAll).
func (r *run) render(ctx context.Context) error {
	// Every page of the plan is among the build's files once it renders,
	// and so is every JSON twin and static file: a link to one needs no
	// check after (but to a file the check looks for elsewhere, see
	// settleFile). So are the files a cold build makes before its pages
	// (see below).
	planned := make(map[string]bool, len(r.pages)*3/2+len(r.s.static))
	for _, p := range r.pages {
		planned[p.URL] = true
		if twin, ok := pages.TwinURL(p); ok {
			planned[twin] = true
		}
	}
	for _, f := range r.s.static {
		settleFile(planned, f.Path)
	}
	st := &renderState{}
	r.rendered = st
	warm := !r.partial && r.reuse.warm()
	if warm {
		st.extras.start(func() error { return r.makeExtras(ctx) })
	}
	if !r.partial {
		// The release files, the data as committed, go first and are
		// let go: they are not held while the pages render.
		if err := publish.ReleaseFiles(r.site, r.hist.Files, r.out.keep); err != nil {
			return r.waitExtras(err)
		}
		r.hist.Files = nil
	}
	todo := make([]*pages.Page, 0, len(r.pages))
	for _, p := range r.pages {
		if !r.partial || p.Source != nil && r.changed[p.Source.File] {
			todo = append(todo, p)
		} else if err := r.out.keep(pages.OutPath(p.URL), r.s.out[pages.OutPath(p.URL)]); err != nil {
			return r.waitExtras(err)
		}
	}
	if !r.partial && !warm {
		r.b.logf("making the downloads, JSON twins, feeds, search index and sitemaps")
		if err := r.makeExtras(ctx); err != nil {
			return err
		}
		// Every page renders (none is the last build's), and so has its
		// links in the table: the link check needs no markdown.
		if st.letGo = !r.remember; st.letGo {
			r.html = nil
		}
		if err := r.keyAll(ctx, st, todo); err != nil {
			return r.waitExtras(err)
		}
		// The downloads, feeds and the rest: a link to one is certain.
		for p := range r.out.claimed() {
			settleFile(planned, p)
		}
	}
	st.linksOf = linkcheck.Settling(planned, r.base.Path)
	r.b.logf("rendering %d pages", len(r.pages))
	var done, rendered atomic.Int64
	var mu sync.Mutex
	var rerrs diag.List
	err := onCPUs(ctx, len(todo), func(i int) error {
		var keyed *pageKey
		if st.keyed != nil {
			keyed = &st.keyed[i]
		}
		made, err := r.renderPage(todo[i], keyed, st, &mu, &rerrs)
		if made {
			rendered.Add(1)
		}
		r.b.progress("rendering", int(done.Add(1)), len(r.pages))
		return err
	})
	if err != nil {
		return r.waitExtras(err)
	}
	if len(rerrs) > 0 {
		rerrs.Sort()
		r.s.forget()
		return r.waitExtras(&InputError{List: rerrs.Dedupe()})
	}
	r.res.Pages, r.res.Rendered = int(done.Load()), int(rendered.Load())
	return nil
}

// keyAll makes the key of each page of todo, on all CPUs, into
// st.keyed, and then lets go of the hashes of the objects the keys share
// (keys.Keys.Forget): a cold build renders every page, and so needs
// every key, but not those hashes while the pages render. Made as each
// page renders, they were held to the last page, 25 MiB of the peak of
// memory at scale 16. The JSON twins, made before, have their keys.
func (r *run) keyAll(ctx context.Context, st *renderState, todo []*pages.Page) error {
	if r.reuse.keys == nil {
		return nil
	}
	r.b.logf("keying %d pages", len(todo))
	keyed := make([]pageKey, len(todo))
	err := onCPUs(ctx, len(todo), func(i int) error {
		keyed[i].key, keyed[i].ok = r.reuse.keys.Page(todo[i])
		return nil
	})
	r.reuse.keys.Forget()
	st.keyed = keyed
	return err
}

// waitExtras returns err once the other outputs, if started, are done.
func (r *run) waitExtras(err error) error {
	_ = r.rendered.extras.wait()
	return err
}

// makeExtras makes the outputs that are not pages (see publish.Write).
func (r *run) makeExtras(ctx context.Context) error {
	in := publish.Input{Site: r.site, Plan: r.pages, Content: r.md, Min: r.min, Indent: r.b.NoMinify, Keys: r.reuse.keys, Reuse: r.reuse.cached, Lend: r.out.keepThen}
	return publish.Write(ctx, in, r.out.keep)
}

// onCPUs calls f(0) to f(n-1) on one goroutine per CPU, which take the
// indices in turn (a goroutine per call would grow a stack per call), and
// returns the first error, after which no call starts.
func onCPUs(ctx context.Context, n int, f func(i int) error) error {
	g, gctx := errgroup.WithContext(ctx)
	var next atomic.Int64
	for range min(runtime.GOMAXPROCS(0), n) {
		g.Go(func() error {
			for i := int(next.Add(1)) - 1; i < n && gctx.Err() == nil; i = int(next.Add(1)) - 1 {
				if err := f(i); err != nil {
					return err
				}
			}
			return gctx.Err()
		})
	}
	return g.Wait()
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// pageMemory is the memory of pages written (see outputs.keepThen), for
// the pages after them: a cold build's pages, a quarter of what it
// allocates, then take the same few dozen buffers in turn.
var pageMemory sizedPool

// maxPooled is the largest buffer kept for reuse.
const maxPooled = 1 << 20

// sizedPool keeps memory for reuse by its size, a power of two from
// minPooled to maxPooled, in a pool of its own each, so that a page takes
// memory about its size. With one pool, every buffer in turn came to hold
// the largest page it was ever given (a list page of 95 KiB), while most
// of the pages queued for writing, some forty at a time, are a tenth of
// that: 4 MiB of the live heap while pages render at scale 4, 2 with
// sizedPool, for the same memory allocated.
type sizedPool [sizeClasses]sync.Pool

const (
	minPooled   = 16 << 10
	sizeClasses = 7 // minPooled << (sizeClasses-1) == maxPooled
)

// get returns empty memory of at least n bytes.
func (sp *sizedPool) get(n int) *[]byte {
	c := classFor(n)
	if c >= sizeClasses {
		b := make([]byte, 0, n)
		return &b
	}
	if m, _ := sp[c].Get().(*[]byte); m != nil {
		*m = (*m)[:0]
		return m
	}
	b := make([]byte, 0, minPooled<<c)
	return &b
}

// put keeps m for a get, unless it is larger than maxPooled.
func (sp *sizedPool) put(m *[]byte) {
	if c := cap(*m); c >= minPooled && c <= maxPooled {
		sp[classOf(c)].Put(m)
	}
}

// classFor is the smallest class whose memory holds n bytes:
// minPooled<<classFor(n) >= n.
func classFor(n int) int {
	if n <= minPooled {
		return 0
	}
	return bits.Len(uint(n-1)) - bits.Len(minPooled-1)
}

// classOf is the largest class memory of capacity c can serve:
// minPooled<<classOf(c) <= c, and -1 below minPooled.
func classOf(c int) int {
	if c < minPooled {
		return -1
	}
	return bits.Len(uint(c)) - 1 - bits.Len(minPooled-1)
}

// renderPage renders one page, unless its key says it is the last
// build's; made reports whether it was rendered. The page's key is made
// here, unless keyed has it (see keyAll). A template error is collected
// in rerrs.
func (r *run) renderPage(p *pages.Page, keyed *pageKey, st *renderState, mu *sync.Mutex, rerrs *diag.List) (made bool, err error) {
	name := pages.OutPath(p.URL)
	var key pageKey
	if keyed != nil {
		key = *keyed
	} else {
		key.key, key.ok = r.reuse.keys.Page(p)
	}
	skip, record, err := r.reuse.cached(name, key.key, key.ok)
	if skip {
		return false, err
	}
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer func() {
		if buf.Cap() <= maxPooled {
			buffers.Put(buf)
		}
	}()
	if err := executeLabelled(p.Kind, func() error { return r.tmpl.Execute(buf, p.Kind, p) }); err != nil {
		mu.Lock()
		rerrs.Append(render.TemplateError(err, "templates/"+p.Kind+".html"))
		mu.Unlock()
		return false, nil
	}
	// One pass finds the page's links as written, which pages share and
	// the table keeps once each, and makes them relative, but in 404.html,
	// which servers show at any path.
	// The templates and markdown bodies were minified once, before (see
	// render.Parse), so the page is not minified again.
	// The page goes into memory a page written before left; where the
	// output lends nothing (serve), the page keeps it.
	// The page's links made relative are a little longer than as written.
	mem := pageMemory.get(buf.Len() + buf.Len()/8)
	page := st.linksOf.AppendPage(*mem, name, buf.Bytes(), r.base.Path, p.Kind != "404")
	err = r.out.keepThen(name, page, func() {
		*mem = page
		pageMemory.put(mem)
	})
	if err != nil {
		return false, err
	}
	record()
	if st.letGo {
		p.Content = ""
	}
	return true, nil
}

// executeLabelled runs exec, a page's template, with the pprof label
// template=kind on its goroutine, so that a CPU profile of a build
// (PORTAL_CPUPROFILE) splits template execution by page kind: go tool
// pprof -tags, or -tagfocus template=facility. A label costs well under
// a microsecond a page.
func executeLabelled(kind string, exec func() error) (err error) {
	pprof.Do(context.Background(), pprof.Labels("template", kind), func(context.Context) { err = exec() })
	return err
}

// extras waits for the outputs that are not pages, which render made or
// started, and copies the static files. A markdown-only rebuild makes
// only the search index, which holds the pages' text, again: every other
// file is the last build's.
func (r *run) extras(ctx context.Context) error {
	if r.partial {
		return r.keepExtras()
	}
	// render made them, or started them.
	if err := r.rendered.extras.wait(); err != nil {
		return err
	}
	for _, f := range r.s.static {
		if err := r.out.keep(f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}

func (r *run) keepExtras() error {
	file := pages.OutPath(pages.KindOf("search-index").URL)
	index, err := publish.SearchIndexJSON(r.pages, r.b.NoMinify)
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	if err := r.out.keep(file, index); err != nil {
		return err
	}
	pageOf := map[string]bool{}
	for _, p := range r.pages {
		pageOf[pages.OutPath(p.URL)] = true
	}
	for p, data := range r.s.out {
		if !pageOf[p] && p != file {
			if err := r.out.keep(p, data); err != nil {
				return err
			}
		}
	}
	return nil
}

// checkLinks checks every link of the site: a broken one fails the build,
// or with --broken-links warn is a warning.
func (r *run) checkLinks(context.Context) error {
	lerrs, err := linkErrors(r.fsys, r.pages, r.html, r.rendered.linksOf, r.out.has, r.base.Path)
	if err != nil {
		return err
	}
	if len(lerrs) == 0 {
		return nil
	}
	if !r.b.LinkWarnings {
		r.s.forget()
		return &InputError{List: lerrs}
	}
	for _, d := range lerrs {
		d.Severity = diag.Warning
	}
	r.res.Warnings = append(r.res.Warnings, lerrs...)
	r.res.Warnings.Sort()
	return nil
}
