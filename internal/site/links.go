package site

import (
	"bytes"
	"fmt"
	"html"
	"net/url"
	"path"
	"strings"

	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/render"
)

// pageLinks is what one HTML page links to (href and src values, as
// written) and the ids of its elements, which fragments may name.
type pageLinks struct {
	refs []string
	ids  map[string]bool
}

// scanLinks reads the href, src and id attributes of an HTML page as
// html/template and goldmark write them: always quoted, with quotes in
// text escaped, so that only attributes match. It is a byte scan, not a
// parse, because every build runs it over every page it renders.
func scanLinks(page []byte) pageLinks {
	pl := pageLinks{ids: map[string]bool{}}
	for i := 0; ; {
		j := bytes.Index(page[i:], []byte(`="`))
		if j < 0 {
			return pl
		}
		j += i
		end := bytes.IndexByte(page[j+2:], '"')
		if end < 0 {
			return pl
		}
		value := page[j+2 : j+2+end]
		i = j + 2 + end
		switch render.AttrBefore(page[:j], "href", "src", "id") {
		case "href", "src":
			pl.refs = append(pl.refs, html.UnescapeString(string(value)))
		case "id":
			pl.ids[html.UnescapeString(string(value))] = true
		}
	}
}

// brokenLink is a reference that does not resolve.
type brokenLink struct {
	from   string // the output file that holds it
	href   string // as written in the page
	target string // the site path it leads to, as "/carriers/acme/"
	msg    string
}

// linkChecker resolves references against one build's output files and
// the ids of the pages it has read.
type linkChecker struct {
	exists   func(file string) bool
	ids      map[string]map[string]bool // by output file; nil: not read
	basePath string
}

// check returns the problem with ref on the page in file from, if any.
// A fragment is checked only on a page whose ids the checker has.
func (c *linkChecker) check(from, ref string) (brokenLink, bool) {
	bad := brokenLink{from: from, href: ref}
	u, err := url.Parse(ref)
	if err != nil {
		bad.target, bad.msg = ref, fmt.Sprintf("link %q does not parse: %v", ref, err)
		return bad, true
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return bad, false // external
	}
	file, site := from, "/"+strings.TrimSuffix(strings.TrimSuffix(from, "index.html"), "/")
	if u.Path != "" {
		p := u.Path
		if strings.HasPrefix(p, "/") {
			// A root-absolute address is the site's: under the base path,
			// or written by an editor without it.
			if b := strings.TrimSuffix(c.basePath, "/"); b != "" {
				p = strings.TrimPrefix(p, b)
				if p == "" {
					p = "/"
				}
			}
		} else {
			p = path.Join("/"+path.Dir(from), p)
			if strings.HasSuffix(u.Path, "/") && p != "/" {
				p += "/"
			}
		}
		site, file = p, outPath(p)
		if !c.exists(file) {
			bad.target, bad.msg = withFragment(site, u), fmt.Sprintf("link %s: no such page or file in the build", withFragment(site, u))
			return bad, true
		}
	}
	if ids := c.ids[file]; u.Fragment != "" && ids != nil && !ids[u.Fragment] {
		bad.target, bad.msg = withFragment(site, u), fmt.Sprintf("link %s: no element with id %q on %s", withFragment(site, u), u.Fragment, file)
		return bad, true
	}
	return bad, false
}

func withFragment(site string, u *url.URL) string {
	if u.Fragment == "" {
		return site
	}
	return site + "#" + u.Fragment
}

// CheckLinks reports every internal link or asset reference in the HTML
// files that does not resolve to a file of the build, and every #fragment
// that names no id on its target page. basePath is the site's URL path.
func CheckLinks(files []File, basePath string) diag.List {
	var errs diag.List
	for _, b := range brokenLinks(files, basePath) {
		errs.Add(diag.Pos{File: b.from}, "", "%s", b.msg)
	}
	errs.Sort()
	return errs
}

func brokenLinks(files []File, basePath string) []brokenLink {
	c := &linkChecker{ids: map[string]map[string]bool{}, basePath: basePath}
	exists := map[string]bool{}
	c.exists = func(f string) bool { return exists[f] }
	links := map[string]pageLinks{}
	for _, f := range files {
		exists[f.Path] = true
		if path.Ext(f.Path) == ".html" {
			pl := scanLinks(f.Data)
			links[f.Path], c.ids[f.Path] = pl, pl.ids
		}
	}
	var out []brokenLink
	for _, f := range files {
		for _, ref := range links[f.Path].refs {
			if bad, ok := c.check(f.Path, ref); ok {
				out = append(out, bad)
			}
		}
	}
	return out
}
