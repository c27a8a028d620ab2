package site

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// goldenFiles are the outputs of the fixture compared byte for byte.
var goldenFiles = []string{
	"index.html",
	"carriers/acme/index.html",
	"carriers/acme/index.json",
	"facilities/rpdc-a/index.html",
	"agreements/index.html",
	"agreements/sealed-1/index.html",
	"auctions/a1/index.html",
	"auctions/a1/index.json",
	"states/index.html",
	"states/va/index.html",
	"updates/first/index.html",
	"news/first/index.html",
	"data/index.html",
	"data/datapackage.json",
	"data/agreements.csv",
	"data/auction_results.json",
	"search/index.json",
	"index.xml",
	"sitemap.xml",
}

// TestGolden renders the fixture unminified and compares chosen outputs
// with testdata/golden. Run `go test ./internal/site -update` after an
// intended change and review the diff like code.
func TestGolden(t *testing.T) {
	t.Parallel()
	b := &Build{FS: fixture(t), AsOf: dataset.MustDate("2026-11-25"), NoMinify: true, BaseURL: "https://portal.example/"}
	files, _, err := b.Generate(context.Background())
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	got := map[string][]byte{}
	for _, f := range files {
		got[f.Path] = f.Data
	}
	for _, name := range goldenFiles {
		data, ok := got[name]
		if !ok {
			t.Errorf("fixture build has no %s", name)
			continue
		}
		checkGolden(t, name, filepath.Join("testdata", "golden", strings.ReplaceAll(name, "/", "__")+".golden"), data)
	}
}

// checkGolden compares the output name with its golden file, or rewrites
// the golden file under -update.
func checkGolden(t *testing.T, name, golden string, data []byte) {
	t.Helper()
	if *update {
		if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(golden, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/site -update to create it)", err)
	}
	if string(data) != string(want) {
		t.Errorf("%s differs from %s (run go test ./internal/site -update and review the diff)\n%s", name, golden, firstDiff(string(data), string(want)))
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return "line " + strconv.Itoa(i+1) + ":\n got: " + gl + "\nwant: " + wl
		}
	}
	return ""
}
