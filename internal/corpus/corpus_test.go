package corpus

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

// TestCorpusIsValidAndDeterministic checks that a generated corpus passes
// every data rule, and that the same seed writes the same bytes.
func TestCorpusIsValidAndDeterministic(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	for _, dir := range []string{a, b} {
		if err := Write(dir, 1, 7); err != nil {
			t.Fatal(err)
		}
	}
	d, errs := dataset.Load(context.Background(), os.DirFS(a), "data", dataset.Options{})
	if len(errs) > 0 {
		t.Fatalf("generated corpus does not validate:\n%s", errs.Format(10))
	}
	if n := len(d.Results.Rows); n != Lots {
		t.Errorf("scale 1 has %d lots, want %d", n, Lots)
	}
	for _, name := range []string{"data/carriers.csv", "data/auction_results.csv", "data/participation.csv", "content/updates/update-7.md"} {
		x, _ := os.ReadFile(filepath.Join(a, name))
		y, _ := os.ReadFile(filepath.Join(b, name))
		if len(x) == 0 || string(x) != string(y) {
			t.Errorf("%s differs between two runs with the same seed", name)
		}
	}
}
