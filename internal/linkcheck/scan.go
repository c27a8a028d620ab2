// Package linkcheck finds the links and asset references of a build that
// lead nowhere: to no file of the build, or to a #fragment that names no
// element. A broken link is a value that carries where it leads and where
// it was written (the line and column of the markdown, or else the
// template and output file of its page), so that a report never has to
// read a link back out of a message.
package linkcheck

import (
	"html"

	"github.com/postal-access/portal/internal/render/links"
)

// Links is what one HTML page links to (href and src values, as written)
// and the ids of its elements, which fragments may name.
type Links struct {
	Refs []string
	IDs  map[string]bool
}

// Scan reads the href, src and id attributes of an HTML page (see
// links.Find).
func Scan(page []byte) Links {
	pl := Links{IDs: map[string]bool{}}
	links.Find(page, func(id bool, value []byte) {
		if id {
			pl.IDs[html.UnescapeString(string(value))] = true
		} else {
			pl.Refs = append(pl.Refs, html.UnescapeString(string(value)))
		}
	})
	return pl
}
