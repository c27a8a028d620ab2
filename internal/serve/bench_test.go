package serve

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/corpus"
	"github.com/postal-access/portal/internal/dataset"
)

// BenchmarkReloadAfterMarkdownEdit measures how long after an editor saves
// a markdown file the reload event reaches an open page, on a generated
// corpus (scale 1, or PORTAL_BENCH_SCALE). It includes the quiet period
// the watcher waits for (Quiet, 50 ms by default, as in portal serve).
func BenchmarkReloadAfterMarkdownEdit(b *testing.B) {
	scale := 1
	if s := os.Getenv("PORTAL_BENCH_SCALE"); s != "" {
		fmt.Sscan(s, &scale)
	}
	src := b.TempDir()
	if err := corpus.Write(src, scale, 1); err != nil {
		b.Fatal(err)
	}
	for _, d := range []string{"templates", "static"} {
		if err := os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			b.Fatal(err)
		}
	}
	s := &Server{Addr: "127.0.0.1:0"}
	s.Build.Src, s.Build.AsOf, s.Build.Limits = src, dataset.MustDate("2026-11-25"), dataset.DefaultLimits
	ln, err := s.Listen()
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go s.Serve(ctx, ln)
	<-s.Ready()
	req, _ := http.NewRequestWithContext(ctx, "GET", "http://"+ln.Addr().String()+Prefix+"events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	events := make(chan string, 16)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		for sc.Scan() {
			if name, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
				events <- name
			}
		}
	}()
	if <-events != "hello" {
		b.Fatal("no hello event")
	}
	page := filepath.Join(src, "content", "updates", "update-1.md")
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	i := 0
	for b.Loop() {
		i++
		start := time.Now()
		if err := os.WriteFile(page, append(orig, fmt.Sprintf("\nEdit %d.\n", i)...), 0o644); err != nil {
			b.Fatal(err)
		}
		for ev := range events {
			if ev == "reload" {
				break
			}
			if ev == "build-error" {
				b.Fatal("the edit broke the build")
			}
		}
		total += time.Since(start)
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(i), "ms/reload")
}
