package site

import (
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"net/url"
	"path"
	"slices"
	"sync"

	"github.com/yuin/goldmark"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/publish"
	"github.com/postal-access/portal/internal/releases"
	"github.com/postal-access/portal/internal/render"
)

// SiteTitle is the name the default templates give the site.
const SiteTitle = "Postal Access Portal"

// generate runs the whole pipeline: load data → link model → load content
// → plan pages → render → minify, handing each output file to put as soon
// as it is made (from several goroutines), so that the site is never held
// in memory whole. It returns the input errors, if any; put must then
// discard what it was given.
func (b *Build) generate(ctx context.Context, put func(path string, data []byte) error) (*Result, error) {
	return b.generateWith(ctx, nil, nil, put)
}

// generateWith is generate reusing what s remembers of the last build
// (s may be nil; on success s remembers this one), and skipping the
// outputs whose keys inc's output knows (inc may be nil; the build to
// disk passes its writer's). One build is a straight line of steps, each
// of which may stop it.
func (b *Build) generateWith(ctx context.Context, s *Session, inc *incremental, put func(path string, data []byte) error) (*Result, error) {
	r := &run{b: b, s: s, res: &Result{}, out: newOutputs(put, b.Verbose), remember: s != nil, toDisk: inc != nil}
	if r.s == nil {
		r.s = &Session{}
	}
	steps := []func(context.Context) error{
		r.configure, r.load, r.link, r.markdown, r.plan,
		func(context.Context) error { return r.reuseFrom(inc) },
		r.render, r.extras, r.checkLinks,
	}
	// Every key is made once the steps end: the model's objects let go of
	// the hashes made of them, which portal serve would otherwise keep
	// with its model to the next build.
	defer func() {
		if r.reuse != nil {
			r.reuse.keys.Forget()
		}
	}()
	for _, step := range steps {
		if err := step(ctx); err != nil {
			return r.res, err
		}
	}
	r.finish()
	return r.res, nil
}

// run is one build on its way through the pipeline: each step of
// generateWith fills in what the next ones read.
type run struct {
	b        *Build
	s        *Session // what the last build left; a fresh one outside serve
	remember bool     // portal serve: keep this build's outputs in s
	toDisk   bool     // a build to disk, which needs no markdown text once rendered
	res      *Result
	errs     diag.List

	// configure
	set  Settings
	base *url.URL
	fsys fs.FS
	keys sourceKeys
	// unchanged says which inputs are as the session's last build read
	// them, under the same options.
	unchanged struct{ data, static, tmpl bool }

	// load, link
	md   []*content.Page
	min  *render.Minifier
	env  *render.Env
	tmpl *render.Templates

	// plan: each markdown file's rendered body, for the link check and
	// the session (see waitBodies)
	html     map[string]template.HTML
	partial  bool            // only the text of markdown files changed
	changed  map[string]bool // those files, when partial
	mdBodies *bodies         // the markdown bodies, as they are rendered, until waitBodies
	site     *pages.Site
	hist     *releases.History
	pages    []*pages.Page
	out      *outputs
	reuse    *reuse
	rendered *renderState
}

// sourceKeys summarise the inputs, to tell what changed since the last
// build of a session: each is compared with the one it remembers.
type sourceKeys struct {
	opts, data, static, tmpl string
}

// configure reads the settings and the build's options.
func (r *run) configure(context.Context) error {
	b := r.b
	if b.AsOf.IsZero() {
		return fmt.Errorf("no as-of date: set SOURCE_DATE_EPOCH or --as-of")
	}
	set, base, err := b.config()
	if err != nil {
		return err
	}
	if err := checkIgnore(set.Ignore); err != nil {
		return err
	}
	r.set, r.base, r.fsys = set, base, b.fsys()
	r.keys.opts = fmt.Sprintf("%+v|%s|%t|%t|%t|%t|%+v", set, b.AsOf, b.Drafts, b.Future, b.NoMinify, b.UnsafeHTML, b.Limits)
	r.min = render.NewMinifier()
	if b.NoMinify {
		r.min = nil
	}
	return nil
}

