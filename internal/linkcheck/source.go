package linkcheck

import (
	"bytes"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/diag"
)

// Page is a page of the build as the link check sees it.
type Page struct {
	// File is its output file, "carriers/acme/index.html".
	File string
	// URL is its site path, "/carriers/acme/".
	URL string
	// Kind names its template, templates/KIND.html.
	Kind string
	// Source is the markdown it was made from, if any.
	Source *content.Page
}

// posOf is the default place of a link: the output file that holds it.
func posOf(file string) diag.Pos { return diag.Pos{File: file} }

// Locate sets where b, a link on page p (nil when the file is no page),
// was written: the line and column of p's markdown where the link is
// written, or else the template of p's kind, naming the page.
//
// A build to disk lets go of the markdown once rendered; the text of a
// page with a broken link is then read again from fsys.
func Locate(b *Broken, p *Page, fsys fs.FS, basePath string) {
	if p == nil {
		b.At, b.Page = posOf(b.From), ""
		return
	}
	if p.Source != nil && p.Kind != "home" {
		body := p.Source.Body
		if body == nil && fsys != nil {
			body = bodyOf(fsys, p.Source)
		}
		for _, written := range []string{b.Href, strings.TrimSuffix(basePath, "/") + b.Target, b.Target} {
			if i := bytes.Index(body, []byte(written)); written != "" && i >= 0 {
				line := p.Source.BodyLine + bytes.Count(body[:i], []byte{'\n'})
				col := i - bytes.LastIndexByte(body[:i], '\n')
				b.At, b.Page = diag.Pos{File: p.Source.File, Line: line, Col: col}, ""
				return
			}
		}
	}
	b.At, b.Page = diag.Pos{File: path.Join("templates", p.Kind+".html")}, p.URL
}

// bodyOf reads the markdown text of cp again from fsys: the file from
// the line its body starts on.
func bodyOf(fsys fs.FS, cp *content.Page) []byte {
	src, err := fs.ReadFile(fsys, cp.File)
	if err != nil {
		return nil
	}
	for range cp.BodyLine - 1 {
		i := bytes.IndexByte(src, '\n')
		if i < 0 {
			return nil
		}
		src = src[i+1:]
	}
	return src
}

// Pages is the link check every build runs. It checks every link of the
// pages it rendered (rendered, scanned as they were rendered), and the
// links written in the markdown of the pages it did not render again
// (md returns the HTML of a markdown file; their templates' links are
// covered by their page keys), against c's files. A fragment is checked
// on the pages the checker has ids of. Each broken link is located in
// its page (see Locate). A reference of the table that leads to the same
// place from every page, as the navigation's do, is checked once (on
// each goroutine).
//
// The pages are checked on every CPU, each goroutine a share of them in
// order with its own verdicts, and the broken links are returned in the
// pages' order, as one goroutine would find them.
func Pages(c *Checker, pages []Page, md func(file string) []byte, rendered *Table, fsys fs.FS) []Broken {
	n := min(runtime.GOMAXPROCS(0), max(len(pages)/256, 1))
	found := make([][]Broken, n)
	var wg sync.WaitGroup
	for w := range n {
		wg.Go(func() {
			found[w] = checkPages(c, pages[w*len(pages)/n:(w+1)*len(pages)/n], md, rendered, fsys)
		})
	}
	wg.Wait()
	return slices.Concat(found...)
}

// checkPages is Pages for some of the pages, in order, on one goroutine.
func checkPages(c *Checker, pages []Page, md func(file string) []byte, rendered *Table, fsys fs.FS) []Broken {
	var out []Broken
	report := func(p *Page, bad Broken, broken bool) {
		if broken {
			Locate(&bad, p, fsys, c.BasePath)
			out = append(out, bad)
		}
	}
	var memo []verdict // by place in rendered's references
	for i := range pages {
		p := &pages[i]
		at, refs, ok := rendered.refsAt(p.File)
		if !ok {
			if p.Source != nil {
				for _, ref := range Scan(md(p.Source.File)).Refs {
					bad, broken := c.Check(p.File, ref)
					report(p, bad, broken)
				}
			}
			continue
		}
		if memo == nil {
			memo = make([]verdict, len(refs))
		}
		for _, n := range at {
			bad, broken := memo[n].check(c, p.File, refs[n])
			report(p, bad, broken)
		}
	}
	return out
}

// verdict is what the check of one reference of a table said, when it
// holds on every page: bad is the broken link, nil when it resolves. A
// build's table has some 120 thousand references at scale 16, and each
// goroutine a verdict for each: a broken link, rare, is kept apart.
type verdict struct {
	known bool
	bad   *Broken
}

// check is c.Check(from, ref), told from v when v knows it.
func (v *verdict) check(c *Checker, from, ref string) (Broken, bool) {
	if v.known {
		if v.bad == nil {
			return Broken{}, false
		}
		bad := *v.bad
		bad.From, bad.At = from, posOf(from)
		return bad, true
	}
	bad, broken, anywhere := c.check(from, ref)
	if anywhere {
		v.known = true
		if broken {
			kept := bad // a copy: bad itself stays on the stack
			v.bad = &kept
		}
	}
	return bad, broken
}
