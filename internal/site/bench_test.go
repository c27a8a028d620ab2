package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/render"
	"github.com/postal-access/portal/internal/testkit"
)

// Benchmarks run on a generated corpus with the repository's templates.
// The scale is 1 (about 3,500 pages) unless PORTAL_BENCH_SCALE says more.
// CI runs them once each (-benchtime=1x) as a smoke test; numbers are
// reported, never asserted.

var benchOnce sync.Once
var benchDir string
var benchErr error

func benchCorpus(b *testing.B) string {
	b.Helper()
	root := testkit.Root(b)
	benchOnce.Do(func() {
		scale := 1
		if s := os.Getenv("PORTAL_BENCH_SCALE"); s != "" {
			if _, err := fmt.Sscan(s, &scale); err != nil {
				benchErr = err
				return
			}
		}
		benchDir, benchErr = os.MkdirTemp("", "portal-bench-")
		if benchErr != nil {
			return
		}
		benchErr = testkit.CorpusTo(root, benchDir, scale, 1)
	})
	if benchErr != nil {
		b.Fatal(benchErr)
	}
	return benchDir
}

var asOf = dataset.MustDate("2026-11-25")

func BenchmarkLoadData(b *testing.B) {
	fsys := os.DirFS(benchCorpus(b))
	b.ReportAllocs()
	for b.Loop() {
		if _, errs := dataset.Load(context.Background(), fsys, "data", dataset.Options{}); errs.Err() != nil {
			b.Fatal(errs)
		}
	}
}

func BenchmarkModel(b *testing.B) {
	d, _ := dataset.Load(context.Background(), os.DirFS(benchCorpus(b)), "data", dataset.Options{})
	b.ReportAllocs()
	for b.Loop() {
		model.New(d, asOf)
	}
}

func BenchmarkMarkdown(b *testing.B) {
	pages, errs := content.Load(context.Background(), os.DirFS(benchCorpus(b)), "content", content.LoadOptions{})
	if errs.Err() != nil {
		b.Fatal(errs)
	}
	md := content.NewMarkdown(content.Options{})
	b.ReportAllocs()
	var n int64
	for b.Loop() {
		for _, p := range pages {
			html, err := p.Render(md)
			if err != nil {
				b.Fatal(err)
			}
			n += int64(len(html))
		}
	}
	b.SetBytes(n / int64(b.N))
}

// renderAll renders every page of the corpus into memory.
func renderAll(b *testing.B, minify bool) ([]File, *Result) {
	bl := &Build{FS: os.DirFS(benchCorpus(b)), AsOf: asOf, NoMinify: !minify}
	files, res, err := bl.Generate(context.Background())
	if err != nil {
		b.Fatal(err)
	}
	return files, res
}

func BenchmarkTemplates(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		_, res := renderAll(b, false)
		b.ReportMetric(float64(res.Pages), "pages/op")
	}
}

func BenchmarkMinify(b *testing.B) {
	files, _ := renderAll(b, false)
	m := render.NewMinifier()
	var n int64
	for _, f := range files {
		n += int64(len(f.Data))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			if _, err := m.Minify(f.Path, f.Data); err != nil {
				b.Fatal(err)
			}
		}
	}
}

func BenchmarkWrite(b *testing.B) {
	files, _ := renderAll(b, true)
	var n int64
	for _, f := range files {
		n += int64(len(f.Data))
	}
	b.SetBytes(n)
	b.ReportAllocs()
	for b.Loop() {
		out := b.TempDir()
		w, err := (&Build{}).openWriter(out)
		if err != nil {
			b.Fatal(err)
		}
		for _, f := range files {
			if err := w.Put(f.Path, f.Data); err != nil {
				b.Fatal(err)
			}
		}
		if _, err := w.Commit("", nil, nil); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkBuildCold(b *testing.B) {
	src := benchCorpus(b)
	b.ReportAllocs()
	for b.Loop() {
		bl := &Build{Src: src, Out: filepath.Join(b.TempDir(), "public"), AsOf: asOf}
		if _, err := bl.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkRebuildNoChange(b *testing.B) {
	src := benchCorpus(b)
	bl := &Build{Src: src, Out: filepath.Join(b.TempDir(), "public"), AsOf: asOf}
	if _, err := bl.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		res, err := bl.Run(context.Background())
		if err != nil || !res.UpToDate {
			b.Fatalf("rebuild: %v, up to date %v", err, res != nil && res.UpToDate)
		}
	}
}

// BenchmarkRebuildOneRow changes one cell of the first row of a CSV file
// between builds: a carrier's name (shown on the pages of the facilities
// and auctions where it won), an agreement's product, the bids a lot
// received.
func BenchmarkRebuildOneRow(b *testing.B) {
	for _, tc := range []struct{ file, col string }{
		{"carriers", "name"}, {"agreements", "product"}, {"auction_results", "bids_received"},
	} {
		b.Run(tc.file, func(b *testing.B) {
			src := benchCorpus(b)
			csvPath := filepath.Join(src, "data", tc.file+".csv")
			orig, err := os.ReadFile(csvPath)
			if err != nil {
				b.Fatal(err)
			}
			defer os.WriteFile(csvPath, orig, 0o644)
			recs, err := csv.NewReader(bytes.NewReader(orig)).ReadAll()
			if err != nil {
				b.Fatal(err)
			}
			col := slices.Index(recs[0], tc.col)
			if col < 0 {
				b.Fatalf("%s has no column %s", csvPath, tc.col)
			}
			cell := recs[1][col]
			bl := &Build{Src: src, Out: filepath.Join(b.TempDir(), "public"), AsOf: asOf}
			if _, err := bl.Run(context.Background()); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				if n, err := strconv.Atoi(cell); err == nil {
					recs[1][col] = strconv.Itoa(n + i%2)
				} else {
					recs[1][col] = cell + strings.Repeat("x", i%2)
				}
				var buf bytes.Buffer
				w := csv.NewWriter(&buf)
				if err := w.WriteAll(recs); err != nil {
					b.Fatal(err)
				}
				if err := os.WriteFile(csvPath, buf.Bytes(), 0o644); err != nil {
					b.Fatal(err)
				}
				res, err := bl.Run(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(res.Stats.Written), "written/op")
				b.ReportMetric(float64(res.Files-res.Reused), "rendered/op")
			}
		})
	}
}
