package e2e_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/serve"
	"github.com/postal-access/portal/internal/testkit"
)

// TestLiveReload runs portal serve on a copy of the bundled portal and
// drives a real browser: an edit reloads the open page (keeping its scroll
// position), a broken file shows the errors over the page while the last
// good build stays, and fixing it clears them.
func TestLiveReload(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	src := testkit.Bundled(t)
	base := startServe(t, src)

	tab := b.newTab(t, 1280, 700)
	tab.open(base + "/methodology/")
	// Wait for the event stream, then mark this page and scroll down: a
	// reload forgets the mark and must restore the scroll.
	tab.waitForEvents()
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

// startServe runs portal serve on src until the test ends and returns its
// address once the first build, good or bad, has finished.
func startServe(t *testing.T, src string) string {
	t.Helper()
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
	return "http://" + ln.Addr().String()
}

// waitForEvents waits until the page has opened the live-reload event
// stream, so that a change made now reaches it.
func (tab *Tab) waitForEvents() {
	tab.t.Helper()
	settle(tab, `performance.getEntriesByType("resource").some(function (e) { return e.name.indexOf("/__portal/events") >= 0 })`, func(ok bool) bool { return ok })
}

// TestLiveReloadFirstBuildFailed starts portal serve on sources that do
// not build: the open page lists the errors (valid, accessible, the
// user's text shown as text), follows each rebuild, and becomes the site,
// in the same tab, once the sources are fixed.
func TestLiveReloadFirstBuildFailed(t *testing.T) {
	t.Parallel()
	b := newBrowser(t)
	a := newAxe(t)
	src := testkit.Bundled(t)
	page := filepath.Join(src, "content", "methodology.md")
	carriers := filepath.Join(src, "data", "carriers.csv")
	origPage, origCarriers := testkit.Read(t, page), testkit.Read(t, carriers)
	testkit.Write(t, page, strings.Replace(origPage, "---\n", "---\ndraft: maybe\n", 1))
	testkit.Write(t, carriers, strings.Replace(origCarriers, "\namazon,", "\n<script>alert(1)</script>,", 1))
	base := startServe(t, src)

	tab := b.newTab(t, 1280, 700)
	tab.open(base + "/methodology/")
	const (
		draftErr   = "content/methodology.md:2:8: draft: want true or false"
		carrierErr = `data/carriers.csv:2:1: id: "<script>alert(1)</script>" is not an id`
	)
	listed := `Array.from(document.querySelectorAll("#portal-serve-errors li")).map(function (li) { return li.textContent; })`
	got := eval[[]string](tab, listed)
	if len(got) != 2 || got[0] != draftErr || !strings.HasPrefix(got[1], carrierErr) {
		t.Errorf("error page lists %q, want %q and %q…", got, draftErr, carrierErr)
	}
	if n := eval[int](tab, `document.scripts.length`); n != 1 {
		t.Errorf("error page has %d scripts, want only the live-reload one", n)
	}
	if h1 := eval[string](tab, `document.querySelector("h1").textContent`); h1 == "" {
		t.Errorf("error page has no heading")
	}
	a.check(t, tab, "error page", false)
	tab.checkServiceUnavailable()

	// The page as served is valid HTML.
	resp, err := http.Get(base + "/methodology/")
	if err != nil {
		t.Fatal(err)
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	served := filepath.Join(t.TempDir(), "build-failed.html")
	testkit.Write(t, served, string(body))
	for _, r := range validateHTML(t, served) {
		for _, m := range r.Messages {
			if m.Severity >= 2 {
				t.Errorf("error page:%d:%d: %s [%s] at %s", m.Line, m.Column, m.Message, m.RuleID, m.Selector)
			}
		}
	}

	// A rebuild that still fails updates the list in place.
	tab.waitForEvents()
	eval[bool](tab, `(window.__marker = true)`)
	testkit.Write(t, carriers, origCarriers)
	if got := settle(tab, listed, func(v []string) bool { return len(v) == 1 }); len(got) != 1 || got[0] != draftErr {
		t.Errorf("after fixing carriers.csv the page lists %q, want only %q", got, draftErr)
	}
	if eval[bool](tab, `window.__marker !== true`) {
		t.Errorf("the error page reloaded for a rebuild that failed again")
	}
	tab.checkServiceUnavailable()

	// A good build brings the site into the same tab.
	testkit.Write(t, page, origPage)
	settle(tab, `document.readyState === "complete" && document.getElementById("portal-serve-errors") === null && window.__marker === undefined && document.title.indexOf("Methodology") === 0`, func(ok bool) bool { return ok })
	if title := eval[string](tab, `document.title`); !strings.HasPrefix(title, "Methodology") {
		t.Fatalf("after the fix the tab shows %q, want the methodology page", title)
	}
	if p := tab.problems(); len(p) > 0 {
		t.Errorf("the site after the fix: console errors or CSP violations: %v", p)
	}
}

// checkServiceUnavailable fails the test on console errors and CSP
// violations but the browser's note of the error page's 503 status.
func (tab *Tab) checkServiceUnavailable() {
	tab.t.Helper()
	for _, p := range tab.problems() {
		if !strings.Contains(p, "status of 503") {
			tab.t.Errorf("error page: %s", p)
		}
	}
}
