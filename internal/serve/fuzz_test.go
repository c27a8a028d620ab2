package serve

import (
	"path"
	"strings"
	"testing"
)

// FuzzServeResolve maps arbitrary URL paths to files of a small site. The
// name returned is always a clean path inside the site (never absolute,
// never with a "." or ".." element, so it cannot name a file outside the
// in-memory site whatever the map holds), and a redirect goes to a folder
// of the same site, never to another host ("//host/"). Seeds are in
// testdata/fuzz/FuzzServeResolve.
func FuzzServeResolve(f *testing.F) {
	files := map[string][]byte{
		"index.html": nil, "404.html": nil, "carriers/index.html": nil, "carriers/acme/index.html": nil,
		"data/carriers.csv": nil, "a..b/index.html": nil, "evil.example/index.html": nil,
	}
	f.Fuzz(func(t *testing.T, urlPath string) {
		name, redirect := resolve(files, urlPath)
		if redirect != "" {
			if name != "" {
				t.Errorf("resolve(%q) = %q and redirect %q, want one or the other", urlPath, name, redirect)
			}
			if !strings.HasPrefix(redirect, "/") || strings.HasPrefix(redirect, "//") || strings.HasPrefix(redirect, `/\`) {
				t.Errorf("resolve(%q) redirects to %q, want a path on this site", urlPath, redirect)
			}
			if path.Clean(redirect)+"/" != redirect {
				t.Errorf("resolve(%q) redirects to %q, want a clean folder path", urlPath, redirect)
			}
			if _, ok := files[strings.TrimPrefix(redirect, "/")+"index.html"]; !ok {
				t.Errorf("resolve(%q) redirects to %q, which the site does not have", urlPath, redirect)
			}
			return
		}
		// Not fs.ValidPath: a URL may hold bytes that are not UTF-8, and
		// they only fail to match a file.
		if name == "" || name == "." || path.Clean(name) != name || strings.HasPrefix(name, "/") {
			t.Errorf("resolve(%q) = %q, want a clean relative path", urlPath, name)
		}
		for _, elem := range strings.Split(name, "/") {
			if elem == ".." || elem == "." {
				t.Errorf("resolve(%q) = %q, which has a %q element", urlPath, name, elem)
			}
		}
	})
}
