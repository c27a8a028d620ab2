// Package render turns the model into bytes: the html/template set with its
// helper functions (the charts among them come from package chart), the
// markdown data blocks, and the minifier that every output file passes
// through.
package render

import (
	"bytes"
	"fmt"
	"html/template"
	"io/fs"
	"os"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"text/template/parse"

	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/render/fastexec"
)

// Env is what the template helpers need to know about the build.
type Env struct {
	// BasePath is the URL path the site is served under, "/" at the root.
	BasePath string
	// BaseURL is the absolute address of the site, ending in "/".
	BaseURL string
	// Assets maps a static file's name ("style.css") to its fingerprinted
	// URL path ("/style.1a2b3c4d.css").
	Assets map[string]string
	// Portal resolves ids to entities for the link helpers.
	Portal *model.Portal

	// links are the links to the carriers, facilities and auctions, made
	// once for a portal and base path (see cachedLinks).
	links atomic.Pointer[linkCache]
}

// Templates is a parsed template set: one template per page kind, each
// sharing the base layout and partials.
type Templates struct {
	kinds map[string]*template.Template
	// defs maps, for each kind, the names of its templates to their
	// files, for errors.
	defs map[string]map[string]string
	// partials executes partialCached calls; cache holds their output for
	// the current build (see Reset), by partial and then by key: made
	// when the set is parsed and only read after, so that a call finds its
	// output without boxing a key made of both.
	partials *template.Template
	cache    map[string]*sync.Map
	// plain parses the set as written when this one is minified: an
	// error is located by executing the page again with it. plainSet is
	// what it parsed, once per build (see Reset).
	plain    func() *Templates
	plainSet func() *Templates
	// fast runs each kind's pages compiled (see package fastexec) once
	// html/template has run one; funcs are the functions they call.
	fast  map[string]*fastKind
	funcs template.FuncMap
	// compiled and interpreted count the pages each way, and handed
	// those the compiled form began and left to html/template, for tests.
	compiled, interpreted, handed atomic.Int64
}

// fastKind is a page kind's compiled template, made after html/template
// has executed (and so escaped) it once.
type fastKind struct {
	once sync.Once
	prog atomic.Pointer[fastexec.Program]
}

// FastExec turns compiled templates on (the default) or off, for
// measuring: PORTAL_FASTEXEC=0 runs every page through html/template.
var FastExec = os.Getenv("PORTAL_FASTEXEC") != "0"

// LayoutFile is the base layout every page kind is rendered through.
const LayoutFile = "base.html"

// Parse reads the templates in dir of fsys: dir/base.html (the layout),
// dir/partials/*.html, and one file per page kind (dir/NAME.html defines
// the block "main" for kind NAME). display prefixes file names in errors.
//
// With a Minifier, the templates are minified once here (see
// Minifier.Template), so that the pages they render need no minifying.
// Minifying joins their lines, so an error is located with the templates
// as written: they are parsed here to check them, and again from the
// bytes read (not held parsed) only when a page fails.
func Parse(fsys fs.FS, dir, display string, env *Env, min *Minifier) (*Templates, diag.List) {
	src := readSources(fsys, dir)
	t, errs := parseSet(src, dir, display, env, nil)
	if t == nil || errs.Err() != nil || min == nil {
		return t, errs
	}
	mt, merrs := parseSet(src, dir, display, env, min.Template)
	if mt == nil || merrs.Err() != nil {
		for _, d := range merrs {
			d.Msg = "after minifying (build with --no-minify): " + d.Msg
		}
		return mt, merrs
	}
	mt.plain = func() *Templates {
		t, _ := parseSet(src, dir, display, env, nil)
		return t
	}
	mt.Reset()
	return mt, errs
}

// source is a template file as read.
type source struct {
	file string
	src  []byte
	err  error
}

// sources are the files of a template set as read, so that the set can
// be parsed again from them.
type sources struct {
	layout          source
	partials, pages []source
}

func readSources(fsys fs.FS, dir string) *sources {
	read := func(file string) source {
		src, err := fs.ReadFile(fsys, file)
		return source{file, src, err}
	}
	glob := func(pattern string) []source {
		files, _ := fs.Glob(fsys, pattern)
		slices.Sort(files)
		var out []source
		for _, f := range files {
			if path.Base(f) != LayoutFile || path.Dir(f) != dir {
				out = append(out, read(f))
			}
		}
		return out
	}
	layout := path.Join(dir, LayoutFile)
	return &sources{read(layout), glob(path.Join(dir, "partials", "*.html")), glob(path.Join(dir, "*.html"))}
}

