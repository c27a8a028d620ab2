package linkcheck

import (
	"fmt"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/content"
)

func TestScan(t *testing.T) {
	for _, tc := range []struct {
		page string
		refs []string
		ids  []string
	}{
		{`<a href="/a/">x</a><img src="b.png">`, []string{"/a/", "b.png"}, nil},
		{`<h2 id="lots">Lots</h2><a href="#lots">`, []string{"#lots"}, []string{"lots"}},
		{`<a data-href="/no/" title="href=&quot;/no/&quot;">`, nil, nil},
		{`<a href="/q?a=1&amp;b=2">`, []string{"/q?a=1&b=2"}, nil},
		{`<a href="/open`, nil, nil},
	} {
		got := Scan([]byte(tc.page))
		var ids []string
		for id := range got.IDs {
			ids = append(ids, id)
		}
		if !reflect.DeepEqual(got.Refs, tc.refs) || !reflect.DeepEqual(ids, tc.ids) {
			t.Errorf("Scan(%q) = refs %q, ids %q, want %q, %q", tc.page, got.Refs, ids, tc.refs, tc.ids)
		}
	}
}

func TestCheck(t *testing.T) {
	files := map[string]bool{"index.html": true, "carriers/acme/index.html": true, "img/a.png": true}
	c := &Checker{
		Exists:   func(f string) bool { return files[f] },
		IDs:      map[string]map[string]bool{"carriers/acme/index.html": {"lots": true}},
		BasePath: "/portal/",
	}
	for _, tc := range []struct {
		from, ref string
		want      string // "" when it resolves
		target    string
	}{
		{"guide/index.html", "/carriers/acme/", "", ""},
		{"guide/index.html", "/portal/carriers/acme/", "", ""},
		{"guide/index.html", "/portal/", "", ""},
		{"guide/index.html", "../carriers/acme/", "", ""},
		{"guide/index.html", "https://example.org/nowhere/", "", ""},
		{"guide/index.html", "mailto:x@example.org", "", ""},
		{"guide/index.html", "/carriers/acme/#lots", "", ""},
		{"carriers/acme/index.html", "#lots", "", ""},
		{"guide/index.html", "/img/a.png", "", ""},
		{"guide/index.html", "/carriers/acmee/", "link /carriers/acmee/: no such page or file in the build", "/carriers/acmee/"},
		{"guide/index.html", "../carriers/acmee/", "link /carriers/acmee/: no such page or file in the build", "/carriers/acmee/"},
		{"guide/index.html", "/portal/carriers/acme/#nope", `link /carriers/acme/#nope: no element with id "nope" on carriers/acme/index.html`, "/carriers/acme/#nope"},
		{"carriers/acme/index.html", "#nope", `link /carriers/acme#nope: no element with id "nope" on carriers/acme/index.html`, "/carriers/acme#nope"},
		{"guide/index.html", "%zz", `link "%zz" does not parse: parse "%zz": invalid URL escape "%zz"`, "%zz"},
	} {
		b, bad := c.Check(tc.from, tc.ref)
		switch {
		case bad != (tc.want != ""):
			t.Errorf("Check(%q, %q) broken = %v, want %v (%s)", tc.from, tc.ref, bad, !bad, b.Message())
		case bad && (b.Message() != tc.want || b.Target != tc.target || b.From != tc.from || b.Href != tc.ref):
			t.Errorf("Check(%q, %q) = %q to %q, want %q to %q", tc.from, tc.ref, b.Message(), b.Target, tc.want, tc.target)
		}
	}
}

