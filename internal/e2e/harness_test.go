// Package e2e_test checks the published portal as a reader meets it: the
// bundled site is built into a temporary folder, served on 127.0.0.1, and
// driven in headless Chromium (chromedp). Accessibility is checked with
// axe-core and markup with html-validate, both from node_modules in this
// folder (npm ci). Without Chromium or node_modules the tests skip with a
// message, except under CI=true, where they fail.
package e2e_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/postal-access/portal/internal/changes"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/site"
	"github.com/postal-access/portal/internal/testkit"
)

// asOf is the date the bundled portal is built as of in these tests.
const asOf = "2026-11-25"

// basePath is where the test server mounts the site, so that every test
// also checks that links and scripts honour --base-url.
const basePath = "/portal/"

// inCI reports whether missing tools are a failure rather than a skip.
func inCI() bool { return os.Getenv("CI") == "true" }

// need skips the test (or fails it under CI=true) with a message that says
// how to install what is missing.
func need(t *testing.T, ok bool, what, install string) {
	t.Helper()
	if ok {
		return
	}
	msg := fmt.Sprintf("%s not found; install it with: %s", what, install)
	if inCI() {
		t.Fatal(msg + " (CI=true: browser tests may not be skipped)")
	}
	t.Skip(msg)
}

// chromium returns the path of the browser: $CHROME_PATH, else the first of
// the usual names on PATH.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	need(t, false, "Chromium", "apt-get install -y chromium")
	return ""
}

// nodeModule returns the path of a file inside internal/e2e/node_modules.
func nodeModule(t *testing.T, rel string) string {
	t.Helper()
	p, err := filepath.Abs(filepath.Join("node_modules", rel))
	if err != nil {
		t.Fatal(err)
	}
	_, err = os.Stat(p)
	need(t, err == nil, "node_modules/"+rel, "npm ci --prefix internal/e2e")
	return p
}

// Site is a fresh build of the bundled portal, served over HTTP.
type Site struct {
	Dir  string // the build output
	URL  string // the site's address, ending in basePath
	Root string // scheme and host, no path
}

// shared holds what the tests of this package share: one build of the
// site with its server, and one browser (each test opens its own tabs).
// Building and starting Chromium once keeps the suite fast on two cores.
var shared struct {
	siteOnce    sync.Once
	site        *Site
	siteErr     error
	corpusOnce  sync.Once
	corpus      *Site
	corpusErr   error
	browserOnce sync.Once
	browser     *Browser
	browserErr  error
	cleanupMu   sync.Mutex // tests run in parallel
	cleanup     []func()
}

// atExit has f run when the tests end, before what was added earlier.
func atExit(f func()) {
	shared.cleanupMu.Lock()
	defer shared.cleanupMu.Unlock()
	shared.cleanup = append(shared.cleanup, f)
}