// same reports whether the input summarised by key is as the session's
// last build read it, under the same options.
func (r *run) same(key, last string, loaded bool) bool {
	return r.s.optsKey == r.keys.opts && loaded && key == last
}

// load reads the data, the markdown and the static files: the data and
// the markdown side by side. A session keeps what did not change.
func (r *run) load(ctx context.Context) error {
	b, s := r.b, r.s
	b.logf("loading data")
	b.progress("loading data", 0, 0)
	r.keys.data = dirKey(r.fsys, "data", nil)
	r.unchanged.data = r.same(r.keys.data, s.dataKey, s.data != nil)
	dataLoaded := make(chan struct{})
	go func() {
		defer close(dataLoaded)
		if !r.unchanged.data {
			s.data, s.derrs = dataset.Load(ctx, r.fsys, "data", dataset.Options{DisplayDir: "data", Limits: b.Limits})
			s.portal, s.downloads = nil, nil
		}
	}()
	b.logf("loading content")
	b.progress("loading content", 0, 0)
	var cache *content.Cache
	if r.remember { // portal serve: most markdown files are as they were
		if s.content == nil {
			s.content = content.NewCache()
		}
		cache = s.content
	}
	var cerrs diag.List
	r.md, cerrs = content.Load(ctx, r.fsys, "content", content.LoadOptions{Drafts: b.Drafts, DisplayDir: "content", Cache: cache, Skip: func(rel string) bool { return Ignored(rel, r.set.Ignore) }})
	<-dataLoaded
	r.errs.Append(s.derrs)
	r.errs.Append(cerrs)
	r.loadStatic()
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return r.stopOnErrors()
}

// loadStatic reads static/ and the files beside the markdown in content/.
func (r *run) loadStatic() {
	s := r.s
	ignored := ignoring(r.set.Ignore)
	skip := func(p string, d fs.DirEntry) bool { return ignored(p) }
	copiedOnly := func(p string, d fs.DirEntry) bool { return ignored(p) || !d.IsDir() && path.Ext(p) == ".md" }
	r.keys.static = dirKey(r.fsys, "static", skip) + dirKey(r.fsys, "content", copiedOnly)
	r.unchanged.static = r.same(r.keys.static, s.staticKey, s.assets != nil)
	if !r.unchanged.static {
		s.assets, s.static, s.serrs = loadStatic(r.fsys, r.min, ignored)
	}
	r.errs.Append(s.serrs)
}

// stopOnErrors ends the build when an input has errors: the session
// forgets the shortcut, and the warnings so far are reported.
func (r *run) stopOnErrors() error {
	if r.errs.Err() == nil {
		return nil
	}
	r.errs.Sort()
	r.res.Warnings = r.errs.Warnings()
	r.s.forget()
	return &InputError{List: r.errs.Errors(false)}
}

// link builds the model from the data and parses the templates, whose
// helpers read the Env they were parsed with: it is updated in place and
// the templates are parsed again only when they change.
func (r *run) link(context.Context) error {
	s := r.s
	// The model is linked while the templates are parsed: parsing binds
	// the helpers to the Env, which read its Portal only when called.
	var linked sync.WaitGroup
	if s.portal == nil {
		linked.Go(func() { s.portal = model.New(s.data, r.b.AsOf) })
	}
	if s.env == nil {
		s.env = &render.Env{}
	}
	r.env = s.env
	r.env.BasePath, r.env.BaseURL, r.env.Assets, r.env.Portal = r.base.Path, r.base.String(), s.assets, nil
	r.env.ForgetLinks()
	defer func() {
		linked.Wait()
		r.env.Portal = s.portal
	}()
	r.keys.tmpl = dirKey(r.fsys, "templates", func(p string, d fs.DirEntry) bool { return isSkeleton(p) })
	r.unchanged.tmpl = r.same(r.keys.tmpl, s.tmplKey, s.tmpl != nil)
	if !r.unchanged.tmpl {
		r.b.logf("parsing templates")
		s.tmpl, s.terrs = render.Parse(r.fsys, "templates", "templates", r.env, r.min)
	}
	r.tmpl = s.tmpl
	r.errs.Append(s.terrs)
	if r.tmpl != nil {
		r.tmpl.Reset() // partialCached output depends on this build's data
	}
	// When only the text of markdown pages changed, only their pages are
	// rendered again; every other output is the last build's.
	if r.unchanged.data && r.unchanged.static && r.unchanged.tmpl {
		r.changed, r.partial = s.onlyBodiesChanged(r.md)
	}
	return nil
}

