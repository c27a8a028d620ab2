package e2e_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// texts returns the trimmed text of every element matching the CSS
// selector, in document order.
func texts(tab *Tab, sel string) []string {
	tab.t.Helper()
	js, _ := json.Marshal(sel)
	return eval[[]string](tab, `Array.from(document.querySelectorAll(`+string(js)+`)).map(function (e) { return e.textContent.trim(); })`)
}

// attr returns an attribute of the first element matching sel, or "".
func attr(tab *Tab, sel, name string) string {
	tab.t.Helper()
	s, _ := json.Marshal(sel)
	n, _ := json.Marshal(name)
	return eval[string](tab, `(function (e) { return e ? (e.getAttribute(`+string(n)+`) || "") : ""; })(document.querySelector(`+string(s)+`))`)
}

// clearInput empties a text box as a reader would (select all, delete),
// so that the page sees an input event.
func clearInput(tab *Tab, sel string) {
	tab.t.Helper()
	tab.do(chromedp.Focus(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`document.activeElement.select()`),
		chromedp.KeyEvent(kb.Backspace))
}

// back goes back in the tab's history and waits for the earlier page. (The
// page may come from the back-forward cache, which fires no load event.)
func (tab *Tab) back() {
	tab.t.Helper()
	before := run(tab, chromedp.Location())
	eval[bool](tab, `(setTimeout(function () { history.back(); }, 0), true)`)
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
		// Errors are expected while the old document goes away.
		ctx, cancel := context.WithTimeout(tab.ctx, 2*time.Second)
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href === `+strconv.Quote(before)+` ? "" : document.readyState`))
		cancel()
		if err == nil && state == "complete" {
			return
		}
	}
	tab.t.Fatalf("going back from %s: the earlier page did not load", before)
}

// column returns the text of column i (0-based) of the visible body rows.
func column(tab *Tab, table string, i int) []string {
	tab.t.Helper()
	return texts(tab, table+" tbody tr:not([hidden]) > :nth-child("+strconv.Itoa(i+1)+")")
}

// number reads "279,000" or "29.1%" as a number.
func number(t *testing.T, s string) float64 {
	t.Helper()
	// A capacity may be followed by the lots it leaves out
	// ("279,000 + 1 lot capacity redacted"): the number comes first.
	if fs := strings.Fields(s); len(fs) > 0 {
		s = fs[0]
	}
	f, err := strconv.ParseFloat(strings.NewReplacer(",", "", "%", "", "$", "").Replace(s), 64)
	if err != nil {
		t.Fatalf("cell %q is not a number", s)
	}
	return f
}

// TestSortTable clicks column headers of the carriers table and checks the
// row order and aria-sort; then sorts by keyboard.
func TestSortTable(t *testing.T) {
	t.Parallel()
	s := serveSite(t)
	tab := newBrowser(t).newTab(t, 1280, 900)
	tab.open(s.URL + "carriers/")
	const table = "#carriers-table"
	headers := texts(tab, table+" thead th")
	// The header may carry an "illustrative" mark after its name.
	col := slices.IndexFunc(headers, func(h string) bool { return strings.HasPrefix(h, "Parcels/day won") })
	if col < 0 {
		t.Fatalf("carriers table headers = %q, want a Parcels/day won column", headers)
	}
	th := table + " thead th:nth-child(" + strconv.Itoa(col+1) + ")"
	if got := attr(tab, th, "aria-sort"); got != "" {
		t.Errorf("before sorting, aria-sort = %q, want none", got)
	}

	for _, dir := range []string{"ascending", "descending"} {
		tab.do(chromedp.Click(chromedp.CSS(th + " button")))
		if got := attr(tab, th, "aria-sort"); got != dir {
			t.Errorf("after a click, aria-sort = %q, want %q", got, dir)
		}
		var nums []float64
		for _, c := range column(tab, table, col) {
			nums = append(nums, number(t, c))
		}
		sorted := slices.IsSorted(nums)
		if dir == "descending" {
			slices.Reverse(nums)
			sorted = slices.IsSorted(nums)
		}
		if !sorted || len(nums) < 10 {
			t.Errorf("sorted %s by Parcels/day won, the column reads %v", dir, column(tab, table, col))
		}
		if st := texts(tab, ".table-status"); len(st) == 0 || !strings.Contains(st[0], "Sorted by Parcels/day won, "+dir) {
			t.Errorf("status after sorting = %q, want it to say the table is sorted by Parcels/day won, %s", st, dir)
		}
	}
	// Only one column is sorted at a time.
	if n := eval[int](tab, `document.querySelectorAll("#carriers-table th[aria-sort]").length`); n != 1 {
		t.Errorf("%d headers have aria-sort, want 1", n)
	}

	// The keyboard: focus the Name header's button and press Enter.
	name := table + " thead th:nth-child(1)"
	tab.do(chromedp.Focus(chromedp.CSS(name+" button")), chromedp.KeyEvent(kb.Enter))
	if got := attr(tab, name, "aria-sort"); got != "ascending" {
		t.Fatalf("after Enter on the Name header, aria-sort = %q, want ascending", got)
	}
	names := column(tab, table, 0)
	if names[0] != "Amazon.com, Inc." || !strings.HasPrefix(names[len(names)-1], "W") {
		t.Errorf("sorted by name, the first and last rows are %q and %q, want Amazon.com, Inc. first and Walmart or Wayfair last", names[0], names[len(names)-1])
	}
	// Space sorts the other way.
	tab.do(chromedp.KeyEvent(" "))
	if got := attr(tab, name, "aria-sort"); got != "descending" {
		t.Errorf("after Space, aria-sort = %q, want descending", got)
	}
	tab.checkClean("carriers", "")
}

// TestFilterTable types into the filter box of the facilities table and
// checks which rows stay visible.
func TestFilterTable(t *testing.T) {
	t.Parallel()
	s := serveSite(t)
	tab := newBrowser(t).newTab(t, 1280, 900)
	tab.open(s.URL + "facilities/")
	const table = "#facilities-table"
	all := len(column(tab, table, 0))
	types := column(tab, table, 1)
	want := 0
	for _, ty := range types {
		if ty == "LPC" {
			want++
		}
	}
	if all < 20 || want < 2 {
		t.Fatalf("facilities table has %d rows, %d LPCs: too few to test filtering", all, want)
	}
	input := table + "-filter"
	if got := attr(tab, "label[for='facilities-table-filter']", "for"); got == "" {
		t.Errorf("the filter box has no label")
	}
	// Type as a reader would, key by key, and wait for the filter.
	tab.do(chromedp.SendKeys(chromedp.CSS(input), "lpc"))
	visible := `document.querySelectorAll("#facilities-table tbody tr:not([hidden])").length`
	shown := settle(tab, visible, func(n int) bool { return n == want })
	if shown != want {
		t.Errorf("filtering by %q shows %d rows, want the %d LPCs", "lpc", shown, want)
	}
	for _, ty := range column(tab, table, 1) {
		if ty != "LPC" {
			t.Errorf("filtering by %q shows a row of type %q", "lpc", ty)
		}
	}
	if st := texts(tab, ".table-status"); len(st) == 0 || st[0] != strconv.Itoa(want)+" of "+strconv.Itoa(all)+" rows shown." {
		t.Errorf("status = %q, want %q", st, strconv.Itoa(want)+" of "+strconv.Itoa(all)+" rows shown.")
	}
	// Two words must both match.
	tab.do(chromedp.SendKeys(chromedp.CSS(input), " atlanta"))
	rows := settle(tab, `Array.from(document.querySelectorAll("#facilities-table tbody tr:not([hidden]) th")).map(function (e) { return e.textContent.trim(); })`,
		func(r []string) bool { return len(r) == 1 })
	if !slices.Equal(rows, []string{"Atlanta LPC"}) {
		t.Errorf("filtering by %q shows %q, want only Atlanta LPC", "lpc atlanta", rows)
	}
	// Clearing the box shows every row again.
	clearInput(tab, input)
	if n := settle(tab, visible, func(n int) bool { return n == all }); n != all {
		t.Errorf("after clearing the filter, %d rows are visible, want %d", n, all)
	}
	tab.checkClean("facilities", "")
}

// TestNavigation follows links from the home page to a carrier, on to a
// facility and its state, and back with the browser's history.
func TestNavigation(t *testing.T) {
	t.Parallel()
	s := serveSite(t)
	tab := newBrowser(t).newTab(t, 1280, 900)
	tab.open(s.URL)
	h1 := func() string { return texts(tab, "h1")[0] }
	home := h1()
	location := func() string { return run(tab, chromedp.Location()) }
	follow := func(sel, wantPath, wantH1 string) {
		t.Helper()
		if _, err := chromedp.RunResponse(tab.ctx, chromedp.Click(chromedp.CSS(sel))); err != nil {
			t.Fatalf("clicking %s: %v", sel, err)
		}
		if got := location(); got != s.Root+wantPath {
			t.Fatalf("after clicking %s, the address is %s, want %s", sel, got, s.Root+wantPath)
		}
		if got := h1(); got != wantH1 {
			t.Errorf("%s: h1 = %q, want %q", wantPath, got, wantH1)
		}
		tab.checkClean(wantPath, "")
	}

	// "Largest holder" on the home page.
	follow(".figures a.big", basePath+"carriers/amazon/", "Amazon.com, Inc.")
	if crumbs := texts(tab, ".crumbs a"); !slices.Equal(crumbs, []string{"Home", "Carriers", "Amazon.com, Inc."}) {
		t.Errorf("breadcrumbs = %q", crumbs)
	}
	// The carrier's wins by facility lead to the facility.
	first := texts(tab, "#wins-table tbody th a")[0]
	// Links are relative: the browser resolves them against the page.
	href := eval[string](tab, `document.querySelector("#wins-table tbody th a").href`)
	follow("#wins-table tbody th a", strings.TrimPrefix(href, s.Root), first)
	if !strings.Contains(strings.Join(texts(tab, "#facility-carrier-table tbody th"), "|"), "Amazon.com, Inc.") {
		t.Errorf("%s does not list Amazon.com, Inc. among its winners", first)
	}
	// Back twice to the home page.
	tab.back()
	if got := location(); got != s.URL+"carriers/amazon/" {
		t.Errorf("after going back, the address is %s", got)
	}
	tab.back()
	if got := location(); got != s.URL {
		t.Errorf("after going back twice, the address is %s, want %s", got, s.URL)
	}
	if got := h1(); got != home {
		t.Errorf("back on the home page, h1 = %q, want %q", got, home)
	}
	// The breadcrumb of an entity page leads to its list.
	tab.open(s.URL + "states/va/")
	follow(".crumbs li:nth-child(2) a", basePath+"states/", "States")
}

// TestSearch searches from the search page and follows a result; it also
// checks the page without JavaScript lists everything it can find.
func TestSearch(t *testing.T) {
	t.Parallel()
	s := serveSite(t)
	tab := newBrowser(t).newTab(t, 1280, 900)
	tab.open(s.URL + "search/")
	tab.do(chromedp.SendKeys(chromedp.CSS("#q"), "atlanta lpc"))
	// The results are final when their heading names the whole query.
	results := `document.querySelector("#results h2") && document.querySelector("#results h2").textContent.indexOf("atlanta lpc") !== -1 ? Array.from(document.querySelectorAll("#results li a")).map(function (a) { return a.textContent; }) : []`
	titles := settle(tab, results, func(r []string) bool { return len(r) > 0 })
	if len(titles) == 0 || titles[0] != "Atlanta LPC" {
		t.Fatalf("searching %q finds %q, want Atlanta LPC first", "atlanta lpc", titles)
	}
	if eval[bool](tab, `!document.getElementById("directory").hidden`) {
		t.Errorf("the full list stays visible under the search results")
	}
	if _, err := chromedp.RunResponse(tab.ctx, chromedp.Click(chromedp.CSS("#results li a"))); err != nil {
		t.Fatalf("following the first result: %v", err)
	}
	if got, want := run(tab, chromedp.Location()), s.URL+"facilities/lpc-atlanta/"; got != want {
		t.Errorf("the first result leads to %s, want %s", got, want)
	}
	tab.checkClean("search result", "")

	// A docket number in the address (as the no-JavaScript form submits it).
	tab.open(s.URL + "search/?q=K2025-602")
	titles = settle(tab, `Array.from(document.querySelectorAll("#results li a")).map(function (e) { return e.href; })`, func(r []string) bool { return len(r) > 0 })
	if !slices.Contains(titles, s.URL+"agreements/pme-pm-ga-contract-880/") {
		t.Errorf("searching K2025-602 links to %q, want the agreement filed under that docket", titles)
	}
	if got := eval[string](tab, `document.getElementById("q").value`); got != "K2025-602" {
		t.Errorf("the search box reads %q, want the query from the address", got)
	}
	// Nothing found says so.
	clearInput(tab, "#q")
	tab.do(chromedp.SendKeys(chromedp.CSS("#q"), "zzzz"))
	msg := settle(tab, `document.querySelector("#results h2") ? document.querySelector("#results h2").textContent : ""`, func(m string) bool { return strings.Contains(m, "zzzz") })
	if !strings.HasPrefix(msg, "No matches") {
		t.Errorf("searching zzzz says %q, want No matches", msg)
	}
	tab.checkClean("search", "")

	// Without JavaScript the page links to the entity indexes (the list
	// pages, which list every entity a page at a time) and the data.
	resp, err := http.Get(s.URL + "search/")
	if err != nil {
		t.Fatal(err)
	}
	page, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	var index []struct{ U string }
	data, err := os.ReadFile(filepath.Join(s.Dir, "search", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &index); err != nil {
		t.Fatal(err)
	}
	// The index's addresses, like the page's links, are relative to the
	// search page.
	sections := map[string]bool{}
	for _, e := range index {
		if parts := strings.Split(strings.TrimPrefix(e.U, "../"), "/"); len(parts) > 2 {
			sections["../"+parts[0]+"/"] = true
		}
	}
	sections["../data/"] = true
	if len(sections) < 6 {
		t.Errorf("the search index covers only %v", sections)
	}
	for u := range sections {
		if !strings.Contains(string(page), `href="`+u+`"`) {
			t.Errorf("the search page without JavaScript does not link to the index %s", u)
		}
	}
}

// TestCSPCanary shows that a Content Security Policy violation is caught:
// an inline script injected into a page must be reported.
func TestCSPCanary(t *testing.T) {
	t.Parallel()
	s := serveSite(t)
	tab := newBrowser(t).newTab(t, 1280, 900)
	tab.open(s.URL)
	eval[bool](tab, `(function () { var sc = document.createElement("script"); sc.textContent = "window.__ran = 1"; document.body.appendChild(sc); return true; })()`)
	if eval[bool](tab, `window.__ran === 1`) {
		t.Errorf("an inline script ran: the page's Content Security Policy does not forbid inline scripts")
	}
	if p := tab.problems(); len(p) == 0 {
		t.Errorf("an inline script was blocked but nothing reported it: the CSP check is not working")
	}
}

// TestStructuredData checks the schema.org DataCatalog on the data page.
func TestStructuredData(t *testing.T) {
	t.Parallel()
	s := serveSite(t)
	tab := newBrowser(t).newTab(t, 1280, 900)
	tab.open(s.URL + "data/")
	var ld struct {
		Type    string `json:"@type"`
		Dataset []struct {
			Type         string `json:"@type"`
			Name         string `json:"name"`
			License      string `json:"license"`
			DateModified string `json:"dateModified"`
			Distribution []struct {
				ContentURL string `json:"contentUrl"`
			} `json:"distribution"`
		} `json:"dataset"`
	}
	raw := eval[string](tab, `document.querySelector('script[type="application/ld+json"]').textContent`)
	if err := json.Unmarshal([]byte(raw), &ld); err != nil {
		t.Fatalf("the JSON-LD on /data/ does not parse: %v\n%s", err, raw)
	}
	if ld.Type != "DataCatalog" || len(ld.Dataset) != 6 {
		t.Fatalf("JSON-LD is a %s of %d data sets, want a DataCatalog of 6", ld.Type, len(ld.Dataset))
	}
	for _, d := range ld.Dataset {
		if d.Type != "Dataset" || d.Name == "" || d.License == "" || d.DateModified == "" || len(d.Distribution) != 2 {
			t.Errorf("data set %+v lacks a type, name, license, date or its two downloads", d)
		}
		for _, dist := range d.Distribution {
			resp, err := http.Get(dist.ContentURL)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != 200 {
				t.Errorf("download %s: %s", dist.ContentURL, resp.Status)
			}
		}
	}
	tab.checkClean("data", "")
}
