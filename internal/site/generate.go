package site

import (
	"bytes"
	"context"
	"fmt"
	"html/template"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"

	"golang.org/x/sync/errgroup"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/publish"
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

// pageCache is an output folder that remembers the page keys of its last
// build (see pageKeys): a page whose key is unchanged is not rendered.
type pageCache interface {
	// reuse reports whether path holds what the last build made from
	// inputs with this key; it then counts as written.
	reuse(path string, key [16]byte) bool
	// record remembers the key of a file rendered now.
	record(path string, key [16]byte)
	// warm reports whether the last build left keys to reuse.
	warm() bool
}

// incremental is what a build needs to skip pages: the output's keys and
// the render key of this build's program, options, templates and static files.
type incremental struct {
	out       pageCache
	renderKey string
}

// generateWith is generate reusing what s remembers of the last build
// (s may be nil; on success s remembers this one), and skipping the pages
// whose keys inc's output knows (inc may be nil).
func (b *Build) generateWith(ctx context.Context, s *Session, inc *incremental, put func(path string, data []byte) error) (*Result, error) {
	res := &Result{}
	if b.AsOf.IsZero() {
		return res, fmt.Errorf("no as-of date: set SOURCE_DATE_EPOCH or --as-of")
	}
	set, base, err := b.config()
	if err != nil {
		return res, err
	}
	remember := s != nil // only portal serve keeps outputs in memory
	if s == nil {
		s = &Session{}
	}
	fsys := b.fsys()
	var errs diag.List
	if err := checkIgnore(set.Ignore); err != nil {
		return res, err
	}
	optsKey := fmt.Sprintf("%+v|%s|%t|%t|%t|%t|%+v", set, b.AsOf, b.Drafts, b.Future, b.NoMinify, b.UnsafeHTML, b.Limits)
	sameOpts := s.optsKey == optsKey

	b.logf("loading data")
	b.progress("loading data", 0, 0)
	dataKey := dirKey(fsys, "data", nil)
	dataSame := sameOpts && s.data != nil && dataKey == s.dataKey
	// The data and the markdown load side by side.
	dataLoaded := make(chan struct{})
	go func() {
		defer close(dataLoaded)
		if !dataSame {
			s.data, s.derrs = dataset.Load(ctx, fsys, "data", dataset.Options{DisplayDir: "data", Limits: b.Limits})
			s.portal = nil
		}
	}()
	b.logf("loading content")
	b.progress("loading content", 0, 0)
	var cache *content.Cache
	if remember { // portal serve: most markdown files are as they were
		if s.content == nil {
			s.content = content.NewCache()
		}
		cache = s.content
	}
	md, cerrs := content.Load(ctx, fsys, "content", content.LoadOptions{Drafts: b.Drafts, DisplayDir: "content", Cache: cache, Skip: func(rel string) bool { return Ignored(rel, set.Ignore) }})
	<-dataLoaded
	errs.Append(s.derrs)
	errs.Append(cerrs)
	min := render.NewMinifier()
	if b.NoMinify {
		min = nil
	}
	ignored := ignoring(set.Ignore)
	skip := func(p string, d fs.DirEntry) bool { return ignored(p) }
	copiedOnly := func(p string, d fs.DirEntry) bool { return ignored(p) || !d.IsDir() && path.Ext(p) == ".md" }
	staticKey := dirKey(fsys, "static", skip) + dirKey(fsys, "content", copiedOnly)
	staticSame := sameOpts && s.assets != nil && staticKey == s.staticKey
	if !staticSame {
		s.assets, s.static, s.serrs = loadStatic(fsys, min, ignored)
	}
	files := s.static
	errs.Append(s.serrs)
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if errs.Err() != nil {
		errs.Sort()
		res.Warnings = errs.Warnings()
		s.forget()
		return res, &InputError{List: errs.Errors(false)}
	}

	data := s.data
	if s.portal == nil {
		s.portal = model.New(data, b.AsOf)
	}
	portal := s.portal
	if s.env == nil {
		s.env = &render.Env{}
	}
	// The templates' helpers read the Env they were parsed with, so it is
	// updated in place and the templates are parsed only when they change.
	env := s.env
	env.BasePath, env.BaseURL, env.Assets, env.Portal = base.Path, base.String(), s.assets, portal
	tmplKey := dirKey(fsys, "templates", func(p string, d fs.DirEntry) bool { return isSkeleton(p) })
	tmplSame := sameOpts && s.tmpl != nil && tmplKey == s.tmplKey
	if !tmplSame {
		b.logf("parsing templates")
		s.tmpl, s.terrs = render.Parse(fsys, "templates", "templates", env)
	}
	tmpl := s.tmpl
	errs.Append(s.terrs)
	if tmpl != nil {
		tmpl.Reset() // partialCached output depends on this build's data
	}

	// When only the text of markdown pages changed, only their pages are
	// rendered again; every other output is the last build's.
	var bodies map[string]bool
	partial := false
	if dataSame && staticSame && tmplSame {
		bodies, partial = s.onlyBodiesChanged(md)
	}
	// Markdown is rendered on all CPUs up front (a goldmark.Markdown is
	// safe for concurrent use; data blocks only read the model), and handed
	// to plan page by page.
	conv := content.NewMarkdown(content.Options{UnsafeHTML: b.UnsafeHTML})
	type mdOut struct {
		html template.HTML
		errs diag.List
	}
	mdOf := make(map[*content.Page]*mdOut, len(md))
	var mg errgroup.Group
	mg.SetLimit(runtime.GOMAXPROCS(0))
	for _, cp := range md {
		out := &mdOut{}
		mdOf[cp] = out
		if partial && !bodies[cp.File] {
			out.html = s.html[cp.File]
			continue
		}
		mg.Go(func() error {
			out.html, out.errs = cp.RenderBlocks(conv, env)
			return nil
		})
	}
	_ = mg.Wait()
	html := map[string]template.HTML{}
	renderMD := func(cp *content.Page) (template.HTML, diag.List) {
		out := mdOf[cp]
		html[cp.File] = out.html
		return out.html, out.errs
	}
	if !dataSame || s.downloads == nil {
		s.downloads = downloads(data)
	}
	site := &pages.Site{Title: set.Title, Language: set.Language, Generator: Generator(), BaseURL: base.String(), BasePath: base.Path, AsOf: b.AsOf, Portal: portal, Manifest: data.Manifest, Downloads: s.downloads}
	hist, herrs, err := b.loadHistory(ctx, fsys, data, portal, env, site)
	if err != nil {
		return res, err
	}
	errs.Append(herrs)
	site.Releases = hist.releases
	plan, perrs := pages.Plan(site, md, renderMD, hist.pages(), pages.Options{Future: b.Future})
	res.Held = len(site.Held)
	errs.Append(perrs)
	errs.Append(editorialWarnings(site))
	if inc != nil && !remember {
		// A build to disk needs the markdown only as rendered from here
		// on (portal check and serve keep it, to point at lines): let the
		// text go, a tenth of the heap at scale 16.
		for _, cp := range md {
			cp.Body = nil
		}
	}
	if tmpl != nil && len(s.terrs) == 0 { // a template that did not parse is reported already
		for _, p := range plan {
			if !tmpl.Has(p.Kind) {
				errs.Add(diag.Pos{File: "templates/" + p.Kind + ".html"}, "", "missing template for %s md (%s)", p.Kind, p.URL)
				break
			}
		}
	}
	errs.Sort()
	res.Warnings = errs.Warnings()
	if errs.Err() != nil {
		s.forget()
		return res, &InputError{List: errs.Errors(false)}
	}

	b.logf("rendering %d pages", len(plan))
	var claimMu sync.Mutex
	claimed := make(map[string]bool, len(plan)+len(files))
	var paths []string
	folded := make(map[string]string, len(plan)+len(files))
	dirs := map[string]bool{}
	claim := func(p string) error {
		claimMu.Lock()
		dup := claimed[p]
		claimed[p] = true
		// On case-insensitive file systems (macOS, Windows) two paths that
		// differ only in case are one file.
		other, clash := folded[strings.ToLower(p)]
		if !clash {
			folded[strings.ToLower(p)] = p
		}
		// A path cannot be a file and a folder at once (an alias such as
		// /data/carriers.csv/ beside the download data/carriers.csv).
		nested := ""
		if dirs[p] {
			nested = p
		}
		for d := path.Dir(p); d != "." && nested == ""; d = path.Dir(d) {
			if claimed[d] {
				nested = d
			}
			dirs[d] = true
		}
		if b.Verbose {
			paths = append(paths, p)
		}
		claimMu.Unlock()
		if dup {
			return &InputError{List: diag.List{{Pos: diag.Pos{File: p}, Msg: fmt.Sprintf("%v: %s (a static or content file and a page, or two aliases)", errDuplicate, p)}}}
		}
		if nested != "" {
			return &InputError{List: diag.List{{Pos: diag.Pos{File: p}, Msg: fmt.Sprintf("%s would have to be both a file and a folder: check the aliases in content/ and the file names in static/ and content/", nested)}}}
		}
		if clash && other != p {
			return &InputError{List: diag.List{{Pos: diag.Pos{File: p}, Msg: fmt.Sprintf("%s and %s differ only in case, and are one file on case-insensitive file systems: rename one", other, p)}}}
		}
		return nil
	}
	emit := func(p string, data []byte) error {
		if err := claim(p); err != nil {
			return err
		}
		return put(p, data)
	}
	next := map[string][]byte{}
	var nextMu sync.Mutex
	keep := func(p string, data []byte) error {
		if remember {
			nextMu.Lock()
			next[p] = data
			nextMu.Unlock()
		}
		return emit(p, data)
	}
	// With the last build's page keys, pages whose inputs are as they
	// were are not rendered again. portal serve keeps the keys in memory
	// with the last good build's outputs; its render key names the
	// options, templates and static files (the program is this process).
	var served *sessionKeys
	if remember && inc == nil && !partial {
		served = &sessionKeys{old: s.keys, out: s.out, next: map[string][16]byte{}}
		inc = &incremental{out: served, renderKey: "portal serve\x00" + optsKey + "\x00" + tmplKey + "\x00" + staticKey}
	}
	var keys *pageKeys
	if inc != nil && inc.renderKey != "" {
		keys = newPageKeys(inc.renderKey, site)
	}
	// cached claims p and reports true when its file is the last build's;
	// otherwise record is to be called once the file is made.
	var reused atomic.Int64
	cached := func(p string, key [16]byte, keyed bool) (skip bool, record func(), err error) {
		if keyed && inc.out.reuse(p, key) {
			reused.Add(1)
			if served != nil {
				return true, nil, keep(p, s.out[p])
			}
			return true, nil, claim(p)
		}
		return false, func() {
			if keyed {
				inc.out.record(p, key)
			}
		}, nil
	}
	buffers := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	var done, rendered atomic.Int64
	var mu sync.Mutex
	var rerrs diag.List
	linksOf := map[string]pageLinks{} // of the pages rendered, for the link check
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	// The downloads, JSON twins, search index and feeds need the plan, not
	// the rendered pages. When most pages will be reused they are made
	// beside the pages, which saves time; a cold build makes them after,
	// so that the big downloads are not held while pages render.
	extrasDone := make(chan error, 1)
	startExtras := func() {
		in := publish.Input{Site: site, Plan: plan, Content: md, ReleaseFiles: hist.files, Min: min, Indent: b.NoMinify, Keys: publishKeys{keys}, Reuse: cached}
		go func() { extrasDone <- publish.Write(ctx, in, keep) }()
	}
	extrasBeside := !partial && keys != nil && inc.out.warm()
	if extrasBeside {
		startExtras()
	}
	for _, p := range plan {
		if partial && (p.Source == nil || !bodies[p.Source.File]) {
			name := outPath(p.URL)
			if err := keep(name, s.out[name]); err != nil {
				_ = g.Wait() // nothing may write once generate returns
				return res, err
			}
			continue
		}
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			name := outPath(p.URL)
			key, keyed := keys.page(p)
			skip, record, err := cached(name, key, keyed)
			if skip {
				b.progress("rendering", int(done.Add(1)), len(plan))
				return err
			}
			buf := buffers.Get().(*bytes.Buffer)
			buf.Reset()
			defer func() {
				if buf.Cap() <= 1<<20 {
					buffers.Put(buf)
				}
			}()
			if err := tmpl.Execute(buf, p.Kind, p); err != nil {
				mu.Lock()
				rerrs.Append(render.TemplateError(err, "templates/"+p.Kind+".html"))
				mu.Unlock()
				return nil
			}
			page := buf.Bytes()
			if p.Kind != "404" { // servers show 404.html at any path
				page = render.Relative(page, name, base.Path)
			}
			pl := scanLinks(page)
			mu.Lock()
			linksOf[name] = pl
			mu.Unlock()
			out, err := min.Minify(name, page)
			if err != nil {
				return fmt.Errorf("minifying %s: %w", p.URL, err)
			}
			if min == nil { // out is buf's memory, which is reused
				out = slices.Clone(out)
			}
			if err := keep(name, out); err != nil {
				return err
			}
			record()
			rendered.Add(1)
			b.progress("rendering", int(done.Add(1)), len(plan))
			return nil
		})
	}
	err = g.Wait()
	extrasErr := error(nil)
	if !partial {
		if !extrasBeside {
			startExtras()
		}
		extrasErr = <-extrasDone // it must not write once generate returns
	}
	if err != nil {
		return res, err
	}
	if len(rerrs) > 0 {
		rerrs.Sort()
		s.forget()
		return res, &InputError{List: dedupe(rerrs)}
	}
	res.Pages, res.Rendered = int(done.Load()), int(rendered.Load())

	pageOf := map[string]bool{}
	for _, p := range plan {
		pageOf[outPath(p.URL)] = true
	}
	if partial {
		// Data, front matter and templates are as before, so are the
		// extras, but for the search index, which holds the pages' text.
		index, err := b.marshal(searchIndex(plan))
		if err != nil {
			return res, fmt.Errorf("search/index.json: %w", err)
		}
		if err := keep("search/index.json", index); err != nil {
			return res, err
		}
		for p, data := range s.out {
			if !pageOf[p] && p != "search/index.json" {
				if err := keep(p, data); err != nil {
					return res, err
				}
			}
		}
	} else {
		if extrasErr != nil {
			return res, extrasErr
		}
		for _, f := range files {
			if err := keep(f.Path, f.Data); err != nil {
				return res, err
			}
		}
	}
	if lerrs := linkErrors(fsys, plan, html, linksOf, claimed, base.Path); len(lerrs) > 0 {
		if !b.LinkWarnings {
			s.forget()
			return res, &InputError{List: lerrs}
		}
		for _, d := range lerrs {
			d.Severity = diag.Warning
		}
		res.Warnings = append(res.Warnings, lerrs...)
		res.Warnings.Sort()
	}
	s.dataKey, s.staticKey, s.tmplKey, s.optsKey = dataKey, staticKey, tmplKey, optsKey
	if remember {
		s.out, s.html, s.Partial = next, html, partial
		if served != nil {
			s.keys = served.next
		}
		if partial {
			// The pages rendered again keep no key: their old key no
			// longer names their bytes.
			for _, p := range plan {
				if p.Source != nil && bodies[p.Source.File] {
					delete(s.keys, outPath(p.URL))
				}
			}
		}
	}
	s.pages = map[string]*content.Page{}
	for _, p := range md {
		s.pages[p.File] = p
	}
	res.Reused = int(reused.Load())
	res.Copied = len(files)
	res.Files = len(claimed)
	if b.Verbose && b.Log != nil {
		slices.Sort(paths)
		for _, p := range paths {
			fmt.Fprintf(b.Log, "  %s\n", p)
		}
	}
	res.plan, res.base, res.stamps = plan, base, stampsOf(data)
	return res, nil
}

// forget makes the next build after a failed one load and plan everything
// again, with no partial shortcut; what was loaded without errors stays,
// and so do the last good build's outputs and page keys, which are only
// reused by key.
func (s *Session) forget() {
	s.html, s.pages, s.optsKey = nil, nil, ""
}

// dedupe drops repeats of the same message at the same place (a template
// error repeats on every page of its kind).
func dedupe(l diag.List) diag.List {
	var out diag.List
	for i, d := range l {
		if i > 0 && d.Error() == l[i-1].Error() {
			continue
		}
		out = append(out, d)
	}
	return out
}

// outPath maps a site path to its file: "/carriers/" → "carriers/index.html";
// a path with an extension ("/404.html") is its own file.
func outPath(u string) string { return pages.OutPath(u) }
