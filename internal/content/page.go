package content

import (
	"fmt"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/postal-access/portal/internal/dataset"
)

// Page is one markdown file of the content directory.
type Page struct {
	// Path is the file's slash path relative to the content directory,
	// e.g. "updates/first-look.md".
	Path string
	// File is the path shown in messages, e.g. "content/updates/first-look.md".
	File string
	// FrontMatter holds the fields of the header. Title is never empty: a
	// page without one is titled after its file name.
	FrontMatter
	// Body is the markdown after the front matter; it starts on line
	// BodyLine of File.
	Body     []byte
	BodyLine int
	// Section is the first directory of Path ("updates", "carriers"), or ""
	// for a page at the top level.
	Section string
	// Stem is the last element of the URL: the slug, else the file name
	// without ".md"; for an index page, the directory's name.
	Stem string
	// URL is the page's site path, starting and ending with "/".
	URL string
}

// IsIndex reports whether p is the index page of its directory
// (index.md or _index.md).
func (p *Page) IsIndex() bool { return isIndexName(path.Base(p.Path)) }

func isIndexName(base string) bool { return base == "index.md" || base == "_index.md" }

// nameError says that an element of a page's path is not a slug.
type nameError struct {
	Path string // the element's path relative to the content directory
	Kind string // "file" or "directory"
	Name string
}

func (e *nameError) Error() string {
	if dataset.IsWindowsDevice(e.Name) {
		return fmt.Sprintf("%s name %q is a device name on Windows (%s), where no file or folder can have it: rename it", e.Kind, e.Name, dataset.WindowsDevices)
	}
	return fmt.Sprintf("%s name %q is not a slug: use lowercase letters, digits and hyphens", e.Kind, e.Name)
}

// pageURL works out where the page at rel (a slash path ending in ".md") is
// published: about.md at /about/, updates/x.md at /updates/x/, an index.md
// or _index.md at its directory's URL. A slug replaces the file name (Load
// refuses one on an index page). Every
// directory and file name must be a slug already: URLs are not guessed.
func pageURL(rel, slug string) (url, section, stem string, err error) {
	dir, base := path.Split(rel)
	dir = strings.TrimSuffix(dir, "/")
	var elems []string
	if dir != "" {
		elems = strings.Split(dir, "/")
		section = elems[0]
	}
	for i, e := range elems {
		if !dataset.IsSlug(e) {
			return "", "", "", &nameError{Path: strings.Join(elems[:i+1], "/"), Kind: "directory", Name: e}
		}
	}
	name := strings.TrimSuffix(base, ".md")
	if isIndexName(base) {
		if len(elems) > 0 {
			stem = elems[len(elems)-1]
		}
	} else {
		if !dataset.IsSlug(name) {
			return "", "", "", &nameError{Path: rel, Kind: "file", Name: name}
		}
		stem = name
		if slug != "" {
			stem = slug
		}
		elems = append(elems, stem)
	}
	if len(elems) == 0 {
		return "/", section, stem, nil
	}
	return "/" + strings.Join(elems, "/") + "/", section, stem, nil
}

// titleFromStem makes a title of a file name: "first-look" gives "First look".
func titleFromStem(stem string) string {
	if stem == "" {
		return "Home"
	}
	s := strings.ReplaceAll(stem, "-", " ")
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:]
}
