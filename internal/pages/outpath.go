package pages

import (
	"path"
	"strings"
)

// OutPath maps a site path to its file: "/carriers/" → "carriers/index.html";
// a path with an extension ("/404.html") is its own file.
func OutPath(u string) string {
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