// markdown starts rendering every markdown body on all CPUs (a
// goldmark.Markdown is safe for concurrent use; data blocks only read
// the model); in a partial rebuild only the changed ones. The plan is
// made meanwhile, and waits for each body as it comes to it (see bodies).
func (r *run) markdown(ctx context.Context) error {
	conv := content.NewMarkdown(content.Options{UnsafeHTML: r.b.UnsafeHTML})
	m := newBodies(r.md)
	r.mdBodies = m
	go func() {
		defer close(m.done)
		m.err = onCPUs(ctx, len(r.md), func(i int) error {
			defer close(m.ready[i])
			if cp := r.md[i]; !r.partial || r.changed[cp.File] {
				if pages.HeldBack(cp, r.b.AsOf, r.b.Future) {
					// Not published: its problems are found, its HTML
					// not made (a quarter of a big site's updates).
					m.errs[i] = cp.CheckBlocks(conv, r.env)
					return nil
				}
				var err error
				m.html[i], m.errs[i], err = r.renderBody(cp, conv)
				return err
			}
			m.html[i] = r.s.html[r.md[i].File]
			return nil
		})
	}()
	return nil
}

// bodies are the markdown bodies, as they are rendered.
type bodies struct {
	html  []template.HTML
	errs  []diag.List
	ready []chan struct{} // closed once the body is rendered
	index map[*content.Page]int
	done  chan struct{} // closed once every body is rendered, or err
	err   error
}

func newBodies(md []*content.Page) *bodies {
	m := &bodies{html: make([]template.HTML, len(md)), errs: make([]diag.List, len(md)),
		ready: make([]chan struct{}, len(md)), index: make(map[*content.Page]int, len(md)), done: make(chan struct{})}
	for i, cp := range md {
		m.ready[i], m.index[cp] = make(chan struct{}), i
	}
	return m
}

// body waits for cp's body to be rendered. When rendering stopped (see
// waitBodies) before it, the body is empty.
func (m *bodies) body(cp *content.Page) (template.HTML, diag.List) {
	i := m.index[cp]
	select {
	case <-m.ready[i]:
		return m.html[i], m.errs[i]
	case <-m.done:
		select {
		case <-m.ready[i]:
			return m.html[i], m.errs[i]
		default:
			return "", nil
		}
	}
}

// waitBodies waits for every body, and keeps them by file for the steps after
// (the link check points into them) and the session; the plan has read
// their errors.
func (r *run) waitBodies() error {
	m := r.mdBodies
	<-m.done
	if m.err != nil {
		return m.err
	}
	r.html = make(map[string]template.HTML, len(r.md))
	for i, cp := range r.md {
		r.html[cp.File] = m.html[i]
	}
	r.mdBodies = nil
	return nil
}

// renderBody renders a markdown body, minified once per source (the
// minified templates, see render.Parse, leave what they insert as it is):
// through memory kept for the next body, and copied out once.
func (r *run) renderBody(cp *content.Page, conv goldmark.Markdown) (template.HTML, diag.List, error) {
	m := bodyMemory.Get().(*[2][]byte)
	defer func() {
		if cap(m[0])+cap(m[1]) <= maxPooled {
			bodyMemory.Put(m)
		}
	}()
	html, errs := cp.AppendBlocks(m[0][:0], conv, r.env)
	if len(errs) > 0 {
		return "", errs, nil
	}
	// Room for the byte the minifier writes past the body, which it then
	// reads in place.
	html = slices.Grow(html, 1)
	m[0] = html
	if r.min != nil {
		min, err := r.min.AppendMinify(m[1][:0], ".html", html)
		if err != nil {
			return "", nil, fmt.Errorf("minifying %s: %w", cp.File, err)
		}
		m[1], html = min, min
	}
	return template.HTML(html), nil, nil
}

