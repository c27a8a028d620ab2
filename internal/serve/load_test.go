package serve

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/testkit"
)

// These tests load the dev server on loopback while it rebuilds: many
// clients at once, hundreds of edits in a burst (broken ones among them),
// and then a shutdown that must leave no goroutine or file open.

// loadDuration is how long TestServeUnderLoad sends requests: 10s, or
// PORTAL_LOAD_SECONDS seconds.
func loadDuration(t *testing.T) time.Duration {
	s := os.Getenv("PORTAL_LOAD_SECONDS")
	if s == "" {
		return 10 * time.Second
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 {
		t.Fatalf("PORTAL_LOAD_SECONDS=%q: want a whole number of seconds", s)
	}
	return time.Duration(n) * time.Second
}

// resources counts what a server could leak: goroutines and open files.
type resources struct{ goroutines, fds int }

func measure() resources {
	r := resources{goroutines: runtime.NumGoroutine(), fds: -1}
	if entries, err := os.ReadDir("/proc/self/fd"); err == nil {
		r.fds = len(entries)
	}
	return r
}

// checkReleased waits up to 5s for the goroutines and open files to come
// back to before, give or take a few (the runtime and the test's own
// client start some of their own), and fails the test if they do not.
func checkReleased(t *testing.T, before resources) {
	t.Helper()
	const slack = 4
	http.DefaultTransport.(*http.Transport).CloseIdleConnections()
	var now resources
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		runtime.GC() // finalizers close files dropped without Close
		if now = measure(); now.goroutines <= before.goroutines+slack && now.fds <= before.fds+slack {
			t.Logf("after shutdown: %d goroutines (%d before), %d open files (%d before)", now.goroutines, before.goroutines, now.fds, before.fds)
			return
		}
	}
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	t.Errorf("after shutdown: %d goroutines (%d before) and %d open files (%d before): a leak\n%s", now.goroutines, before.goroutines, now.fds, before.fds, buf)
}

// launch starts a server on src, like start, but leaves stopping it to
// the test: stop cancels it and fails the test unless Serve returns nil
// within 5s.
func launch(t *testing.T, src string) (h *harness, stop func()) {
	t.Helper()
	s := &Server{Addr: "127.0.0.1:0", Quiet: 50 * time.Millisecond}
	s.Build.Src = src
	s.Build.AsOf = dataset.MustDate("2026-11-25")
	s.Build.Limits = dataset.DefaultLimits
	ln, err := s.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	stopped := false
	stop = func() {
		t.Helper()
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve returned %v on shutdown", err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("Serve did not stop within 5s of cancel")
		}
	}
	t.Cleanup(stop)
	<-s.Ready()
	h = &harness{t: t, src: src, base: "http://" + ln.Addr().String(), events: make(chan string, 1000), srv: s}
	h.subscribe(ctx)
	h.wantEvent("hello")
	return h, stop
}

// urls lists the site path of every file the server holds, folders as
// "/carriers/".
func (h *harness) urls() []string {
	h.srv.mu.RLock()
	defer h.srv.mu.RUnlock()
	var out []string
	for name := range h.srv.files {
		if dir, ok := strings.CutSuffix(name, "index.html"); ok {
			out = append(out, "/"+dir)
		} else {
			out = append(out, "/"+name)
		}
	}
	slices.Sort(out)
	return out
}

func TestServeUnderLoad(t *testing.T) {
	testkit.Long(t, "50 clients for 10 s and hundreds of edits")
	const clients = 50
	duration := loadDuration(t)
	src := testkit.Bundled(t)
	before := measure()
	h, stop := launch(t, src)
	pages := h.urls()
	missing := []string{"/no/such/page/", "/carriers/no-such-carrier/", "/../secret.txt", "/data/datasets.yaml"}

	// Edits that change what pages say but not which pages there are, so
	// that every address keeps its status; a broken one in between makes
	// the server keep the last good site.
	about := testkit.Read(t, filepath.Join(src, "content/about.md"))
	carriers := testkit.Read(t, filepath.Join(src, "data/carriers.csv"))
	edits := []func(n int){
		func(n int) { h.write("content/about.md", about+fmt.Sprintf("\nEdit %d.\n", n)) },
		func(n int) { h.write("content/about.md", "---\ndraft: maybe\n---\n") },
		func(n int) { h.saveLikeAnEditor("content/about.md", about) },
		func(n int) {
			h.write("data/carriers.csv", strings.Replace(carriers, `"Amazon.com, Inc."`, fmt.Sprintf(`"Amazon %d"`, n), 1))
		},
		func(n int) { h.write("data/carriers.csv", "id,name\n\"unterminated\n") },
		func(n int) { h.write("data/carriers.csv", carriers) },
	}

	ctx, cancel := context.WithTimeout(context.Background(), duration)
	defer cancel()
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients}, Timeout: 30 * time.Second}
	defer client.Transport.(*http.Transport).CloseIdleConnections()
	var requests, failures atomic.Int64
	var mu sync.Mutex
	var problems []string
	fail := func(format string, args ...any) {
		failures.Add(1)
		mu.Lock()
		if len(problems) < 10 {
			problems = append(problems, fmt.Sprintf(format, args...))
		}
		mu.Unlock()
	}
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			r := rand.New(rand.NewSource(int64(c)))
			for ctx.Err() == nil {
				p, want := pages[r.Intn(len(pages))], http.StatusOK
				if r.Intn(10) == 0 {
					p, want = missing[r.Intn(len(missing))], http.StatusNotFound
				}
				resp, err := client.Get(h.base + p)
				if err != nil {
					fail("GET %s: %v", p, err)
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				requests.Add(1)
				switch {
				case err != nil:
					fail("GET %s: reading the body: %v", p, err)
				case resp.StatusCode != want:
					fail("GET %s = %d, want %d", p, resp.StatusCode, want)
				}
			}
		})
	}
	rebuilds := 0
	for n := 0; ctx.Err() == nil; n++ {
		edits[n%len(edits)](n)
		// Wait for the rebuild this edit causes, so that each edit is
		// built rather than merged into the next.
		select {
		case ev := <-h.events:
			if strings.HasPrefix(ev, "reload: ") || strings.HasPrefix(ev, "build-error: ") {
				rebuilds++
			}
		case <-ctx.Done():
		}
	}
	wg.Wait()
	t.Logf("%d clients, %v: %d requests (%.0f/s), %d rebuilds, %d failures", clients, duration, requests.Load(), float64(requests.Load())/duration.Seconds(), rebuilds, failures.Load())
	for _, p := range problems {
		t.Error(p)
	}
	if rebuilds < 2 {
		t.Errorf("only %d rebuilds happened under load, want at least 2", rebuilds)
	}
	stop()
	checkReleased(t, before)
}