// A broken link is reported where it was written: in the markdown when
// the page has some that holds it, else at the page's template, else at
// the output file.
func TestLocate(t *testing.T) {
	src := &content.Page{File: "content/guide.md", BodyLine: 5, Body: []byte("Intro.\n\nSee [x](/carriers/acmee/).\n")}
	broken := Broken{From: "guide/index.html", Href: "/carriers/acmee/", Target: "/carriers/acmee/", Problem: "no such page or file in the build"}
	var fsys fs.FS = fstest.MapFS{"content/guide.md": {Data: []byte("---\ntitle: Guide\n---\n\n[y](/portal/carriers/acmee/)\n")}}
	for _, tc := range []struct {
		name string
		href string // as rendered; the target's when empty
		page *Page
		fsys fs.FS
		want string
	}{
		{"in the markdown", "", &Page{File: "guide/index.html", URL: "/guide/", Kind: "page", Source: src}, nil,
			"content/guide.md:7:9: link /carriers/acmee/: no such page or file in the build"},
		{"in the markdown read again, under the base path", "../carriers/acmee/", &Page{File: "guide/index.html", URL: "/guide/", Kind: "page", Source: &content.Page{File: "content/guide.md", BodyLine: 5}}, fsys,
			"content/guide.md:5:5: link /carriers/acmee/: no such page or file in the build"},
		{"not in the markdown", "", &Page{File: "guide/index.html", URL: "/guide/", Kind: "page", Source: &content.Page{File: "content/guide.md", Body: []byte("No links.")}}, nil,
			"templates/page.html: on page /guide/: link /carriers/acmee/: no such page or file in the build (see guide/index.html)"},
		{"home page", "", &Page{File: "index.html", URL: "/", Kind: "home", Source: src}, nil,
			"templates/home.html: on page /: link /carriers/acmee/: no such page or file in the build (see guide/index.html)"},
		{"no page", "", nil, nil,
			"guide/index.html: link /carriers/acmee/: no such page or file in the build"},
	} {
		b := broken
		if tc.href != "" {
			b.Href = tc.href
		}
		Locate(&b, tc.page, tc.fsys, "/portal/")
		if got := b.Diagnostic().Error(); got != tc.want {
			t.Errorf("%s: Locate, then Diagnostic() = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestFilesAndList(t *testing.T) {
	files := map[string]string{
		"index.html":       `<a href="/nowhere/">x</a>`,
		"guide/index.html": `<a href="/nowhere/">x</a><a href="/nowhere/">again</a><a href="/">home</a>`,
		"style.css":        `a[href="/nowhere/"] {}`,
	}
	order := []string{"index.html", "guide/index.html", "style.css"}
	outputs := func(yield func(string, []byte) bool) {
		for _, p := range order {
			if !yield(p, []byte(files[p])) {
				return
			}
		}
	}
	pages := []Page{{File: "guide/index.html", URL: "/guide/", Kind: "page"}}
	got := List(Files(outputs, pages, "/")).Format(0)
	want := "index.html: link /nowhere/: no such page or file in the build\n" +
		"templates/page.html: on page /guide/: link /nowhere/: no such page or file in the build (see guide/index.html)\n"
	if got != want {
		t.Errorf("List(Files(...)) =\n%swant\n%s", got, want)
	}
}

// TestTable: a table gives back each page's references and ids as Scan
// reads them, and keeps a reference shared by pages once.
func TestTable(t *testing.T) {
	pagesHTML := map[string]string{
		"a/index.html": `<a href="/nav/">n</a><h2 id="lots">x</h2><a href="/q?a=1&amp;b=2"><a href="#lots">`,
		"b/index.html": `<a href="/nav/">n</a><h2 id="lots">y</h2><img src="/b.png">`,
		"c/index.html": `<p>no links</p>`,
	}
	tab := NewTable()
	for f, page := range pagesHTML {
		tab.Add(f, []byte(page))
	}
	ids := tab.IDs()
	for f, page := range pagesHTML {
		want := Scan([]byte(page))
		refs, ok := tab.Refs(f)
		if !ok || !slices.Equal(refs, want.Refs) || !maps.Equal(ids[f], want.IDs) {
			t.Errorf("%s: table has refs %q (%t), ids %v; Scan reads %q, %v", f, refs, ok, ids[f], want.Refs, want.IDs)
		}
	}
	if _, ok := tab.Refs("d/index.html"); ok {
		t.Error("Refs of a page never added: ok = true, want false")
	}
	if len(tab.refs) != 4 {
		t.Errorf("the table keeps %d references, want 4 (each distinct one once): %q", len(tab.refs), tab.refs)
	}
}

// TestPagesChecksSharedRefs: a reference on many pages is reported on
// each page it breaks on, at that page, whether its verdict holds on
// every page (root-absolute) or depends on the page (relative).
func TestPagesChecksSharedRefs(t *testing.T) {
	pagesHTML := map[string]string{
		"a/index.html":   `<a href="/gone/"><a href="../b/"><a href="/b/#x">`,
		"b/index.html":   `<a href="/gone/"><a href="../b/"><h2 id="x">`,
		"a/c/index.html": `<a href="/gone/"><a href="../b/"><a href="/b/#y">`,
	}
	tab := NewTable()
	var plan []Page
	for _, f := range slices.Sorted(maps.Keys(pagesHTML)) {
		tab.Add(f, []byte(pagesHTML[f]))
		plan = append(plan, Page{File: f})
	}
	c := &Checker{Exists: func(f string) bool { _, ok := pagesHTML[f]; return ok }, IDs: tab.IDs(), BasePath: "/"}
	var got []string
	for _, b := range Pages(c, plan, nil, tab, nil) {
		got = append(got, b.From+": "+b.Message())
	}
	want := []string{
		"a/c/index.html: link /gone/: no such page or file in the build",
		"a/c/index.html: link /a/b/: no such page or file in the build",
		`a/c/index.html: link /b/#y: no element with id "y" on b/index.html`,
		"a/index.html: link /gone/: no such page or file in the build",
		"b/index.html: link /gone/: no such page or file in the build",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Pages reported\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

// TestPagesInOrderOnEveryCPU: with enough pages to be checked on several
// goroutines, Pages reports what one goroutine checking them in order
// reports, in the same order.
func TestPagesInOrderOnEveryCPU(t *testing.T) {
	tab := NewTable()
	var plan []Page
	exists := map[string]bool{}
	for i := range 3000 {
		f := fmt.Sprintf("p/%04d/index.html", i)
		exists[f] = true
		html := fmt.Sprintf(`<a href="/p/%04d/"><a href="../%04d/">`, (i+1)%3000, i+7)
		if i%13 == 0 {
			html += `<a href="/gone/">`
		}
		tab.Add(f, []byte(html))
		plan = append(plan, Page{File: f})
	}
	c := &Checker{Exists: func(f string) bool { return exists[f] }, IDs: tab.IDs(), BasePath: "/"}
	got, want := Pages(c, plan, nil, tab, nil), checkPages(c, plan, nil, tab, nil)
	if len(want) < 200 || !slices.EqualFunc(got, want, func(a, b Broken) bool { return a.From == b.From && a.Message() == b.Message() }) {
		t.Errorf("Pages reported %d broken links, one goroutine %d (want the same, over 200, in order)", len(got), len(want))
	}
}

// TestAppendPage: the table keeps a page's links as written, while the
// page is appended with them relative to its file, or as it was when not.
func TestAppendPage(t *testing.T) {
	tab := NewTable()
	page := `<a href="/nav/" id="top"><a href="#top">`
	for _, tc := range []struct {
		file     string
		relative bool
		want     string
	}{
		{"a/b/index.html", true, `<a href="../../nav/" id="top"><a href="#top">`},
		{"404.html", false, page},
	} {
		got := string(tab.AppendPage([]byte("<!-- -->"), tc.file, []byte(page), "/", tc.relative))
		refs, _ := tab.Refs(tc.file)
		if got != "<!-- -->"+tc.want || !slices.Equal(refs, []string{"/nav/", "#top"}) || !tab.IDs()[tc.file]["top"] {
			t.Errorf("AppendPage(%q, relative %t) = %q with refs %q, ids %v; want %q, refs [/nav/ #top], ids [top]", tc.file, tc.relative, got, refs, tab.IDs()[tc.file], "<!-- -->"+tc.want)
		}
	}
}

// TestSettlingChecksAsPlain: a table that settles the links to planned
// pages as it adds them reports what a table that keeps every link
// reports, under a base path and at the root, and keeps only the links
// it could not settle: those to planned pages, plain ones off the site
// and those to an id of their own page are settled.
func TestSettlingChecksAsPlain(t *testing.T) {
	for _, base := range []string{"/portal/", "/"} {
		b := strings.TrimSuffix(base, "/")
		planned := map[string]bool{"/": true, "/a/": true, "/b/": true, "/a/c/": true, "/x.html": true}
		pagesHTML := map[string]string{
			"a/index.html":   fmt.Sprintf(`<a href="%[1]s/b/"><a href="%[1]s/b/#x"><a href="%[1]s/b/#y"><a href="%[1]s/gone/"><a href="%[1]s/b"><a href="../b/"><a href="#top"><h2 id="top"><a href="#nowhere"><a href="#top&amp;"><a href="https://example.org/a/"><a href="https://example.org/?q=1"><a href="https://example.org/?q=1&amp;r"><a href="https://[bad/">`, b),
			"b/index.html":   fmt.Sprintf(`<a href="%[1]s/"><a href="%[1]s/a/c/"><a href="%[1]s/b/?q=1"><a href="%[1]s/b/%%7e"><a href="%[1]s/a/&amp;"><a href="https://example.org/"><a href="%[1]s/x.html"><h2 id="x">`, b),
			"a/c/index.html": fmt.Sprintf(`<a href="%[1]s/a/./c/"><a href="%[1]s/a/c/../"><a href="/elsewhere/"><img src="%[1]s/style.css"><a href="%[1]s/a/ c/">`, b),
			"x.html":         fmt.Sprintf(`<a href="%[1]s/a/c/">`, b),
			"index.html":     `<a href="">`,
		}
		exists := map[string]bool{"style.css": true}
		for f := range pagesHTML {
			exists[f] = true
		}
		plain, settling := NewTable(), Settling(planned, base)
		var plan []Page
		for _, f := range slices.Sorted(maps.Keys(pagesHTML)) {
			plain.AppendPage(nil, f, []byte(pagesHTML[f]), base, true)
			settling.AppendPage(nil, f, []byte(pagesHTML[f]), base, true)
			plan = append(plan, Page{File: f})
		}
		report := func(tab *Table) []string {
			c := &Checker{Exists: func(f string) bool { return exists[f] }, IDs: tab.IDs(), BasePath: base}
			var out []string
			for _, bad := range Pages(c, plan, nil, tab, nil) {
				out = append(out, bad.From+": "+bad.Message())
			}
			return out
		}
		got, want := report(settling), report(plain)
		if !slices.Equal(got, want) || len(want) < 4 {
			t.Errorf("base %s: the settling table reports\n%s\nthe plain table\n%s", base, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
		refs, _ := settling.Refs("a/index.html")
		if wantRefs := []string{b + "/b/#x", b + "/b/#y", b + "/gone/", b + "/b", "../b/", "#nowhere", "#top&", "https://example.org/?q=1&r", "https://[bad/"}; !slices.Equal(refs, wantRefs) {
			t.Errorf("base %s: the settling table keeps %q of a/index.html, want %q (all but the plain links to a planned page, off the site and to the page's own id)", base, refs, wantRefs)
		}
	}
}

// TestSettledBytes: a link with any byte that needs the check's parse
// (white space or a control, #, ?, %, &, a backslash) is never settled,
// even to a planned page; any other byte leaves it so.
func TestSettledBytes(t *testing.T) {
	for c := range 256 {
		p := "/a" + string(rune(c)) + "/"
		if c >= 0x80 {
			p = "/a" + string([]byte{byte(c)}) + "/"
		}
		tab := Settling(map[string]bool{p: true}, "/portal/")
		want := !(c <= ' ' || c == 0x7f || c == '#' || c == '?' || c == '%' || c == '&' || c == '\\')
		if got := tab.settled([]byte("/portal"+p), nil); got != want {
			t.Errorf("settled(%q) = %v, want %v", "/portal"+p, got, want)
		}
	}
}

// TestSettledWithPlainPaths: a table whose base path and planned paths are
// all plain settles a link by the plan alone; one planned path or a base
// path that is not plain makes it read each link's bytes, as before.
func TestSettledWithPlainPaths(t *testing.T) {
	for _, tc := range []struct {
		base    string
		planned []string
		ref     string
		want    bool
	}{
		{"/portal/", []string{"/a/", "/b/"}, "/portal/a/", true},
		{"/portal/", []string{"/a/", "/b/"}, "/portal/c/", false},
		{"/portal/", []string{"/a/", "/a%20b/"}, "/portal/a%20b/", false},
		{"/portal/", []string{"/a/", "/a%20b/"}, "/portal/a/", true},
		{"/a b/", []string{"/a/"}, "/a b/a/", false},
		{"/", []string{"/a/"}, "/a/", true},
		{"/", []string{"/a/"}, "/a/#x", false},
	} {
		planned := map[string]bool{}
		for _, p := range tc.planned {
			planned[p] = true
		}
		if got := Settling(planned, tc.base).settled([]byte(tc.ref), nil); got != tc.want {
			t.Errorf("base %q, planned %q: settled(%q) = %v, want %v", tc.base, tc.planned, tc.ref, got, tc.want)
		}
	}
}
