package publish

import (
	"encoding/xml"
	"strings"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/pages"
)

// atomEntry is one entry of an Atom feed. An entry without authors has
// the feed's.
type atomEntry struct {
	Title     string       `xml:"title"`
	ID        string       `xml:"id"`
	Link      atomLink     `xml:"link"`
	Published string       `xml:"published,omitempty"`
	Updated   string       `xml:"updated"`
	Authors   []atomPerson `xml:"author"`
	Summary   string       `xml:"summary,omitempty"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

// atomStamp is a civil date as Atom wants it.
func atomStamp(d dataset.Date) string { return d.String() + "T00:00:00Z" }

// updatesFeed writes the feed of the updates.
func updatesFeed(w *writer, k *pages.Kind) error { return feedFile(w, k, atomFeed) }

// changesFeedFile writes the feed of the data releases, if there are any.
func changesFeedFile(w *writer, k *pages.Kind) error {
	if !hasReleases(w.Site) {
		return nil
	}
	return feedFile(w, k, changesFeed)
}

// feedFile writes the feed that feed makes, at the kind's address.
func feedFile(w *writer, k *pages.Kind, feed func(site *pages.Site, self string) ([]byte, error)) error {
	data, err := feed(w.Site, k.URL)
	if err != nil {
		return err
	}
	return w.add(file(k.URL), data)
}

// ReleaseFiles hands the files of the data releases to emit, byte for
// byte as their commits hold them, when the site shows releases. They
// depend on nothing rendered: a build hands them on before its pages, so
// that they are not held while the pages render.
func ReleaseFiles(site *pages.Site, files []File, emit func(path string, data []byte) error) error {
	if !hasReleases(site) {
		return nil
	}
	for _, f := range files {
		if err := emit(f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// hasReleases reports whether the site shows data releases.
func hasReleases(site *pages.Site) bool { return site.History != nil && len(site.Releases) > 0 }

// atomFeed is the feed at self (/index.xml): one entry per update,
// updated when it was last corrected (lastmod), else when it was published.
func atomFeed(site *pages.Site, self string) ([]byte, error) {
	abs := func(p string) string { return strings.TrimSuffix(site.BaseURL, "/") + p }
	var entries []atomEntry
	for _, u := range site.Updates {
		e := atomEntry{Title: u.Title, ID: abs(u.URL), Link: atomLink{Href: abs(u.URL)}, Published: atomStamp(u.Date), Updated: atomStamp(u.Modified()), Summary: u.Summary}
		for _, name := range u.Author {
			e.Authors = append(e.Authors, atomPerson{Name: name})
		}
		entries = append(entries, e)
	}
	return writeAtom(site, site.Title+": updates", pages.KindOf("updates").URL, self, entries)
}

// changesFeed is the feed at self (/changes/index.xml): one entry per data
// release, its summary the counts and the changes called out.
func changesFeed(site *pages.Site, self string) ([]byte, error) {
	abs := func(p string) string { return strings.TrimSuffix(site.BaseURL, "/") + p }
	var entries []atomEntry
	for _, r := range site.Releases {
		summary := r.Summary()
		if len(r.Notes) > 0 {
			summary += " " + strings.Join(r.Notes, ". ") + "."
		}
		entries = append(entries, atomEntry{Title: "Data release of " + r.Date.String(), ID: abs(r.URL), Link: atomLink{Href: abs(r.URL)}, Updated: atomStamp(r.Date), Summary: summary})
	}
	return writeAtom(site, site.Title+": data changes", pages.KindOf("changes").URL, self, entries)
}

// writeAtom writes an Atom feed of the page at page, itself at self,
// updated as of its latest entry (a correction counts as a change), or
// the as-of date when it has none.
func writeAtom(site *pages.Site, title, page, self string, entries []atomEntry) ([]byte, error) {
	type feed struct {
		XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
		Title   string      `xml:"title"`
		ID      string      `xml:"id"`
		Links   []atomLink  `xml:"link"`
		Updated string      `xml:"updated"`
		Author  atomPerson  `xml:"author"`
		Entries []atomEntry `xml:"entry"`
	}
	abs := func(p string) string { return strings.TrimSuffix(site.BaseURL, "/") + p }
	f := feed{Title: title, ID: abs(page), Updated: atomStamp(site.AsOf),
		Links: []atomLink{{Href: abs(self), Rel: "self"}, {Href: abs(page)}}, Entries: entries}
	f.Author.Name = site.Title
	if len(entries) > 0 {
		f.Updated = entries[0].Updated
		for _, e := range entries[1:] {
			f.Updated = max(f.Updated, e.Updated) // the stamps sort as text
		}
	}
	return xmlFile(f)
}

// xmlFile is v as an indented XML document.
func xmlFile(v any) ([]byte, error) {
	out, err := xml.MarshalIndent(v, "", "  ")
	if err != nil {
		return nil, err
	}
	return append([]byte(xml.Header), append(out, '\n')...), nil
}