// bodyMemory is the memory markdown bodies are rendered and minified in.
var bodyMemory = sync.Pool{New: func() any { return new([2][]byte) }}

// plan reads the releases, plans every page and checks what the plan
// tells of the input, while the markdown is rendered: the plan waits for
// each body as it comes to it, and for all of them at its end.
func (r *run) plan(ctx context.Context) error {
	b, s := r.b, r.s
	if s.downloads == nil {
		s.downloads = publish.Downloads(s.data)
	}
	r.site = &pages.Site{Title: r.set.Title, Language: r.set.Language, Generator: pages.Generator(), BaseURL: r.base.String(), BasePath: r.base.Path, AsOf: b.AsOf, Portal: s.portal, Manifest: s.data.Manifest, Downloads: s.downloads}
	hist, herrs, err := releases.Load(ctx, b.releaseOptions(), r.fsys, s.data, s.portal, r.env, r.site)
	if err != nil {
		if berr := r.waitBodies(); berr != nil {
			return berr // the markdown's error first, as its step came first
		}
		return err
	}
	r.hist = hist
	r.errs.Append(herrs)
	r.site.Releases = hist.Releases
	var perrs diag.List
	r.pages, perrs = pages.Plan(r.site, r.md, r.mdBodies.body, hist.Pages(), pages.Options{Future: b.Future})
	if err := r.waitBodies(); err != nil {
		return err
	}
	r.res.Held = len(r.site.Held)
	r.errs.Append(perrs)
	r.errs.Append(editorialWarnings(r.site))
	if r.toDisk && !r.remember {
		// A build to disk needs the markdown only as rendered from here
		// on (portal check and serve keep it, to point at lines): let the
		// text go, a tenth of the heap at scale 16.
		for _, cp := range r.md {
			cp.Body = nil
		}
		// Nor the data's positions: every warning about the data is made.
		r.s.data.ForgetPositions()
	}
	r.missingTemplate()
	r.errs.Sort()
	r.res.Warnings = r.errs.Warnings()
	return r.stopOnErrors()
}

// missingTemplate reports the first page kind with no template (a
// template that did not parse is reported already).
func (r *run) missingTemplate() {
	if r.tmpl == nil || len(r.s.terrs) > 0 {
		return
	}
	for _, p := range r.pages {
		if !r.tmpl.Has(p.Kind) {
			r.errs.Add(diag.Pos{File: "templates/" + p.Kind + ".html"}, "", "missing template for %s pages (%s)", p.Kind, p.URL)
			return
		}
	}
}

// finish counts what the build did and, in a session, remembers it.
func (r *run) finish() {
	s, res := r.s, r.res
	s.dataKey, s.staticKey, s.tmplKey, s.optsKey = r.keys.data, r.keys.static, r.keys.tmpl, r.keys.opts
	if r.remember {
		s.remember(r)
	}
	s.pages = map[string]*content.Page{}
	for _, p := range r.md {
		s.pages[p.File] = p
	}
	res.Reused = int(r.reuse.reused.Load())
	res.Copied = len(s.static)
	res.Files = r.out.count()
	r.out.list(r.b)
	res.plan, res.base, res.stamps = r.pages, r.base, stampsOf(s.data)
}

// forget makes the next build after a failed one load and plan everything
// again, with no partial shortcut; what was loaded without errors stays,
// and so do the last good build's outputs and page keys, which are only
// reused by key.
func (s *Session) forget() {
	s.html, s.pages, s.optsKey = nil, nil, ""
}

// releaseOptions says where the build's data releases come from.
func (b *Build) releaseOptions() releases.Options {
	dir := b.Src
	if b.FS != nil {
		dir = ""
	}
	return releases.Options{Source: b.History, Dir: dir, Limit: b.Releases, Limits: b.Limits}
}
