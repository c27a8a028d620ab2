package site

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

// TestGoldenHomeAllReal renders the fixture's home page as if every data
// set were real: no card, chart, heading or banner then says
// illustrative, and the page is otherwise the one in
// testdata/golden/index.all-real.html.golden.
func TestGoldenHomeAllReal(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	manifest := string(fsys["data/datasets.yaml"].Data)
	manifest = strings.ReplaceAll(manifest, "illustrative: true", "illustrative: false")
	fsys["data/datasets.yaml"] = file(manifest)
	home := pagesOf(t, &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), NoMinify: true, BaseURL: "https://portal.example/"})["index.html"]
	if i := strings.Index(strings.ToLower(home), "illustrative"); i >= 0 {
		t.Errorf("all-real home page says illustrative: %q", home[max(0, i-80):min(len(home), i+40)])
	}
	golden := filepath.Join("testdata", "golden", "index.all-real.html.golden")
	checkGolden(t, "index.html", golden, []byte(home))
}
