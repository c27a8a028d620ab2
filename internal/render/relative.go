package render

import (
	"bytes"
	"strings"
)

// urlAttrs are the attributes whose root-absolute values Relative
// rewrites: every attribute the templates, charts and markdown put a
// site address in.
var urlAttrs = []string{"href", "src", "action", "data-index", "data-root"}

// Relative rewrites the site's own root-absolute addresses in an HTML
// page (href="/carriers/", or "/portal/carriers/" under the base path
// "/portal/") into addresses relative to the page's file, so that the
// published folder works under any path and opened from disk. file is
// the page's path in the output ("carriers/amazon/index.html"). An
// address written without the base path is taken as site-relative, as
// an editor writing [x](/carriers/) means. Addresses with a scheme or a
// host ("https://...", "//cdn") are left as they are.
//
// It reads attribute values as html/template and goldmark write them,
// always quoted; in text a quote is escaped, so only attributes match.
func Relative(page []byte, file, basePath string) []byte {
	up := Up(file)
	var out []byte
	last := 0
	for i := 0; ; {
		j := bytes.Index(page[i:], []byte(`="/`))
		if j < 0 {
			break
		}
		j += i
		i = j + 3
		if j+3 < len(page) && page[j+3] == '/' { // "//host/..."
			continue
		}
		if AttrBefore(page[:j], urlAttrs...) == "" {
			continue
		}
		end := bytes.IndexByte(page[j+2:], '"')
		if end < 0 {
			break
		}
		value := string(page[j+2 : j+2+end])
		if out == nil {
			out = make([]byte, 0, len(page))
		}
		out = append(out, page[last:j+2]...)
		out = append(out, RelativeURL(up, value, basePath)...)
		last = j + 2 + end
		i = last
	}
	if out == nil {
		return page
	}
	return append(out, page[last:]...)
}

// RelativeURL turns the root-absolute address u into one relative to a
// page up folders below the site's root (up is "../" repeated).
func RelativeURL(up, u, basePath string) string {
	rest := strings.TrimPrefix(u, "/")
	if b := strings.TrimPrefix(basePath, "/"); b != "" {
		if r, ok := strings.CutPrefix(rest, b); ok {
			rest = r
		}
	}
	if up == "" && (rest == "" || rest[0] == '#' || rest[0] == '?') {
		return "./" + rest
	}
	return up + rest
}

// AttrBefore returns which of names is the attribute whose = starts
// where before ends, if white space precedes the name; "" if none is.
// It reads attributes as html/template and goldmark write them.
func AttrBefore(before []byte, names ...string) string {
	for _, a := range names {
		if n := len(before) - len(a); n > 0 && string(before[n:]) == a {
			switch before[n-1] {
			case ' ', '\n', '\t', '\r', '\f':
				return a
			}
		}
	}
	return ""
}

// Up is the way from the folder of the output file to the site's root:
// "../../" for "carriers/amazon/index.html", "" for "index.html".
func Up(file string) string { return strings.Repeat("../", strings.Count(file, "/")) }