// parseSet parses one set of templates, each file's source passed
// through min when it is not nil.
func parseSet(srcs *sources, dir, display string, env *Env, min func([]byte) ([]byte, error)) (*Templates, diag.List) {
	var errs diag.List
	t := &Templates{kinds: map[string]*template.Template{}, defs: map[string]map[string]string{}, fast: map[string]*fastKind{}}
	funcs := Funcs(env)
	funcs["partialCached"] = fastexec.Fn3EValue(t.partialCached)
	t.funcs = funcs
	root := template.New("").Funcs(funcs)
	if srcs.layout.err != nil {
		errs.Add(diag.Pos{File: path.Join(display, LayoutFile)}, "", "cannot read the base layout: %v", srcs.layout.err)
		return nil, errs
	}
	parse := func(t *template.Template, file string, src []byte) bool {
		name := path.Join(display, strings.TrimPrefix(file, dir+"/"))
		if min != nil {
			var err error
			if src, err = min(src); err != nil {
				errs.Add(diag.Pos{File: name}, "", "minifying: %v (build with --no-minify)", err)
				return false
			}
		}
		if _, err := t.New(name).Parse(string(src)); err != nil {
			errs.Append(parseError(err, name))
			return false
		}
		return true
	}
	if !parse(root, srcs.layout.file, srcs.layout.src) {
		return nil, errs
	}
	for _, p := range srcs.partials {
		if p.err != nil {
			errs.Add(diag.Pos{File: p.file}, "", "%v", p.err)
			continue
		}
		parse(root, p.file, p.src)
	}
	if errs.Err() != nil {
		return nil, errs
	}
	var err error
	if t.partials, err = root.Clone(); err != nil {
		errs.Add(diag.Pos{File: path.Join(display, LayoutFile)}, "", "%v", err)
		return nil, errs
	}
	t.cache = map[string]*sync.Map{}
	for _, d := range t.partials.Templates() {
		t.cache[d.Name()] = new(sync.Map)
	}
	for _, p := range srcs.pages {
		if p.err != nil {
			errs.Add(diag.Pos{File: p.file}, "", "%v", p.err)
			continue
		}
		kind := strings.TrimSuffix(path.Base(p.file), ".html")
		k := template.New("").Funcs(funcs)
		if parse(k, p.file, p.src) {
			if k.Lookup("main") == nil {
				errs.Add(diag.Pos{File: path.Join(display, path.Base(p.file)), Line: 1}, "", `page template defines no {{define "main"}} block`)
				continue
			}
			if err := addReached(k, root, "base"); err != nil {
				errs.Add(diag.Pos{File: p.file}, "", "%v", err)
				continue
			}
			t.kinds[kind], t.defs[kind], t.fast[kind] = k, definitions(k), new(fastKind)
		}
	}
	return t, errs
}

// addReached adds to k a copy of each template of shared (the layout
// and partials) that executing name in k reaches and k does not define
// itself: a page's set is its own templates, and those of the others it
// runs. Every page kind's set used to be a whole copy of shared with
// the page's added, a third of the template trees' memory, which a
// build holds to its end, for templates the kind never runs.
func addReached(k, shared *template.Template, name string) error {
	seen := map[string]bool{}
	next := []string{name}
	for len(next) > 0 {
		name, next = next[len(next)-1], next[:len(next)-1]
		if seen[name] {
			continue
		}
		seen[name] = true
		t := k.Lookup(name)
		// The shared template, unless the page defines its own; a
		// definition with nothing in it does not replace one, as when
		// the page was parsed over a copy of the shared set.
		if s := shared.Lookup(name); s != nil && s.Tree != nil && !parse.IsEmptyTree(s.Tree.Root) &&
			(t == nil || t.Tree == nil || parse.IsEmptyTree(t.Tree.Root)) {
			var err error
			if t, err = k.AddParseTree(name, s.Tree.Copy()); err != nil {
				return err
			}
		}
		if t == nil {
			continue // an error when it runs, as with a whole copy
		}
		if t.Tree != nil {
			next = calledFrom(t.Tree.Root, next)
		}
	}
	return nil
}

// calledFrom appends the names of the templates node calls to names.
func calledFrom(node parse.Node, names []string) []string {
	switch n := node.(type) {
	case *parse.ListNode:
		if n != nil {
			for _, c := range n.Nodes {
				names = calledFrom(c, names)
			}
		}
	case *parse.TemplateNode:
		names = append(names, n.Name)
	case *parse.IfNode:
		names = calledFrom(n.ElseList, calledFrom(n.List, names))
	case *parse.RangeNode:
		names = calledFrom(n.ElseList, calledFrom(n.List, names))
	case *parse.WithNode:
		names = calledFrom(n.ElseList, calledFrom(n.List, names))
	}
	return names
}

