package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/serve"
)

// TestLiveReload runs portal serve on a copy of the bundled portal and
// drives a real browser: an edit reloads the open page (keeping its scroll
// position), a broken file shows the errors over the page while the last
// good build stays, and fixing it clears them.
func TestLiveReload(t *testing.T) {
	b := newBrowser(t)
	src := t.TempDir()
	for _, d := range []string{"content", "data", "templates", "static"} {
		if err := os.CopyFS(filepath.Join(src, d), os.DirFS(filepath.Join("../..", d))); err != nil {
			t.Fatal(err)
		}
	}
	s := &serve.Server{Addr: "127.0.0.1:0", Quiet: 50 * time.Millisecond}
	s.Build.Src, s.Build.AsOf, s.Build.Limits = src, dataset.MustDate(asOf), dataset.DefaultLimits
	ln, err := s.Listen()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Serve(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done })
	<-s.Ready()

	tab := b.newTab(t, 1280, 700)
	tab.open("http://" + ln.Addr().String() + "/methodology/")
	// Wait for the event stream, then mark this page and scroll down: a
	// reload forgets the mark and must restore the scroll.
	settle(tab, `performance.getEntriesByType("resource").some(function (e) { return e.name.indexOf("/__portal/events") >= 0 })`, func(ok bool) bool { return ok })
	eval[bool](tab, `window.__marker = true; window.scrollTo({top: 400, behavior: "instant"}); window.scrollY > 0`)
	y := eval[float64](tab, `window.scrollY`)

	page := filepath.Join(src, "content", "methodology.md")
	orig, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(page, append(orig, "\n\nEdited live in a browser test.\n"...), 0o644); err != nil {
		t.Fatal(err)
	}
	settle(tab, `!!document.body && document.body.textContent.indexOf("Edited live in a browser test.") >= 0 && window.__marker === undefined && document.readyState === "complete"`, func(ok bool) bool { return ok })
	if got := settle(tab, `window.scrollY`, func(v float64) bool { return v == y }); got != y {
		t.Errorf("scroll position after reload = %v, want %v", got, y)
	}

	broken := strings.Replace(string(orig), "---\n", "---\ndraft: maybe\n", 1)
	if err := os.WriteFile(page, []byte(broken), 0o644); err != nil {
		t.Fatal(err)
	}
	msg := settle(tab, `(document.getElementById("portal-build-error") || {textContent: ""}).textContent`, func(s string) bool { return s != "" })
	if !strings.Contains(msg, "content/methodology.md:2:8: draft: want true or false") {
		t.Errorf("overlay = %q, want the error with its file and line", msg)
	}
	if !eval[bool](tab, `document.body.textContent.indexOf("Edited live in a browser test.") >= 0`) {
		t.Errorf("the last good page is gone while the build is broken")
	}

	if err := os.WriteFile(page, orig, 0o644); err != nil {
		t.Fatal(err)
	}
	settle(tab, `!!document.body && document.getElementById("portal-build-error") === null && document.body.textContent.indexOf("Edited live in a browser test.") < 0`, func(ok bool) bool { return ok })
	if p := tab.problems(); len(p) > 0 {
		t.Errorf("console errors or CSP violations: %v", p)
	}
}