func TestMain(m *testing.M) {
	// Builds keep their records in a temporary folder, not the user's cache.
	cache, err := os.MkdirTemp("", "portal-e2e-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	os.Setenv(site.CacheDirEnv, cache)
	atExit(func() { os.RemoveAll(cache) })
	code := m.Run()
	for i := len(shared.cleanup) - 1; i >= 0; i-- {
		shared.cleanup[i]()
	}
	os.Exit(code)
}

// serveSite returns the bundled portal, built on first use into a fresh
// temporary folder and served on 127.0.0.1 under basePath, with 404.html
// for unknown paths as a static host would.
func serveSite(t *testing.T) *Site {
	t.Helper()
	shared.siteOnce.Do(func() { shared.site, shared.siteErr = buildAndServe("../..") })
	if shared.siteErr != nil {
		t.Fatalf("building the bundled portal: %v", shared.siteErr)
	}
	return shared.site
}

// serveCorpus builds and serves the generated corpus at scale 1 with the
// repository's templates: its auctions, carriers and states have tables
// long enough to continue on further pages, which the bundled portal's
// do not.
func serveCorpus(t *testing.T) *Site {
	t.Helper()
	root := testkit.Root(t)
	shared.corpusOnce.Do(func() {
		src, err := os.MkdirTemp("", "portal-e2e-corpus-")
		if err != nil {
			shared.corpusErr = err
			return
		}
		atExit(func() { os.RemoveAll(src) })
		if err := testkit.CorpusTo(root, src, 1, 1); err != nil {
			shared.corpusErr = err
			return
		}
		shared.corpus, shared.corpusErr = buildAndServe(src)
	})
	if shared.corpusErr != nil {
		t.Fatalf("building the generated corpus: %v", shared.corpusErr)
	}
	return shared.corpus
}

func buildAndServe(src string) (*Site, error) {
	dir, err := os.MkdirTemp("", "portal-e2e-")
	if err != nil {
		return nil, err
	}
	atExit(func() { os.RemoveAll(dir) })
	out := filepath.Join(dir, "public")
	files := http.Dir(out)
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		rel, ok := strings.CutPrefix(r.URL.Path, basePath)
		if ok {
			p := filepath.Join(out, filepath.FromSlash(rel))
			if info, err := os.Stat(p); err == nil && (!info.IsDir() || exists(filepath.Join(p, "index.html"))) {
				if info.IsDir() && !strings.HasSuffix(r.URL.Path, "/") {
					http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
					return
				}
				http.StripPrefix(strings.TrimSuffix(basePath, "/"), http.FileServer(files)).ServeHTTP(w, r)
				return
			}
		}
		body, err := os.ReadFile(filepath.Join(out, "404.html"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusNotFound)
		w.Write(body)
	})
	srv := httptest.NewServer(mux)
	atExit(srv.Close)
	b := &site.Build{
		Src: src, FS: os.DirFS(src), Out: out,
		AsOf:    dataset.MustDate(asOf),
		BaseURL: srv.URL + basePath,
		Limits:  dataset.DefaultLimits,
	}
	if src == "../.." {
		hist, err := bundledHistory(src)
		if err != nil {
			return nil, err
		}
		b.History = hist
	}
	if _, err := b.Run(context.Background()); err != nil {
		return nil, err
	}
	return &Site{Dir: out, URL: srv.URL + basePath, Root: srv.URL}, nil
}

func exists(p string) bool { _, err := os.Stat(p); return err == nil }

// pages lists one URL (relative to the site) for every kind of page.
var pages = []struct{ Kind, Path string }{
	{"home", ""},
	{"carriers", "carriers/"},
	{"facilities", "facilities/"},
	{"agreements", "agreements/"},
	{"agreements-facet", "agreements/customer/sealed/"},
	{"facilities-facet", "facilities/state/ga/"},
	{"auctions", "auctions/"},
	{"states", "states/"},
	{"updates", "updates/"},
	{"carrier", "carriers/amazon/"},
	{"carrier-sealed-only", "carriers/fedex/"},
	{"facility", "facilities/rpdc-richmond/"},
	{"agreement", "agreements/amazon-usps-parcel-agreement/"},
	{"agreement-sealed", "agreements/pm-contract-940/"},
	{"auction", "auctions/usps-last-mile-2026/"},
	{"state", "states/va/"},
	{"update", "updates/amazon-usps-talks-end/"},
	{"update-with-data", "updates/illustrative-results/"},
	{"page", "methodology/"},
	{"data", "data/"},
	{"search", "search/"},
	{"changes", "changes/"},
	{"release", "changes/" + releaseDay + "/"},
	{"release-first", "changes/2026-11-01/"},
	{"404", "no/such/page/"},
}

// continuations lists, in the generated corpus (see serveCorpus), one
// continuation page of every kind of table that runs past a page, and the
// entity pages they continue.
var continuations = []struct{ Kind, Path string }{
	{"auction-long", "auctions/auction-1/"},
	{"auction-lots-2", "auctions/auction-1/lots/page/2/"},
	{"auction-shares-2", "auctions/auction-1/shares/page/2/"},
	{"auction-participants-2", "auctions/auction-1/participants/page/2/"},
	{"carrier-lots-2", "carriers/carrier-0/lots/page/2/"},
	{"carrier-wins-2", "carriers/carrier-0/wins/page/2/"},
	{"state-shares-2", "states/ca/shares/page/2/"},
	{"state-facilities-2", "states/ca/facilities/page/2/"},
	{"updates-2", "updates/page/2/"},
	{"facilities-list-2", "facilities/page/2/"},
}