// partialCached executes the named partial with data once per distinct
// key and build, and reuses its output afterwards, as Hugo's partialCached
// does: for parts of the layout shared by many pages (navigation,
// provenance notes), which otherwise dominate the cost of small pages.
// The key must say everything the output depends on.
//
// The output, template.HTML, is returned and kept as a reflect.Value,
// which text/template and the compiled templates unwrap: boxing it again
// for each call was 4 % of a cold build's allocations (six calls a page).
func (t *Templates) partialCached(name string, key any, data any) (reflect.Value, error) {
	c, k := t.cache[name], cacheKey(key)
	if c != nil {
		if v, ok := c.Load(k); ok {
			return v.(reflect.Value), nil
		}
	}
	var buf bytes.Buffer
	if err := t.partials.ExecuteTemplate(&buf, name, data); err != nil {
		return reflect.Value{}, err
	}
	out := reflect.ValueOf(template.HTML(buf.String()))
	if c != nil {
		c.Store(k, out)
	}
	return out, nil
}

// cacheKey is key as a map key that stands for its value, as printing it
// with %v would but without printing it on every call: a string or a
// value of a plain type (see plainKey) as it is, a pointer to one as the
// value it points to (a page's *Cite), anything else printed.
func cacheKey(key any) any {
	if _, ok := key.(string); ok {
		return key // not boxed again
	}
	if key == nil {
		return nil
	}
	v := reflect.ValueOf(key)
	switch {
	case v.Kind() == reflect.Pointer && !v.IsNil() && plainKey(v.Type().Elem()):
		return v.Elem().Interface()
	case v.Kind() != reflect.Pointer && plainKey(v.Type()):
		return key
	}
	return fmt.Sprintf("%v", key)
}

// plainKey reports whether the values of t compare by value alone:
// strings, numbers, bools and structs and arrays of them, no pointers,
// no interfaces (which could hold a value that cannot be compared).
func plainKey(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return true
	case reflect.Array:
		return plainKey(t.Elem())
	case reflect.Struct:
		for i := range t.NumField() {
			if !plainKey(t.Field(i).Type) {
				return false
			}
		}
		return true
	}
	return false
}

// Reset forgets what partialCached remembered: a new build may have new data.
func (t *Templates) Reset() {
	for _, c := range t.cache {
		c.Clear()
	}
	if t.plain != nil {
		t.plainSet = sync.OnceValue(t.plain)
	}
}

// Has reports whether there is a template for the page kind.
func (t *Templates) Has(kind string) bool { return t.kinds[kind] != nil }

// Kinds lists the page kinds that have templates.
func (t *Templates) Kinds() []string {
	var out []string
	for k := range t.kinds {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// Execute renders data through the base layout with the kind's "main"
// block. A template that fails returns an *Error, which says where.
//
// The first page of a kind runs through html/template, which escapes the
// templates, and the rest through their compiled form. A page the
// compiled form cannot run, or that fails, runs through html/template
// again: its output, or its error, is html/template's.
func (t *Templates) Execute(buf *bytes.Buffer, kind string, data any) error {
	k := t.kinds[kind]
	if k == nil {
		return fmt.Errorf("no template for page kind %q (want templates/%s.html)", kind, kind)
	}
	fk := t.fast[kind]
	if p := fk.prog.Load(); p != nil {
		start := buf.Len()
		if p.Execute(buf, data) == nil {
			t.compiled.Add(1)
			return nil
		}
		buf.Truncate(start)
		t.handed.Add(1)
	}
	t.interpreted.Add(1)
	if err := k.ExecuteTemplate(buf, "base", data); err != nil {
		if t.plain != nil {
			if p := t.plainSet(); p != nil {
				if perr := p.Execute(new(bytes.Buffer), kind, data); perr != nil {
					return perr
				}
			}
		}
		return locate(t.defs[kind], err)
	}
	if FastExec {
		fk.once.Do(func() {
			if p, err := fastexec.Compile(k, "base", t.funcs); err == nil {
				fk.prog.Store(p)
			}
		})
	}
	return nil
}

// ExecuteInterpreted is Execute through html/template alone, for holding
// the compiled templates to its output.
func (t *Templates) ExecuteInterpreted(buf *bytes.Buffer, kind string, data any) error {
	k := t.kinds[kind]
	if k == nil {
		return fmt.Errorf("no template for page kind %q", kind)
	}
	return k.ExecuteTemplate(buf, "base", data)
}

// Executions counts the pages executed since the set was parsed: through
// the compiled templates, through html/template, and of those the pages
// the compiled templates began and handed to html/template.
func (t *Templates) Executions() (compiled, interpreted, handed int64) {
	return t.compiled.Load(), t.interpreted.Load(), t.handed.Load()
}
