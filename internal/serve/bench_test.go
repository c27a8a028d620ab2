package serve

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/testkit"
)

// BenchmarkReloadAfterMarkdownEdit measures how long after an editor saves
// a markdown file the reload event reaches an open page, on a generated
// corpus (scale 1, or PORTAL_BENCH_SCALE), and how many pages the rebuild
// rendered, for each way editors save: in place, by renaming a temporary
// file over the page, and as vim does (the page renamed to a backup, the
// new text written, the backup removed). All three should take the same
// path. It includes the quiet period the watcher waits for (Quiet, 50 ms
// by default, as in portal serve).
func BenchmarkReloadAfterMarkdownEdit(b *testing.B) {
	for _, save := range editorSaves {
		b.Run(save.name, func(b *testing.B) {
			benchReload(b, filepath.Join("content", "updates", "update-1.md"), save.save, func(orig []byte, i int) []byte {
				return append(slices.Clip(orig), fmt.Sprintf("\nEdit %d.\n", i)...)
			})
		})
	}
}

// BenchmarkReloadAfterDataEdit is the same for one cell of one CSV file:
// an agreement's product, which its page, its customer's page and a list
// page show.
func BenchmarkReloadAfterDataEdit(b *testing.B) {
	benchReload(b, filepath.Join("data", "agreements.csv"), saveInPlace, func(orig []byte, i int) []byte {
		line := bytes.IndexByte(orig, '\n') + 1
		comma := line + bytes.IndexByte(orig[line:], ',')
		comma += 1 + bytes.IndexByte(orig[comma+1:], ',') // after id and shipper: the product
		return slices.Concat(orig[:comma+1], []byte(fmt.Sprintf("Edit %d ", i)), orig[comma+1:])
	})
}

// benchReload serves a corpus, saves the file at rel (under the corpus)
// with edit before each reload, and reports the time from the save to the
// reload event and the pages the rebuild rendered.
func benchReload(b *testing.B, rel string, save func(name string, data []byte) error, edit func(orig []byte, i int) []byte) {
	scale := 1
	if s := os.Getenv("PORTAL_BENCH_SCALE"); s != "" {
		fmt.Sscan(s, &scale)
	}
	src := testkit.Corpus(b, scale, 1)
	log := &rebuildLog{}
	s := &Server{Addr: "127.0.0.1:0", Log: log}
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
	page := filepath.Join(src, rel)
	orig, err := os.ReadFile(page)
	if err != nil {
		b.Fatal(err)
	}
	var total time.Duration
	i, rendered := 0, 0
	for b.Loop() {
		i++
		start := time.Now()
		if err := save(page, edit(orig, i)); err != nil {
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
		rendered += log.rendered()
	}
	b.ReportMetric(float64(total.Milliseconds())/float64(i), "ms/reload")
	b.ReportMetric(float64(rendered)/float64(i), "pages/reload")
}

// rebuildLog is a server's log that keeps the pages the last rebuild
// rendered.
type rebuildLog struct {
	mu   sync.Mutex
	last int
}

func (l *rebuildLog) Write(p []byte) (int, error) {
	line := string(p)
	if strings.HasPrefix(line, "rebuilt after ") {
		l.mu.Lock()
		fmt.Sscanf(line[strings.LastIndex(line, ": ")+2:], "%d pages rendered", &l.last)
		l.mu.Unlock()
	}
	return len(p), nil
}

func (l *rebuildLog) rendered() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.last
}
