package site

import (
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/publish"
)

// The outputs that are not HTML pages (downloads, data package, JSON
// twins, search index, feeds, sitemaps, robots.txt, redirects) are made
// by internal/publish. What it needs of site is the page keys of the
// downloads and JSON twins, behind publish.Keys.

// publishKeys gives publish the page keys; a nil k gives no keys.
type publishKeys struct{ k *pageKeys }

func (p publishKeys) Download(path string, digest [32]byte) ([16]byte, bool) {
	return p.k.download(path, digest)
}

func (p publishKeys) FacetDownload(path string, rows any) ([16]byte, bool) {
	return p.k.facetDownload(path, rows)
}

func (p publishKeys) Twin(e any, related []*pages.Update) ([16]byte, bool) {
	return p.k.twin(e, related)
}

// downloads describes the published data files, for the /data/ page
// (see publish.Downloads).
func downloads(d *dataset.Data) []pages.Download { return publish.Downloads(d) }

// marshal writes v as compact JSON, which is what the minifier would
// write, or indented with --no-minify.
func (b *Build) marshal(v any) ([]byte, error) { return publish.Marshal(v, b.NoMinify) }

// searchIndex lists the pages search finds (see publish.SearchIndex).
func searchIndex(plan []*pages.Page) []publish.SearchEntry { return publish.SearchIndex(plan) }
