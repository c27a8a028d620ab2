package site

import (
	"context"
	"os"
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
	fsys := fixture(t)
	manifest := string(fsys["data/datasets.yaml"].Data)
	manifest = strings.ReplaceAll(manifest, "illustrative: true", "illustrative: false")
	fsys["data/datasets.yaml"] = file(manifest)
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), NoMinify: true, BaseURL: "https://portal.example/"}
	files, _, err := b.Generate(context.Background())
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	var home string
	for _, f := range files {
		if f.Path == "index.html" {
			home = string(f.Data)
		}
	}
	if i := strings.Index(strings.ToLower(home), "illustrative"); i >= 0 {
		t.Errorf("all-real home page says illustrative: %q", home[max(0, i-80):min(len(home), i+40)])
	}
	golden := filepath.Join("testdata", "golden", "index.all-real.html.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(home), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/site -run TestGoldenHomeAllReal -update to create it)", err)
	}
	if home != string(want) {
		t.Errorf("index.html differs from %s (run go test ./internal/site -update and review the diff)\n%s", golden, firstDiff(home, string(want)))
	}
}
