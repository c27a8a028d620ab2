// Package linkcheck finds the links and asset references of a build that
// lead nowhere: to no file of the build, or to a #fragment that names no
// element. A broken link is a value that carries where it leads and where
// it was written (the line and column of the markdown, or else the
// template and output file of its page), so that a report never has to
// read a link back out of a message.
package linkcheck

import (
	"bytes"
	"html"

	"github.com/postal-access/portal/internal/render"
)

// Links is what one HTML page links to (href and src values, as written)
// and the ids of its elements, which fragments may name.
type Links struct {
	Refs []string
	IDs  map[string]bool
}

// Scan reads the href, src and id attributes of an HTML page as
// html/template and goldmark write them: always quoted, with quotes in
// text escaped, so that only attributes match. It is a byte scan, not a
// parse, because every build runs it over every page it renders.
func Scan(page []byte) Links {
	pl := Links{IDs: map[string]bool{}}
	scan(page, func(id bool, value []byte) {
		if id {
			pl.IDs[html.UnescapeString(string(value))] = true
		} else {
			pl.Refs = append(pl.Refs, html.UnescapeString(string(value)))
		}
	})
	return pl
}

// scan calls f with each href and src value of page (id false) and each
// id value (id true), still escaped, in the order they are written.
func scan(page []byte, f func(id bool, value []byte)) {
	for i := 0; ; {
		j := bytes.Index(page[i:], []byte(`="`))
		if j < 0 {
			return
		}
		j += i
		end := bytes.IndexByte(page[j+2:], '"')
		if end < 0 {
			return
		}
		value := page[j+2 : j+2+end]
		i = j + 2 + end
		switch render.AttrBefore(page[:j], "href", "src", "id") {
		case "href", "src":
			f(false, value)
		case "id":
			f(true, value)
		}
	}
}
