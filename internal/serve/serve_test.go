package serve

import (
	"bufio"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/testkit"
)

type harness struct {
	t      *testing.T
	src    string
	base   string
	events chan string // "name: data" of each server-sent event
	srv    *Server
}

// start serves a copy of the bundled portal and waits until its first
// build is good.
func start(t *testing.T, poll time.Duration) *harness {
	t.Helper()
	h := startOn(t, testkit.Bundled(t), poll, nil)
	h.wantEvent("hello")
	return h
}

// startOn serves src, logging to log (if not nil), and subscribes to the
// events once the first build, good or bad, has finished.
func startOn(t *testing.T, src string, poll time.Duration, log io.Writer) *harness {
	t.Helper()
	s := &Server{Addr: "127.0.0.1:0", Poll: poll, Quiet: 50 * time.Millisecond, Log: log}
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
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("Serve returned %v on shutdown", err)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("Serve did not stop within 5s of cancel")
		}
	})
	<-s.Ready()
	h := &harness{t: t, src: src, base: "http://" + ln.Addr().String(), events: make(chan string, 100), srv: s}
	h.subscribe(ctx)
	return h
}

// subscribe reads the event stream as a browser's EventSource would.
func (h *harness) subscribe(ctx context.Context) {
	req, _ := http.NewRequestWithContext(ctx, "GET", h.base+Prefix+"events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		h.t.Fatal(err)
	}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		var name string
		var data []string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				name = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				data = append(data, strings.TrimPrefix(line, "data: "))
			case line == "" && name != "":
				h.events <- name + ": " + strings.Join(data, "\n")
				name, data = "", nil
			}
		}
	}()
}

func (h *harness) wantEvent(name string) string {
	h.t.Helper()
	deadline := time.After(10 * time.Second)
	for {
		select {
		case ev := <-h.events:
			if strings.HasPrefix(ev, name+": ") {
				return strings.TrimPrefix(ev, name+": ")
			}
		case <-deadline:
			h.t.Fatalf("no %q event within 10s", name)
		}
	}
}

// eventually waits up to 10s for cond, for changes that may take more than
// one rebuild to show (a burst split across two quiet periods).
func (h *harness) eventually(what string, cond func() bool) {
	h.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	h.t.Fatalf("%s: not within 10s", what)
}

// drain forgets the events received so far, once the server is quiet.
func (h *harness) drain() {
	for {
		select {
		case <-h.events:
		case <-time.After(300 * time.Millisecond):
			return
		}
	}
}

func (h *harness) get(p string) (int, string) {
	h.t.Helper()
	resp, body := h.fetch(p)
	return resp.StatusCode, body
}

