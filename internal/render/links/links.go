// Package links reads a rendered page's links and makes its site
// addresses relative to the page, in one pass over its bytes.
package links

import (
	"bytes"
	"slices"
	"strings"
)

// Relative rewrites the site's own root-absolute addresses in an HTML
// page (href="/carriers/", or "/portal/carriers/" under the base path
// "/portal/") into addresses relative to the page's file, so that the
// published folder works under any path and opened from disk. file is
// the page's path in the output ("carriers/amazon/index.html"). An
// address written without the base path is taken as site-relative, as
// an editor writing [x](/carriers/) means. Addresses with a scheme or a
// host ("https://...", "//cdn") are left as they are. The attributes
// rewritten are href, src, action, data-index and data-root: every one
// the templates, charts and markdown put a site address in.
//
// In the same pass Relative calls found, if not nil, with each link of
// the page as Find does, before it is made relative: a page is read
// once for the link check and the rewriting. The page is returned
// itself when nothing changes, else in new memory.
func Relative(page []byte, file, basePath string, found func(id bool, value []byte)) []byte {
	return attrs(nil, page, Up(file), basePath, true, found)
}

// AppendRelative is Relative appending the page, rewritten or not, to
// dst: a build writes each page into memory that its writer hands back
// once the file is written, instead of new memory a page.
func AppendRelative(dst, page []byte, file, basePath string, found func(id bool, value []byte)) []byte {
	if dst == nil {
		dst = []byte{}
	}
	return attrs(dst, page, Up(file), basePath, true, found)
}

// Find calls found with each href and src value of an HTML page (id
// false) and each id value (id true), still escaped, in the order they
// are written. It reads attribute values as html/template and goldmark
// write them: always quoted, with quotes in text escaped, so that only
// attributes match. It is a byte scan, not a parse, because every build
// runs it over every page it renders.
func Find(page []byte, found func(id bool, value []byte)) {
	attrs(nil, page, "", "", false, found)
}

// attrs is Relative (when rewrite is true) and Find: one pass over the
// quoted attribute values of page. With dst nil it returns page itself
// when nothing is rewritten, else new memory; otherwise it appends the
// page, rewritten or not, to dst.
func attrs(dst, page []byte, up, basePath string, rewrite bool, found func(id bool, value []byte)) []byte {
	out, rewritten := dst, false
	last := 0
	for i := 0; ; {
		// The next =" : found by its =, rare in a page but for attributes
		// (bytes.Index for the pair took twice the instructions).
		k := bytes.IndexByte(page[i:], '=')
		if k < 0 {
			break
		}
		j := i + k
		if i = j + 1; i == len(page) || page[i] != '"' {
			continue
		}
		i++
		// Only the values of the attributes read here are skipped: a stray
		// `="` in a page's text (raw HTML) must not swallow the next
		// attribute, and an attribute value holds no quote to be misread.
		// The last letters of those names are few, and most attributes
		// end in another (class, type, rel, lang): those go no further.
		if j == 0 || readNames[page[j-1]] == "" {
			continue
		}
		name := attrName(page[:j])
		if name == nil {
			continue
		}
		end := bytes.IndexByte(page[i:], '"')
		if end < 0 {
			break
		}
		i += end
		value := page[j+2 : i]
		switch string(name) {
		case "href", "src":
			if found != nil {
				found(false, value)
			}
		case "id":
			if found != nil {
				found(true, value)
			}
			continue
		}
		if !rewrite || len(value) == 0 || value[0] != '/' || len(value) > 1 && value[1] == '/' { // "//host/..."
			continue
		}
		if !rewritten {
			out, rewritten = slices.Grow(out, len(page)+len(page)/8), true
		}
		out = append(out, page[last:j+2]...)
		out = appendRelative(out, up, value, basePath)
		last = i
	}
	switch {
	case rewritten:
		return append(out, page[last:]...)
	case dst == nil:
		return page
	}
	return append(dst, page...)
}

// readNames are the attributes attrs reads, by their last letter, which
// is each one's own: every attribute of every page is looked at, and
// most (class, type, rel, lang) end in a letter none of these does.
var readNames = func() (t [256]string) {
	for _, name := range []string{"href", "src", "id", "action", "data-index", "data-root"} {
		last := name[len(name)-1]
		if t[last] != "" {
			panic("links: " + name + " ends as " + t[last] + " does")
		}
		t[last] = name
	}
	return t
}()

// attrName is the name of the attribute whose = starts where before
// ends, if it is one of those attrs reads (readNames) and white space
// precedes it; nil otherwise.
func attrName(before []byte) []byte {
	n := len(before)
	if n == 0 {
		return nil
	}
	name := readNames[before[n-1]]
	m := n - len(name)
	if name == "" || m < 1 || string(before[m:]) != name {
		return nil
	}
	switch before[m-1] {
	case ' ', '\n', '\t', '\r', '\f':
		return before[m:]
	}
	return nil
}

// RelativeURL turns the root-absolute address u into one relative to a
// page up folders below the site's root (up is "../" repeated).
func RelativeURL(up, u, basePath string) string {
	return string(appendRelative(nil, up, []byte(u), basePath))
}

// appendRelative appends RelativeURL(up, u, basePath) to dst.
func appendRelative(dst []byte, up string, u []byte, basePath string) []byte {
	rest := bytes.TrimPrefix(u, []byte("/"))
	if b := strings.TrimPrefix(basePath, "/"); b != "" && bytes.HasPrefix(rest, []byte(b)) {
		rest = rest[len(b):]
	}
	if up == "" && (len(rest) == 0 || rest[0] == '#' || rest[0] == '?') {
		dst = append(dst, "./"...)
	}
	return append(append(dst, up...), rest...)
}

// Up is the way from the folder of the output file to the site's root:
// "../../" for "carriers/amazon/index.html", "" for "index.html".
func Up(file string) string { return strings.Repeat("../", strings.Count(file, "/")) }