// target is one page to open: its kind and address.
type target struct{ Kind, URL string }

// everyKind lists the addresses of pages and continuations: one page of
// every kind in the bundled portal, and one continuation page of every
// long table in the generated corpus.
func everyKind(t *testing.T) []target {
	t.Helper()
	s, c := serveSite(t), serveCorpus(t)
	var out []target
	for _, p := range pages {
		out = append(out, target{p.Kind, s.URL + p.Path})
	}
	for _, p := range continuations {
		out = append(out, target{p.Kind, c.URL + p.Path})
	}
	return out
}

// Browser is one headless Chromium for a test.
type Browser struct {
	ctx context.Context
}

// newBrowser returns the package's Chromium, started on first use with a
// fresh profile; it stops when the tests end.
func newBrowser(t *testing.T) *Browser {
	t.Helper()
	exe := chromium(t)
	shared.browserOnce.Do(func() { shared.browser, shared.browserErr = startBrowser(exe) })
	if shared.browserErr != nil {
		t.Fatalf("starting %s: %v", exe, shared.browserErr)
	}
	return shared.browser
}

func startBrowser(exe string) (*Browser, error) {
	profile, err := os.MkdirTemp("", "portal-e2e-chromium-")
	if err != nil {
		return nil, err
	}
	atExit(func() { os.RemoveAll(profile) })
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-breakpad", true),
		chromedp.Flag("metrics-recording-only", true),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("force-color-profile", "srgb"),
		chromedp.WindowSize(1280, 900),
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(actx)
	atExit(func() { cancel(); cancelAlloc() })
	// The first action starts the browser; its context must live as long
	// as the browser, so it gets no time limit of its own.
	if err := chromedp.Do(ctx); err != nil {
		return nil, err
	}
	return &Browser{ctx: ctx}, nil
}

// Tab is one browser tab that records console errors and Content Security
// Policy violations.
type Tab struct {
	t   *testing.T
	ctx context.Context
	mu  sync.Mutex
	log []string
}

// cspProbe records CSP violations in the page, where a test can read them;
// the browser also reports them on the console.
const cspProbe = `window.__csp = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__csp.push(e.violatedDirective + " blocked " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});`

// newTab opens a tab with the viewport width × height.
func (b *Browser) newTab(t *testing.T, width, height int64) *Tab {
	t.Helper()
	ctx, cancel := chromedp.NewContext(b.ctx)
	t.Cleanup(cancel)
	tab := &Tab{t: t, ctx: ctx}
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
				tab.mu.Lock()
				tab.log = append(tab.log, fmt.Sprintf("%s (%s:%d)", m, m.URL, m.Line+1))
				tab.mu.Unlock()
			}
		}
	}()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: cspProbe}); err != nil {
		t.Fatalf("installing the CSP probe: %v", err)
	}
	tab.do(chromedp.EmulateViewport(width, height))
	return tab
}

// do runs actions with a time limit and fails the test on error.
func (tab *Tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, 20*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tab.t.Fatalf("browser: %v", err)
	}
}

// run runs one action with a time limit and returns its value.
func run[T any](tab *Tab, a chromedp.Action[T]) T {
	tab.t.Helper()
	ctx, cancel := context.WithTimeout(tab.ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, a)
	if err != nil {
		tab.t.Fatalf("browser: %v", err)
	}
	return v
}

// eval evaluates a JavaScript expression and decodes its value.
func eval[T any](tab *Tab, js string) T {
	tab.t.Helper()
	return run(tab, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
}

// settle evaluates expr until ok accepts its value or 30 seconds pass, and
// returns the last value: the way to wait for a page to react to input
// (scripts debounce typing) without fixed sleeps. The wait is long because
// it only bounds a failure: at a load of 16 on two cores, TestSearch's
// index once took more than 10 seconds to fetch and search.
func settle[T any](tab *Tab, expr string, ok func(T) bool) T {
	tab.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(tab.ctx, 30*time.Second)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
		cancel()
		switch {
		case err != nil && time.Now().Before(deadline) && navigating(err):
			// The page reloaded while the expression ran (live reload
			// does that): ask the new page.
		case err != nil:
			tab.t.Fatalf("browser: %v", err)
		case ok(v) || time.Now().After(deadline):
			return v
		}
		time.Sleep(25 * time.Millisecond)
	}
}

