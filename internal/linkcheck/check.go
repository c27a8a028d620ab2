package linkcheck

import (
	"fmt"
	"iter"
	"net/url"
	"path"
	"strings"

	"github.com/postal-access/portal/internal/pages"
)

// Checker resolves references against one build's output files and the
// ids of the pages it has read.
type Checker struct {
	// Exists reports whether the build has an output file.
	Exists func(file string) bool
	// IDs are the ids of the pages read, by output file; a page not in it
	// has its fragments go unchecked.
	IDs map[string]map[string]bool
	// BasePath is the site's URL path, "/portal/".
	BasePath string
}

// Check returns the problem with ref on the page in output file from, if
// any. A fragment is checked only on a page whose ids the checker has.
func (c *Checker) Check(from, ref string) (Broken, bool) {
	bad, broken, _ := c.check(from, ref)
	return bad, broken
}

// check is Check, and reports whether its answer holds on every page
// (anywhere): for a reference that does not parse, leads off the site
// or to a root-absolute path.
func (c *Checker) check(from, ref string) (bad Broken, broken, anywhere bool) {
	bad = Broken{From: from, Href: ref, At: posOf(from)}
	var u url.URL
	if err := parseRef(ref, &u); err != nil {
		bad.Target, bad.ParseErr = ref, err
		return bad, true, true
	}
	if u.Scheme != "" || u.Host != "" || u.Opaque != "" {
		return bad, false, true // external
	}
	bad, broken = c.resolve(bad, &u)
	return bad, broken, strings.HasPrefix(u.Path, "/")
}

// parseRef is url.Parse(ref) as far as the check reads it (the scheme,
// host, opaque part, path and fragment), with a short way for the plain
// references nearly every link of a build is: letters, digits and
// "-._~/", and then perhaps a fragment of the same, not starting "//".
// Those have no scheme, host, escape or query, so their path and
// fragment are the text either side of the "#"; url.Parse took half the
// check's time.
// It parses into u, which the caller keeps on its stack.
func parseRef(ref string, u *url.URL) error {
	p, frag, _ := strings.Cut(ref, "#")
	if !isPlainRef(p) || !isPlainRef(frag) || strings.HasPrefix(p, "//") {
		parsed, err := url.Parse(ref)
		if err == nil {
			*u = *parsed
		}
		return err
	}
	*u = url.URL{Path: p, Fragment: frag}
	return nil
}

// isPlainRef reports whether s has only letters, digits and "-._~/".
func isPlainRef[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if !plainRef[s[i]] {
			return false
		}
	}
	return true
}

var plainRef = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/", byte(c)) >= 0
	}
	return t
}()

// resolve checks the parsed reference u of bad.
func (c *Checker) resolve(bad Broken, u *url.URL) (Broken, bool) {
	from := bad.From
	file, site := from, "/"+strings.TrimSuffix(strings.TrimSuffix(from, "index.html"), "/")
	if u.Path != "" {
		site = c.sitePath(from, u.Path)
		file = pages.OutPath(site)
		if !c.Exists(file) {
			bad.Target, bad.Problem = withFragment(site, u), "no such page or file in the build"
			return bad, true
		}
	}
	if ids := c.IDs[file]; u.Fragment != "" && ids != nil && !ids[u.Fragment] {
		bad.Target, bad.Problem = withFragment(site, u), fmt.Sprintf("no element with id %q on %s", u.Fragment, file)
		return bad, true
	}
	return bad, false
}

// sitePath is the site path that p, the path of a reference on the page
// in output file from, leads to.
func (c *Checker) sitePath(from, p string) string {
	if !strings.HasPrefix(p, "/") {
		q := path.Join("/"+path.Dir(from), p)
		if strings.HasSuffix(p, "/") && q != "/" {
			q += "/"
		}
		return q
	}
	// A root-absolute address is the site's: under the base path, or
	// written by an editor without it.
	if b := strings.TrimSuffix(c.BasePath, "/"); b != "" {
		p = strings.TrimPrefix(p, b)
		if p == "" {
			p = "/"
		}
	}
	return p
}

func withFragment(site string, u *url.URL) string {
	if u.Fragment == "" {
		return site
	}
	return site + "#" + u.Fragment
}

// Files returns every internal link or asset reference in the HTML files
// of a build that does not resolve to one of its files, and every
// #fragment that names no id on its target page, each located on its
// page among pages (see Locate) without reading markdown again, or at
// the output file that holds it. files yields each output file's path
// and bytes; basePath is the site's URL path.
func Files(files iter.Seq2[string, []byte], pages []Page, basePath string) []Broken {
	exists := map[string]bool{}
	var order []string
	links := NewTable()
	for p, data := range files {
		exists[p] = true
		if path.Ext(p) == ".html" {
			links.Add(p, data)
			order = append(order, p)
		}
	}
	c := &Checker{Exists: func(f string) bool { return exists[f] }, IDs: links.IDs(), BasePath: basePath}
	byFile := map[string]*Page{}
	for i := range pages {
		byFile[pages[i].File] = &pages[i]
	}
	var out []Broken
	for _, p := range order {
		refs, _ := links.Refs(p)
		for _, ref := range refs {
			if bad, ok := c.Check(p, ref); ok {
				Locate(&bad, byFile[p], nil, basePath)
				out = append(out, bad)
			}
		}
	}
	return out
}