// TestServeRapidEdits makes 500 changes to the sources as fast as it can:
// new pages, edits, editor-style saves, renames, deletions, broken front
// matter and broken data. Once the sources are quiet, the server must
// serve exactly what a fresh build of them gives.
func TestServeRapidEdits(t *testing.T) {
	src := testkit.Bundled(t)
	before := measure()
	h, stop := launch(t, src)
	r := rand.New(rand.NewSource(1))
	carriers := testkit.Read(t, filepath.Join(src, "data/carriers.csv"))
	methodology := testkit.Read(t, filepath.Join(src, "content/methodology.md"))
	page := func(n int) string { return fmt.Sprintf("---\ntitle: Rapid %d\n---\n\nVersion %d.\n", n, n) }
	name := func() string { return fmt.Sprintf("content/rapid/p%d.md", r.Intn(20)) }
	if err := os.MkdirAll(filepath.Join(src, "content/rapid"), 0o755); err != nil {
		t.Fatal(err)
	}
	ops := []func(n int){
		func(n int) { h.write(name(), page(n)) },
		func(n int) { h.saveLikeAnEditor(name(), page(n)) },
		func(n int) { h.write(name(), "---\ntitle: [unclosed\n---\n") },
		func(n int) { os.Rename(filepath.Join(src, name()), filepath.Join(src, name())) },
		func(n int) { os.Remove(filepath.Join(src, name())) },
		func(n int) { h.write(name(), "---\ntitle: x\n---\n\n```portal\ntable: nothing\n```\n") },
		func(n int) {
			h.write("data/carriers.csv", strings.Replace(carriers, `"Amazon.com, Inc."`, fmt.Sprintf(`"Amazon %d"`, n), 1))
		},
		func(n int) { h.write("data/carriers.csv", carriers[:r.Intn(len(carriers))]) },
		func(n int) { h.write("content/methodology.md", methodology+fmt.Sprintf("\nEdit %d.\n", n)) },
		func(n int) { h.write(fmt.Sprintf("static/rapid-%d.txt", r.Intn(5)), fmt.Sprint(n)) },
		func(n int) { os.Remove(filepath.Join(src, fmt.Sprintf("static/rapid-%d.txt", r.Intn(5)))) },
	}
	for n := range 500 {
		ops[r.Intn(len(ops))](n)
		if n%50 == 0 {
			time.Sleep(time.Duration(r.Intn(120)) * time.Millisecond) // now and then, let a rebuild start
		}
	}
	// End valid: every page either good or gone, the data as shipped.
	for i := range 20 {
		p := filepath.Join(src, fmt.Sprintf("content/rapid/p%d.md", i))
		if _, err := os.Stat(p); err == nil && i%2 == 0 {
			h.write(fmt.Sprintf("content/rapid/p%d.md", i), page(1000+i))
		} else {
			os.Remove(p)
		}
	}
	h.write("data/carriers.csv", carriers)

	b := h.srv.Build // as Serve set it up: its address as the base URL
	b.FS = os.DirFS(src)
	files, _, err := b.Generate(context.Background())
	if err != nil {
		t.Fatalf("the final sources do not build: %v", err)
	}
	want := map[string][]byte{}
	for _, f := range files {
		want[f.Path] = f.Data
	}
	// The last rebuilds may still be running: wait for them.
	var diffs []string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		h.srv.mu.RLock()
		diffs = diffFiles(h.srv.files, want)
		h.srv.mu.RUnlock()
		if len(diffs) == 0 {
			break
		}
	}
	if len(diffs) > 0 {
		t.Errorf("30s after the last edit, the site served differs from a fresh build of the sources:\n\t%s", strings.Join(diffs, "\n\t"))
	}
	stop()
	checkReleased(t, before)
}

// diffFiles lists, at most ten, the paths where got and want differ.
func diffFiles(got, want map[string][]byte) []string {
	var out []string
	for p, w := range want {
		g, ok := got[p]
		switch {
		case !ok:
			out = append(out, "missing "+p)
		case !bytes.Equal(g, w):
			out = append(out, fmt.Sprintf("%s differs (%d bytes, want %d)", p, len(g), len(w)))
		}
	}
	for p := range got {
		if _, ok := want[p]; !ok {
			out = append(out, "unexpected "+p)
		}
	}
	slices.Sort(out)
	if len(out) > 10 {
		out = append(out[:10], fmt.Sprintf("... and %d more", len(out)-10))
	}
	return out
}
