package site

import (
	"bytes"
	"cmp"
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

// generate runs the whole pipeline in memory: load data → link model →
// load content → plan pages → render → minify. It returns the output files
// in a deterministic order, or the input errors.
func (b *Build) generate(ctx context.Context) ([]File, *Result, error) {
	res := &Result{}
	if b.AsOf.IsZero() {
		return nil, res, fmt.Errorf("no as-of date: set SOURCE_DATE_EPOCH or --as-of")
	}
	base, err := b.baseURL()
	if err != nil {
		return nil, res, err
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
		return nil, res, ctx.Err()
	}
	if errs.Err() != nil {
		errs.Sort()
		res.Warnings = errs.Warnings()
		return nil, res, &InputError{List: errs.Errors(false)}
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
		return nil, res, &InputError{List: errs.Errors(false)}
	}

	b.logf("rendering %d pages", len(plan))
	var rendered64 atomic.Int64
	rendered := make([]File, len(plan))
	var mu sync.Mutex
	var rerrs diag.List
	g, gctx := errgroup.WithContext(ctx)
	g.SetLimit(runtime.GOMAXPROCS(0))
	for i, p := range plan {
		g.Go(func() error {
			if err := gctx.Err(); err != nil {
				return err
			}
			var buf bytes.Buffer
			if err := tmpl.Execute(&buf, p.Kind, p); err != nil {
				mu.Lock()
				rerrs.Append(render.TemplateError(err, "templates/"+p.Kind+".html"))
				mu.Unlock()
				return nil
			}
			data := buf.Bytes()
			out, err := min.Minify(outPath(p.URL), data)
			if err != nil {
				return fmt.Errorf("minifying %s: %w", p.URL, err)
			}
			rendered[i] = File{Path: outPath(p.URL), Data: out}
			b.progress("rendering", int(rendered64.Add(1)), len(plan))
			return nil
		})
	}
	if err := g.Wait(); err != nil {
		return nil, res, err
	}
	if len(rerrs) > 0 {
		rerrs.Sort()
		return nil, res, &InputError{List: dedupe(rerrs)}
	}
	res.Pages = len(rendered)

	extra, err := b.extras(site, plan, pages)
	if err != nil {
		return nil, res, err
	}
	for i := range extra {
		if extra[i].Data, err = min.Minify(extra[i].Path, extra[i].Data); err != nil {
			return nil, res, fmt.Errorf("minifying %s: %w", extra[i].Path, err)
		}
	}
	res.Copied = len(files)
	all := slices.Concat(rendered, extra, files)
	slices.SortFunc(all, func(a, b File) int { return cmp.Compare(a.Path, b.Path) })
	for i := 1; i < len(all); i++ {
		if all[i].Path == all[i-1].Path {
			errs.Add(diag.Pos{File: all[i].Path}, "", "two outputs claim the same file %s (a static file and a page, or two aliases)", all[i].Path)
		}
	}
	if errs.Err() != nil {
		return nil, res, &InputError{List: errs.Errors(false)}
	}
	res.Files = len(all)
	if b.Verbose && b.Log != nil {
		for _, f := range all {
			fmt.Fprintf(b.Log, "  %s\n", f.Path)
		}
	}
	res.plan, res.basePath = plan, base.Path
	return all, res, nil
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
