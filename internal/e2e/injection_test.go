package e2e_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/site"
)

// hostileSrc is the portal whose every text holds every attack payload at
// once (internal/site/injection_test.go makes it and checks the build's
// files statically; this test runs the pages).
const hostileSrc = "../site/testdata/hostile"

// hostilePages lists one page of each kind of the hostile portal.
var hostilePages = []string{
	"", "carriers/", "carriers/acme/", "facilities/", "facilities/rpdc-a/", "agreements/", "agreements/acme-2024/",
	"agreements/sealed-1/", "auctions/", "auctions/a1/", "states/", "states/va/", "updates/", "updates/first/",
	"about/", "methodology/", "data/", "search/", "no/such/page/",
}

// serveHostile builds the hostile portal with the repository's templates
// and static files and serves it at the root of a local server.
func serveHostile(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "src")
	for from, to := range map[string]string{hostileSrc: "", "../../templates": "templates", "../../static": "static"} {
		if err := os.CopyFS(filepath.Join(src, to), os.DirFS(from)); err != nil {
			t.Fatal(err)
		}
	}
	out := filepath.Join(t.TempDir(), "public")
	files := http.FileServer(http.Dir(out))
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := filepath.Join(out, filepath.FromSlash(r.URL.Path))
		if info, err := os.Stat(p); err == nil && (!info.IsDir() || exists(filepath.Join(p, "index.html"))) {
			files.ServeHTTP(w, r)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		body, _ := os.ReadFile(filepath.Join(out, "404.html"))
		w.Write(body)
	}))
	t.Cleanup(srv.Close)
	b := &site.Build{Src: src, Out: out, AsOf: dataset.MustDate(asOf), BaseURL: srv.URL + "/", Limits: dataset.DefaultLimits}
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatalf("building %s: %v", hostileSrc, err)
	}
	return srv.URL + "/"
}

// provoke fires the events that injected handlers would listen for on
// every element: pointer, focus, toggle, load and error, and an animation
// start.
const provoke = `(function () {
  var names = ["mouseover", "mouseenter", "focus", "focusin", "toggle", "load", "error", "animationstart", "click"];
  document.querySelectorAll("*").forEach(function (el) {
    names.forEach(function (n) {
      if (n === "click" && el.closest("a, button, form, summary, label")) return; // would leave the page
      el.dispatchEvent(new Event(n, { bubbles: false }));
    });
  });
  return true;
})()`

// TestInjectionInBrowser loads every kind of page of the hostile portal
// in Chromium, fires the events injected handlers would wait for, and
// searches for the payloads so that search.js renders them: no payload
// may run (window.__pwned stays undefined) and none may even try to (the
// Content Security Policy reports no blocked inline script or style).
func TestInjectionInBrowser(t *testing.T) {
	t.Parallel()
	base := serveHostile(t)
	b := newBrowser(t)
	tab := b.newTab(t, 1280, 900)
	for _, p := range hostilePages {
		name := "/" + p
		t.Run(name, func(t *testing.T) {
			tab.t = t
			tab.open(base + p)
			eval[bool](tab, provoke)
			if p == "search/" {
				// Search for the payloads, so that search.js renders them
				// from the index; results show once the index has loaded.
				tab.open(base + p + "?q=script")
				found := eval[int](tab, `new Promise(function (ok) {
  var tries = 0;
  (function poll() {
    var n = document.querySelectorAll("#results li").length;
    if (n > 0 || ++tries > 100) ok(n); else setTimeout(poll, 50);
  })();
})`)
				if found == 0 {
					t.Errorf("searching the hostile portal for \"script\" found nothing: search.js did not render the payloads")
				}
				eval[bool](tab, provoke)
			}
			if pwned := eval[string](tab, `typeof window.__pwned`); pwned != "undefined" {
				t.Errorf("%s: a payload ran: typeof window.__pwned is %q", name, pwned)
			}
			if csp := eval[[]string](tab, `window.__csp || []`); len(csp) > 0 {
				t.Errorf("%s: a payload tried to run and the Content Security Policy blocked it:\n\t%s", name, strings.Join(csp, "\n\t"))
			}
		})
	}
	// The alias redirects to its page; it must not run a payload either.
	t.Run("/news/first/", func(t *testing.T) {
		tab.t = t
		tab.open(base + "news/first/")
		if pwned := eval[string](tab, `typeof window.__pwned`); pwned != "undefined" {
			t.Errorf("a payload ran after the alias: typeof window.__pwned is %q", pwned)
		}
	})
}
