package publish

import (
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/postal-access/portal/internal/pages"
)

// maxSitemapURLs is the most URLs the sitemap protocol allows in one file.
const maxSitemapURLs = 50000

// sitemapFiles writes the sitemaps.
func sitemapFiles(w *writer, k *pages.Kind) error {
	files, compact, err := sitemaps(w.Site, w.Plan, file(k.URL), maxSitemapURLs, w.Min != nil)
	if err != nil {
		return err
	}
	for _, f := range files {
		if compact {
			err = w.addMinified(f.Path, f.Data)
		} else {
			err = w.add(f.Path, f.Data)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// sitemaps lists every page but the 404 page for search engines: in
// name (sitemap.xml), or, past max URLs, in sitemap-1.xml, sitemap-2.xml,
// ... of max URLs each, with name the index of them (sitemaps.org).
// With minified (the files are to be minified), compact reports that
// they are written as the minifier would leave them, which they are when
// every address is plain (see plainLoc): a sitemap of 55 thousand
// addresses marshalled by encoding/xml and then minified took 1 % of a
// build. Without, they are indented, as portal build --no-minify writes.
func sitemaps(site *pages.Site, plan []*pages.Page, name string, max int, minified bool) (files []File, compact bool, err error) {
	type u struct {
		Loc string `xml:"loc"`
	}
	type set struct {
		XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
		URLs    []u      `xml:"url"`
	}
	type index struct {
		XMLName  xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
		Sitemaps []u      `xml:"sitemap"`
	}
	base := strings.TrimSuffix(site.BaseURL, "/")
	compact = minified && plainLoc(base)
	var urls []u
	for _, p := range plan {
		if p.Kind == "404" {
			continue
		}
		loc := base + p.URL
		compact = compact && plainLoc(p.URL) && loc != "" // the minifier writes <loc/>
		urls = append(urls, u{Loc: loc})
	}
	compact = compact && len(urls) > 0 // an empty element is minified to <urlset .../>
	locs := func(us []u) []string {
		out := make([]string, len(us))
		for i, x := range us {
			out[i] = x.Loc
		}
		return out
	}
	sitemap := func(name string, v any) (File, error) {
		if compact {
			switch v := v.(type) {
			case set:
				return File{Path: name, Data: compactSitemap("urlset", "url", locs(v.URLs))}, nil
			case index:
				return File{Path: name, Data: compactSitemap("sitemapindex", "sitemap", locs(v.Sitemaps))}, nil
			}
		}
		data, err := xmlFile(v)
		return File{Path: name, Data: data}, err
	}
	if len(urls) <= max {
		f, err := sitemap(name, set{URLs: urls})
		return []File{f}, compact, err
	}
	var idx index
	stem := strings.TrimSuffix(name, ".xml")
	for i := 0; i*max < len(urls); i++ {
		part := fmt.Sprintf("%s-%d.xml", stem, i+1)
		f, err := sitemap(part, set{URLs: urls[i*max : min(len(urls), (i+1)*max)]})
		if err != nil {
			return nil, false, err
		}
		files = append(files, f)
		idx.Sitemaps = append(idx.Sitemaps, u{Loc: base + "/" + part})
	}
	f, err := sitemap(name, idx)
	return append([]File{f}, files...), compact, err
}

// plainLoc reports whether s has only bytes that encoding/xml writes as
// they are and the minifier leaves as they are: letters, digits and
// "-._~/:%".
func plainLoc(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/:%", c) >= 0) {
			return false
		}
	}
	return true
}

// compactSitemap writes a sitemap or sitemap index of plain addresses
// as xmlFile and the minifier together would: the XML declaration, then
// the root element with no white space between elements.
func compactSitemap(root, item string, locs []string) []byte {
	n := len(xml.Header) + 2*len(root) + 64
	for _, l := range locs {
		n += len(l) + 2*len(item) + 16
	}
	b := make([]byte, 0, n)
	b = append(b, strings.TrimSuffix(xml.Header, "\n")...)
	b = append(b, "<"+root+` xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">`...)
	open, shut := "<"+item+"><loc>", "</loc></"+item+">"
	for _, l := range locs {
		b = append(append(append(b, open...), l...), shut...)
	}
	return append(b, "</"+root+">"...)
}

// robots writes robots.txt, which points search engines at the sitemap.
func robots(w *writer, k *pages.Kind) error {
	return w.add(file(k.URL), []byte("User-agent: *\nAllow: /\n\nSitemap: "+w.Site.BaseURL+file(pages.KindOf("sitemap").URL)+"\n"))
}