// navigating reports whether err says the page went away mid-evaluation.
func navigating(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "navigated or closed") || strings.Contains(msg, "context was destroyed") || strings.Contains(msg, "Cannot find context")
}

// open navigates to u and waits for the load event and the deferred scripts.
func (tab *Tab) open(u string) {
	tab.t.Helper()
	tab.do(chromedp.Navigate(u), chromedp.WaitReady(chromedp.CSS("body")))
	// Deferred scripts run before DOMContentLoaded; wait for it explicitly.
	eval[bool](tab, `new Promise(function (ok) { if (document.readyState !== "loading") ok(true); else document.addEventListener("DOMContentLoaded", function () { ok(true); }); })`)
}

// problems returns, and forgets, the console errors and CSP violations
// seen since the last call.
func (tab *Tab) problems() []string {
	tab.t.Helper()
	csp := eval[[]string](tab, `window.__csp || []`)
	eval[bool](tab, `(window.__csp = [], true)`)
	// Console events arrive asynchronously; give them a moment.
	time.Sleep(50 * time.Millisecond)
	tab.mu.Lock()
	defer tab.mu.Unlock()
	out := append(tab.log, csp...)
	tab.log = nil
	return out
}

// checkClean fails the test if the page logged an error or violated the
// CSP. The browser logs the 404 status of the not-found page itself as an
// error; notFound names that page's URL so that one message is expected.
func (tab *Tab) checkClean(where, notFound string) {
	tab.t.Helper()
	for _, p := range tab.problems() {
		if notFound != "" && strings.Contains(p, "status of 404") && strings.Contains(p, "("+notFound+":") {
			continue
		}
		tab.t.Errorf("%s: %s", where, p)
	}
}

// screenshot saves a PNG of the viewport, or of the whole page when full
// is set, into dir.
func (tab *Tab) screenshot(dir, name string, full bool) string {
	tab.t.Helper()
	shot := chromedp.CaptureScreenshot()
	if full {
		shot = chromedp.FullScreenshot(100)
	}
	png := run(tab, shot)
	p := filepath.Join(dir, name+".png")
	if err := os.WriteFile(p, png, 0o644); err != nil {
		tab.t.Fatal(err)
	}
	return p
}

// htmlFiles lists the HTML files of a build, relative to its folder.
func htmlFiles(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasSuffix(p, ".html") {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal(errors.New("the build has no HTML files"))
	}
	return out
}

// bundledHistory gives the bundled portal two data releases: its data as
// it is, and an earlier state in which Amazon's agreement was under seal
// and one more carrier was listed, so that a release page shows a
// customer unsealed, a sealed value and a row removed.
func bundledHistory(src string) (changes.Fixed, error) {
	now := map[string][]byte{}
	for _, f := range changes.Files {
		b, err := os.ReadFile(filepath.Join(src, "data", f))
		if err != nil {
			return nil, err
		}
		now[f] = b
	}
	before := map[string][]byte{}
	for k, v := range now {
		before[k] = v
	}
	before["agreements.csv"] = []byte(strings.Replace(string(now["agreements.csv"]), "\namazon-usps-parcel-agreement,amazon,", "\namazon-usps-parcel-agreement,redacted,", 1))
	before["carriers.csv"] = append(slices.Clone(now["carriers.csv"]), "oldco,Old Co,regional-carrier,,OH,,\n"...)
	return changes.Fixed{
		{Date: dataset.MustDate(releaseDay), Commit: "2222222222222222222222222222222222222222", Files: now},
		{Date: dataset.MustDate("2026-11-01"), Commit: "1111111111111111111111111111111111111111", Files: before},
	}, nil
}

// releaseDay is the date of the bundled portal's newest release.
const releaseDay = "2026-11-20"
