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
	files, err := sitemaps(w.Site, w.Plan, file(k.URL), maxSitemapURLs)
	if err != nil {
		return err
	}
	for _, f := range files {
		if err := w.add(f.Path, f.Data); err != nil {
			return err
		}
	}
	return nil
}

// sitemaps lists every page but the 404 page for search engines: in
// name (sitemap.xml), or, past max URLs, in sitemap-1.xml, sitemap-2.xml,
// ... of max URLs each, with name the index of them (sitemaps.org).
func sitemaps(site *pages.Site, plan []*pages.Page, name string, max int) ([]File, error) {
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
	var urls []u
	for _, p := range plan {
		if p.Kind == "404" {
			continue
		}
		urls = append(urls, u{Loc: base + p.URL})
	}
	sitemap := func(name string, v any) (File, error) {
		data, err := xmlFile(v)
		return File{Path: name, Data: data}, err
	}
	if len(urls) <= max {
		f, err := sitemap(name, set{URLs: urls})
		return []File{f}, err
	}
	var files []File
	var idx index
	stem := strings.TrimSuffix(name, ".xml")
	for i := 0; i*max < len(urls); i++ {
		part := fmt.Sprintf("%s-%d.xml", stem, i+1)
		f, err := sitemap(part, set{URLs: urls[i*max : min(len(urls), (i+1)*max)]})
		if err != nil {
			return nil, err
		}
		files = append(files, f)
		idx.Sitemaps = append(idx.Sitemaps, u{Loc: base + "/" + part})
	}
	f, err := sitemap(name, idx)
	return append([]File{f}, files...), err
}

// robots writes robots.txt, which points search engines at the sitemap.
func robots(w *writer, k *pages.Kind) error {
	return w.add(file(k.URL), []byte("User-agent: *\nAllow: /\n\nSitemap: "+w.Site.BaseURL+file(pages.KindOf("sitemap").URL)+"\n"))
}
