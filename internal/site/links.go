package site

import (
	"bytes"
	"net/url"
	"path"
	"strings"

	"golang.org/x/net/html"

	"github.com/postal-access/portal/internal/diag"
)

// CheckLinks reports every internal link or asset reference in the HTML
// files that does not resolve to a file of the build, and every #fragment
// that names no id on its target page. basePath is the site's URL path.
func CheckLinks(files []File, basePath string) diag.List {
	var errs diag.List
	exists := map[string]bool{}
	ids := map[string]map[string]bool{}
	type ref struct{ from, href string }
	var refs []ref
	for _, f := range files {
		exists[f.Path] = true
		if path.Ext(f.Path) != ".html" {
			continue
		}
		pageIDs := map[string]bool{}
		ids[f.Path] = pageIDs
		z := html.NewTokenizer(bytes.NewReader(f.Data))
		for {
			tt := z.Next()
			if tt == html.ErrorToken {
				break
			}
			if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
				continue
			}
			name, hasAttr := z.TagName()
			for hasAttr {
				var k, v []byte
				k, v, hasAttr = z.TagAttr()
				switch string(k) {
				case "id":
					pageIDs[string(v)] = true
				case "href", "src":
					if string(name) == "a" || string(name) == "link" || string(name) == "script" || string(name) == "img" {
						refs = append(refs, ref{f.Path, string(v)})
					}
				}
			}
		}
	}
	base := strings.TrimSuffix(basePath, "/")
	for _, r := range refs {
		u, err := url.Parse(r.href)
		if err != nil {
			errs.Add(diag.Pos{File: r.from}, "", "link %q does not parse: %v", r.href, err)
			continue
		}
		if u.Scheme != "" || u.Host != "" {
			continue // external
		}
		target := r.from
		if u.Path != "" {
			p := u.Path
			if !strings.HasPrefix(p, "/") {
				p = path.Join("/"+path.Dir(r.from), p)
				if strings.HasSuffix(u.Path, "/") {
					p += "/"
				}
			} else if base != "" {
				var ok bool
				if p, ok = strings.CutPrefix(p, base); !ok {
					errs.Add(diag.Pos{File: r.from}, "", "link %q is outside the site's base path %s", r.href, basePath)
					continue
				}
			}
			target = outPath(p)
			if !exists[target] {
				errs.Add(diag.Pos{File: r.from}, "", "link %q: no such page or file in the build", r.href)
				continue
			}
		}
		if u.Fragment != "" && ids[target] != nil && !ids[target][u.Fragment] {
			errs.Add(diag.Pos{File: r.from}, "", "link %q: no element with id %q on %s", r.href, u.Fragment, target)
		}
	}
	errs.Sort()
	return errs
}
