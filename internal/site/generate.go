package site

import (
	"bytes"
	"context"
	"fmt"
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
	res := &Result{}
	if b.AsOf.IsZero() {
		return res, fmt.Errorf("no as-of date: set SOURCE_DATE_EPOCH or --as-of")
	}
	base, err := b.baseURL()
	if err != nil {
		return res, err
	}
	fsys := b.fsys()
	var errs diag.List

	b.logf("loading data")
	b.progress("loading data", 0, 0)
	data, derrs := dataset.Load(ctx, fsys, "data", dataset.Options{DisplayDir: "data", Limits: b.Limits})
	errs.Append(derrs)
	b.logf("loading content")
	b.progress("loading content", 0, 0)
	pages, cerrs := content.Load(ctx, fsys, "content", content.LoadOptions{Drafts: b.Drafts, DisplayDir: "content"})
	errs.Append(cerrs)
	min := render.NewMinifier()
	if b.NoMinify {
		min = nil
	}
	assets, files, aerrs := loadStatic(fsys, min)
	errs.Append(aerrs)
	if ctx.Err() != nil {
		return res, ctx.Err()
	}
	if errs.Err() != nil {
		errs.Sort()
		res.Warnings = errs.Warnings()
		return res, &InputError{List: errs.Errors(false)}
	}

	portal := model.New(data, b.AsOf)
	env := &render.Env{BasePath: base.Path, BaseURL: base.String(), Assets: assets, Portal: portal}
	b.logf("parsing templates")
	tmpl, terrs := render.Parse(fsys, "templates", "templates", env)
	errs.Append(terrs)
	md := content.NewMarkdown(content.Options{UnsafeHTML: b.UnsafeHTML})
	site := &Site{Title: SiteTitle, BaseURL: base.String(), BasePath: base.Path, AsOf: b.AsOf, Portal: portal, Manifest: data.Manifest, Downloads: downloads(data)}
	plan, perrs := b.plan(site, pages, md, env)
	errs.Append(perrs)
	errs.Append(editorialWarnings(site))
	if tmpl != nil {
		for _, p := range plan {
			if !tmpl.Has(p.Kind) {
				errs.Add(diag.Pos{File: "templates/" + p.Kind + ".html"}, "", "missing template for %s pages (%s)", p.Kind, p.URL)
				break
			}
		}
	}
	errs.Sort()
	res.Warnings = errs.Warnings()
	if errs.Err() != nil {
		return res, &InputError{List: errs.Errors(false)}
	}

	b.logf("rendering %d pages", len(plan))
	var claimMu sync.Mutex
	claimed := make(map[string]bool, len(plan)+len(files))
	var paths []string
	emit := func(p string, data []byte) error {
		claimMu.Lock()
		dup := claimed[p]
		claimed[p] = true
		if b.Verbose {
			paths = append(paths, p)
		}
		claimMu.Unlock()
		if dup {
			return &InputError{List: diag.List{{Pos: diag.Pos{File: p}, Msg: fmt.Sprintf("%v: %s (a static or content file and a page, or two aliases)", errDuplicate, p)}}}
		}
		return put(p, data)
	}
	buffers := sync.Pool{New: func() any { return new(bytes.Buffer) }}
	var done atomic.Int64
	var mu sync.Mutex
	var rerrs diag.List
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for _, p := range plan {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
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
			name := outPath(p.URL)
			out, err := min.Minify(name, buf.Bytes())
			if err != nil {
				return fmt.Errorf("minifying %s: %w", p.URL, err)
			}
			if err := emit(name, out); err != nil {
				return err
			}
			b.progress("rendering", int(done.Add(1)), len(plan))
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return res, err
	}
	if len(rerrs) > 0 {
		rerrs.Sort()
		return res, &InputError{List: dedupe(rerrs)}
	}
	res.Pages = len(plan)

	extra, err := b.extras(site, plan, pages)
	if err != nil {
		return res, err
	}
	for _, f := range extra {
		data, err := min.Minify(f.Path, f.Data)
		if err != nil {
			return res, fmt.Errorf("minifying %s: %w", f.Path, err)
		}
		if err := emit(f.Path, data); err != nil {
			return res, err
		}
	}
	for _, f := range files {
		if err := emit(f.Path, f.Data); err != nil {
			return res, err
		}
	}
	res.Copied = len(files)
	res.Files = len(claimed)
	if b.Verbose && b.Log != nil {
		slices.Sort(paths)
		for _, p := range paths {
			fmt.Fprintf(b.Log, "  %s\n", p)
		}
	}
	res.plan, res.basePath = plan, base.Path
	return res, nil
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
func outPath(u string) string {
	p := strings.TrimPrefix(u, "/")
	if p == "" {
		return "index.html"
	}
	if strings.HasSuffix(p, "/") {
		return p + "index.html"
	}
	if path.Ext(p) == "" {
		return p + "/index.html"
	}
	return p
}