// fetch GETs p and returns the response, its body read.
func (h *harness) fetch(p string) (*http.Response, string) {
	h.t.Helper()
	resp, err := http.Get(h.base + p)
	if err != nil {
		h.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, string(body)
}

func (h *harness) write(rel, data string) {
	h.t.Helper()
	if err := os.WriteFile(filepath.Join(h.src, rel), []byte(data), 0o644); err != nil {
		h.t.Fatal(err)
	}
}

// saveLikeAnEditor writes a temporary file and renames it over rel.
func (h *harness) saveLikeAnEditor(rel, data string) {
	h.t.Helper()
	if err := saveByRename(filepath.Join(h.src, rel), []byte(data)); err != nil {
		h.t.Fatal(err)
	}
}

const page = "---\ntitle: Live page\n---\n\nFirst version.\n"

func TestServeRebuildsOnEveryKindOfChange(t *testing.T) {
	t.Parallel()
	h := start(t, 0)
	if code, body := h.get("/"); code != 200 || !strings.Contains(body, `<script src="/__portal/live.js" defer></script></head>`) {
		t.Fatalf("GET / = %d, live-reload script injected: %v", code, strings.Contains(body, "__portal/live.js"))
	}

	h.write("content/live.md", page)
	h.wantEvent("reload")
	if code, body := h.get("/live/"); code != 200 || !strings.Contains(body, "First version.") {
		t.Fatalf("new page: GET /live/ = %d %q", code, body)
	}

	h.saveLikeAnEditor("content/live.md", strings.Replace(page, "First", "Second", 1))
	h.wantEvent("reload")
	if _, body := h.get("/live/"); !strings.Contains(body, "Second version.") {
		t.Errorf("after an editor-style save, /live/ does not show the new text")
	}

	if err := os.Rename(filepath.Join(h.src, "content/live.md"), filepath.Join(h.src, "content/moved.md")); err != nil {
		t.Fatal(err)
	}
	h.wantEvent("reload")
	if code, _ := h.get("/live/"); code != 404 {
		t.Errorf("after rename, GET /live/ = %d, want 404", code)
	}
	if code, _ := h.get("/moved/"); code != 200 {
		t.Errorf("after rename, GET /moved/ = %d, want 200", code)
	}

	// A folder created after the server started is watched too.
	if err := os.MkdirAll(filepath.Join(h.src, "content/guides/deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	h.wantEvent("reload") // the folder itself is a change
	h.write("content/guides/deep/how.md", "---\ntitle: How\n---\n\nDeep.\n")
	h.eventually("page in a new folder is served", func() bool { code, _ := h.get("/guides/deep/how/"); return code == 200 })
	h.drain()

	if err := os.Remove(filepath.Join(h.src, "content/moved.md")); err != nil {
		t.Fatal(err)
	}
	h.wantEvent("reload")
	if code, _ := h.get("/moved/"); code != 404 {
		t.Errorf("after delete, GET /moved/ = %d, want 404", code)
	}

	// A data change reaches every page that shows it.
	carriers, _ := os.ReadFile(filepath.Join(h.src, "data/carriers.csv"))
	h.write("data/carriers.csv", strings.Replace(string(carriers), `"Amazon.com, Inc."`, `"Amazon (renamed)"`, 1))
	h.wantEvent("reload")
	if _, body := h.get("/carriers/amazon/"); !strings.Contains(body, "Amazon (renamed)") {
		t.Errorf("after a CSV edit the carrier page does not show the new name")
	}
}

func TestServeKeepsLastGoodSiteAndReportsErrors(t *testing.T) {
	t.Parallel()
	h := start(t, 0)
	_, good := h.get("/about/")
	about, _ := os.ReadFile(filepath.Join(h.src, "content/about.md"))

	h.write("content/about.md", "---\ndraft: maybe\n---\n")
	msg := h.wantEvent("build-error")
	if want := "content/about.md:2:8: draft: want true or false"; !strings.Contains(msg, want) {
		t.Errorf("error event = %q, want it to contain %q", msg, want)
	}
	if code, body := h.get("/about/"); code != 200 || body != good {
		t.Errorf("while the build is broken, /about/ = %d and changed: the last good page must be served", code)
	}
	// A page opened now learns of the error as soon as it connects.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	h2 := &harness{t: t, base: h.base, events: make(chan string, 10)}
	h2.subscribe(ctx)
	if got := h2.wantEvent("build-error"); got != msg {
		t.Errorf("a newly opened page got %q, want %q", got, msg)
	}

	// Broken data too: the server never crashes on bad input.
	h.write("data/auctions.csv", "id,title\n\"unterminated\n")
	h.wantEvent("build-error")

	h.write("data/auctions.csv", testkit.Read(t, filepath.Join(testkit.Root(t), "data/auctions.csv")))
	h.wantEvent("build-error") // about.md is still broken
	// A link that leads nowhere is shown over the page, at its place.
	h.write("content/about.md", "---\ntitle: About\n---\n\nSee [Amazon](/carriers/amazn/).\n")
	if msg := h.wantEvent("build-error"); !strings.Contains(msg, "content/about.md:5:14: link /carriers/amazn/: no such page or file in the build") {
		t.Errorf("error event = %q, want the broken link at its line and column", msg)
	}
	h.write("content/about.md", string(about))
	h.wantEvent("reload")
	if code, body := h.get("/about/"); code != 200 || body != good {
		t.Errorf("after the fix /about/ = %d, want the original page", code)
	}
}

func TestServePolling(t *testing.T) {
	t.Parallel()
	h := start(t, 30*time.Millisecond)
	h.write("content/polled.md", page)
	h.wantEvent("reload")
	if code, _ := h.get("/polled/"); code != 200 {
		t.Errorf("polling: GET /polled/ = %d, want 200", code)
	}
}

func TestServeNeverLeavesTheSite(t *testing.T) {
	t.Parallel()
	h := start(t, 0)
	const secret = "s3cr3t-outside-the-site"
	// One file beside the sources, one inside them that is never published.
	for _, p := range []string{"secret.txt", "data/secret.txt"} {
		if err := os.WriteFile(filepath.Join(h.src, filepath.FromSlash(p)), []byte(secret), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	leaked := func(body string) bool { return strings.Contains(body, secret) || strings.Contains(body, "root:") }
	long := strings.Repeat("a/", 50_000) // a 100 KB path
	for _, p := range []string{
		"/../secret.txt", "/%2e%2e/secret.txt", "/..%2fsecret.txt", "/%2e%2e%2fsecret.txt", "/%2E%2E/secret.txt",
		"/static/../../secret.txt", "/static%2f..%2f..%2fsecret.txt", "/data/../../../etc/passwd", "//etc/passwd",
		`/..\secret.txt`, "/..%5csecret.txt", "/%2e%2e%5csecret.txt", "/..;/secret.txt", "/.%2e/secret.txt",
		"/%c0%ae%c0%ae/secret.txt", "/%252e%252e/secret.txt", // overlong UTF-8, double encoding
		"/secret.txt%00.html", "/%00", "/%00/../secret.txt", "/data/secret.txt", "/content/about.md", "/data/datasets.yaml",
		"/" + strings.Repeat("../", 2000) + "secret.txt", "/" + long, "/" + long + "../secret.txt",
	} {
		code, body := h.get(p)
		if leaked(body) {
			t.Errorf("GET %.80s = %d and leaked a file outside the site", p, code)
		}
		if code != http.StatusNotFound && code != http.StatusMovedPermanently {
			t.Errorf("GET %.80s = %d, want 404 (or a redirect)", p, code)
		}
	}
	// Requests a client library would not send: raw bytes on the wire.
	for _, line := range []string{
		"GET ../secret.txt HTTP/1.1", "GET ..\\secret.txt HTTP/1.1", "GET /..\\secret.txt HTTP/1.1",
		"GET /\x00/../secret.txt HTTP/1.1", "GET http://evil.example/../secret.txt HTTP/1.1", "GET * HTTP/1.1",
		"GET /" + strings.Repeat("a", 2<<20) + " HTTP/1.1", // over the header limit
	} {
		code, body := h.raw(line)
		if leaked(body) {
			t.Errorf("%.60s: %d and leaked a file outside the site", line, code)
		}
		if code == http.StatusOK || code >= 500 {
			t.Errorf("%.60s: %d, want a 4xx", line, code)
		}
	}
	if code, _ := h.get("/data/carriers.csv"); code != 200 {
		t.Errorf("GET /data/carriers.csv = %d, want the published download", code)
	}
	resp, err := http.Post(h.base+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST / = %d, want 405", resp.StatusCode)
	}
}

// raw sends one request line, as written, and returns the status code and
// body of the answer (0 when the server closed the connection instead).
func (h *harness) raw(requestLine string) (int, string) {
	h.t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(h.base, "http://"))
	if err != nil {
		h.t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	go io.WriteString(conn, requestLine+"\r\nHost: localhost\r\nConnection: close\r\n\r\n")
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		return 0, ""
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}
