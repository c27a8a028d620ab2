package serve

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/postal-access/portal/internal/testkit"
)

func TestErrorPage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, errText string
		want, notWant []string
	}{
		{
			name:    "every error its own item",
			errText: "content/about.md:2:8: draft: want true or false\ndata/carriers.csv:3:1: id: no such carrier\n",
			want: []string{
				"<li><code>content/about.md:2:8: draft: want true or false</code></li>\n<li><code>data/carriers.csv:3:1: id: no such carrier</code></li>\n</ul>",
			},
		},
		{
			name:    "user text is escaped",
			errText: `data/carriers.csv:2:1: id: "<script>alert(1)</script>" is not an id` + "\ncontent/<b>&.md:1:1: title: 'x'\n",
			want: []string{
				`<li><code>data/carriers.csv:2:1: id: &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34; is not an id</code></li>`,
				`<li><code>content/&lt;b&gt;&amp;.md:1:1: title: &#39;x&#39;</code></li>`,
			},
			notWant: []string{"<script>alert", "<b>&"},
		},
		{
			name:    "more than the terminal shows",
			errText: "a.md:1:1: x\n... and 3 more\n",
			want:    []string{"<li><code>a.md:1:1: x</code></li>\n<li><code>... and 3 more</code></li>\n</ul>"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := string(errorPage(tc.errText))
			want := append([]string{
				"<!doctype html>\n<html lang=\"en\">",
				`<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self';`,
				"<title>Build failed: no site to preview yet</title>\n</head>",
				"<h1>The site could not be built</h1>",
				`<ul id="portal-serve-errors">`,
			}, tc.want...)
			for _, w := range want {
				if !strings.Contains(got, w) {
					t.Errorf("errorPage(%q) lacks %q; got:\n%s", tc.errText, w, got)
				}
			}
			// No script or style of its own: the policy forbids inline ones.
			for _, w := range append([]string{"<script", "style="}, tc.notWant...) {
				if strings.Contains(got, w) {
					t.Errorf("errorPage(%q) contains %q; got:\n%s", tc.errText, w, got)
				}
			}
		})
	}
}

// syncBuffer is a log that the server's goroutines may write while a test
// reads it.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestServeFirstBuildFailed starts the server on sources that do not
// build: every page request gets the errors as a page that carries the
// live-reload script, the terminal says there is no site yet, and fixing
// the sources brings the site up. A later failure keeps the last good site.
func TestServeFirstBuildFailed(t *testing.T) {
	t.Parallel()
	src := testkit.Bundled(t)
	carriers := testkit.Read(t, filepath.Join(src, "data/carriers.csv"))
	about := testkit.Read(t, filepath.Join(src, "content/about.md"))
	write := func(rel, data string) {
		t.Helper()
		if err := os.WriteFile(filepath.Join(src, rel), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("data/carriers.csv", strings.Replace(carriers, "\namazon,", "\n<script>alert(1)</script>,", 1))
	write("content/about.md", "---\ndraft: maybe\n---\n")
	log := &syncBuffer{}
	h := startOn(t, src, 0, log)

	const (
		draftErr   = "content/about.md:2:8: draft: want true or false"
		carrierErr = `data/carriers.csv:2:1: id: &#34;&lt;script&gt;alert(1)&lt;/script&gt;&#34; is not an id`
		script     = `<script src="/__portal/live.js" defer></script></head>`
	)
	if ev := h.wantEvent("build-error"); !strings.Contains(ev, draftErr) || !strings.Contains(ev, `"<script>alert(1)</script>" is not an id`) {
		t.Errorf("first event = %q, want both errors", ev)
	}
	for _, p := range []string{"/", "/about/", "/carriers/amazon/", "/static/style.css", "/no/such/page"} {
		resp, body := h.fetch(p)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Content-Type") != "text/html; charset=utf-8" {
			t.Errorf("GET %s = %d %s, want 503 text/html", p, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		for _, w := range []string{"<li><code>" + draftErr + "</code></li>", "<li><code>" + carrierErr, script} {
			if !strings.Contains(body, w) {
				t.Errorf("GET %s lacks %q; got:\n%s", p, w, body)
			}
		}
		if strings.Contains(body, "<script>alert") {
			t.Errorf("GET %s: an error message's <script> is not escaped:\n%s", p, body)
		}
	}
	const noSite = "no site to serve yet: fix the errors above; the preview will load by itself"
	if got := log.String(); !strings.Contains(got, draftErr) || !strings.Contains(got, noSite) || strings.Contains(got, "last good site") {
		t.Errorf("after a failed first build the terminal says:\n%s\nwant the errors and %q, and no last good site", got, noSite)
	}

	// Fixing one file of two: the page lists what is left.
	write("data/carriers.csv", carriers)
	h.wantEvent("build-error")
	if code, body := h.get("/"); code != http.StatusServiceUnavailable || strings.Contains(body, "carriers.csv") || !strings.Contains(body, draftErr) {
		t.Errorf("after fixing carriers.csv, GET / = %d:\n%s\nwant only the draft error", code, body)
	}

	write("content/about.md", about)
	h.wantEvent("reload")
	code, good := h.get("/about/")
	if code != http.StatusOK || strings.Contains(good, "portal-serve-errors") || !strings.Contains(good, script) {
		t.Fatalf("after the fix GET /about/ = %d:\n%s\nwant the page with the reload script", code, good)
	}

	// Once a build is good, a failure keeps it and says so.
	before := len(log.String())
	write("content/about.md", "---\ndraft: maybe\n---\n")
	h.wantEvent("build-error")
	if code, body := h.get("/about/"); code != http.StatusOK || body != good {
		t.Errorf("after a later failure GET /about/ = %d, want the last good page", code)
	}
	if got := log.String()[before:]; !strings.Contains(got, "still serving the last good site") || !strings.Contains(got, draftErr) || strings.Contains(got, "no site") {
		t.Errorf("after a later failure the terminal says:\n%s\nwant the errors and that the last good site is still served", got)
	}
}
