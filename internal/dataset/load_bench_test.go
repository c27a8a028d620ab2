package dataset_test

import (
	"context"
	"os"
	"strconv"
	"testing"

	"github.com/postal-access/portal/internal/corpus"
	"github.com/postal-access/portal/internal/dataset"
)

// BenchmarkLoad loads the data sets of a generated corpus, the one
// cmd/benchdata writes, at scale 1 unless PORTAL_BENCH_SCALE says more.
func BenchmarkLoad(b *testing.B) {
	scale := 1
	if s := os.Getenv("PORTAL_BENCH_SCALE"); s != "" {
		n, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("PORTAL_BENCH_SCALE=%q: %v", s, err)
		}
		scale = n
	}
	dir := b.TempDir()
	if err := corpus.Write(dir, scale, 1); err != nil {
		b.Fatal(err)
	}
	fsys := os.DirFS(dir)
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := dataset.Load(context.Background(), fsys, "data", dataset.Options{}); errs.Err() != nil {
			b.Fatal(errs)
		}
	}
}
