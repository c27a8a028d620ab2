package render

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/render/cells"
)

func TestPartialCached(t *testing.T) {
	fsys := fstest.MapFS{
		"t/base.html":           {Data: []byte(`{{define "base"}}{{template "main" .}}{{end}}`)},
		"t/partials/note.html":  {Data: []byte(`{{define "note"}}<b>{{.}}</b>{{end}}`)},
		"t/page.html":           {Data: []byte(`{{define "main"}}{{partialCached "note" "k" .}}|{{partialCached "note" . .}}|{{partialCached "other" "k" .}}{{end}}`)},
		"t/partials/other.html": {Data: []byte(`{{define "other"}}x{{.}}{{end}}`)},
	}
	tm, run := parsePage(t, fsys)
	if got := run("one"); got != "<b>one</b>|<b>one</b>|xone" {
		t.Errorf("first run = %q", got)
	}
	// Same key "k": the cached output, although the data changed; the
	// second call is keyed by the data itself. Another partial's "k" is
	// its own.
	if got := run("<two>"); got != "<b>one</b>|<b>&lt;two&gt;</b>|xone" {
		t.Errorf("second run = %q, want the cached first partial", got)
	}
	tm.Reset()
	if got := run("three"); !strings.HasPrefix(got, "<b>three</b>") {
		t.Errorf("after Reset = %q, want it executed again", got)
	}
}

// A lot links to the page of its auction's lots table that lists it: the
// auction page for the first PerPage lots, continuation pages after.
func TestLotLinksFindTheirPage(t *testing.T) {
	env := &Env{BasePath: "/portal/"}
	for _, tc := range []struct {
		index int
		want  string
	}{
		{0, "/portal/auctions/a1/#lot-L"},
		{model.PerPage - 1, "/portal/auctions/a1/#lot-L"},
		{model.PerPage, "/portal/auctions/a1/lots/page/2/#lot-L"},
		{5*model.PerPage + 3, "/portal/auctions/a1/lots/page/6/#lot-L"},
	} {
		l := &model.Lot{Result: &dataset.Result{}, Index: tc.index}
		l.AuctionID, l.LotID = "a1", "L"
		if got, err := env.Link(l); err != nil || got != tc.want {
			t.Errorf("lot %d: Link = %q, %v; want %q", tc.index, got, err, tc.want)
		}
	}
}

// Templates parsed with a Minifier render minified pages: the markup the
// templates write is minified once, the values they insert are escaped
// as ever.
func TestParseMinified(t *testing.T) {
	fsys := fstest.MapFS{
		"t/base.html": {Data: []byte("{{define \"base\"}}<!DOCTYPE html>\n<html>\n  <body>\n    {{template \"main\" .}}\n  </body>\n</html>\n{{end}}")},
		"t/page.html": {Data: []byte("{{define \"main\"}}\n<ul>\n  <li  class=\"a\">  {{.}}  </li>\n  <!-- a note -->\n</ul>\n{{end}}")},
	}
	tm, errs := Parse(fsys, "t", "templates", &Env{BasePath: "/"}, NewMinifier())
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	var b bytes.Buffer
	if err := tm.Execute(&b, "page", "<x>"); err != nil {
		t.Fatal(err)
	}
	want := `<!doctype html><html><body><ul><li class="a">&lt;x&gt;</li></ul></body></html>`
	if got := b.String(); got != want {
		t.Errorf("Execute = %q, want %q", got, want)
	}
}

// TestTemplateCommentsDoNotStopMinifying: a comment's apostrophe, with
// or without trim markers, leaves the rest of the template minified.
func TestTemplateCommentsDoNotStopMinifying(t *testing.T) {
	t.Parallel()
	mn := NewMinifier()
	for _, src := range []string{
		"{{/* it's a note */}}<ul>\n  <li>  {{.}}  </li>\n</ul>",
		"{{- /* the editor's\nnote */ -}}\n<ul>\n  <li>  {{.}}  </li>\n</ul>",
	} {
		out, err := mn.Template([]byte(src))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(out), "\n") || strings.Contains(string(out), "'") {
			t.Errorf("Template(%q) = %q: not minified after the comment", src, out)
		}
	}
}

// A document title fits in MaxTitle characters as the page writes it,
// escapes included.
func TestDocTitle(t *testing.T) {
	for _, tc := range []struct{ title, want string }{
		{"Carriers", "Carriers · Postal Access Portal"},
		{"A title far too long to fit beside the name of the site in a browser tab", "A title far too long to fit beside the name of … site in a browser tab"},
		{"Priority Mail & USPS Ground Advantage contract (number not captured)", "Priority Mail & USPS Ground Advantage … (number not captured)"},
	} {
		got := DocTitle(tc.title, "Postal Access Portal")
		if got != tc.want || titleLen(got) > MaxTitle {
			t.Errorf("DocTitle(%q) = %q (%d as written), want %q", tc.title, got, titleLen(got), tc.want)
		}
	}
}

// partialCached keys a pointer by the value it points to and a struct by
// its fields: equal values share one output, different ones do not.
func TestPartialCachedKeysByValue(t *testing.T) {
	type step struct{ Title, URL string }
	fsys := fstest.MapFS{
		"t/base.html":          {Data: []byte(`{{define "base"}}{{template "main" .}}{{end}}`)},
		"t/partials/note.html": {Data: []byte(`{{define "note"}}<b>{{.Title}}</b>{{end}}`)},
		"t/page.html":          {Data: []byte(`{{define "main"}}{{partialCached "note" . .}}{{end}}`)},
	}
	tm, run := parsePage(t, fsys)
	for _, c := range []struct {
		data any
		want string
	}{
		{&step{"a", "/a/"}, "<b>a</b>"},
		{&step{"a", "/a/"}, "<b>a</b>"}, // another pointer, the same value
		{&step{"b", "/a/"}, "<b>b</b>"},
		{step{"c", "/c/"}, "<b>c</b>"},
		{step{"c", "/c/"}, "<b>c</b>"},
		{step{"c", "/d/"}, "<b>c</b>"},
	} {
		if got := run(c.data); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.data, got, c.want)
		}
	}
	if n := cacheLen(tm); n != 4 {
		t.Errorf("%d outputs cached, want 4: one per distinct value", n)
	}
}

func cacheLen(tm *Templates) int {
	n := 0
	for _, c := range tm.cache {
		c.Range(func(any, any) bool { n++; return true })
	}
	return n
}

// parsePage parses the templates in fsys's folder t, and returns them
// with a function that renders the kind "page" with data.
func parsePage(t *testing.T, fsys fstest.MapFS) (*Templates, func(any) string) {
	t.Helper()
	tm, errs := Parse(fsys, "t", "templates", &Env{BasePath: "/"}, nil)
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	return tm, func(data any) string {
		var b bytes.Buffer
		if err := tm.Execute(&b, "page", data); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
}

// TestURL: a site path is joined to the base path with one slash, at the
// root and below it; absolute addresses stay as they are.
func TestURL(t *testing.T) {
	for _, tc := range []struct{ base, p, want string }{
		{"/", "/carriers/", "/carriers/"},
		{"/", "carriers/", "/carriers/"},
		{"", "/carriers/", "/carriers/"},
		{"/", "/", "/"},
		{"/portal/", "/carriers/", "/portal/carriers/"},
		{"/portal", "carriers/", "/portal/carriers/"},
		{"/portal/", "/", "/portal/"},
		{"/portal/", "https://www.prc.gov/", "https://www.prc.gov/"},
		{"/", "http://x.org/a", "http://x.org/a"},
	} {
		if got := (&Env{BasePath: tc.base}).URL(tc.p); got != tc.want {
			t.Errorf("URL(%q) under %q = %q, want %q", tc.p, tc.base, got, tc.want)
		}
	}
}

// TestLinkIsURLOfThePagePath: an entity's link is its page's site path
// under the base path, as url makes it, at the root and below it.
func TestLinkIsURLOfThePagePath(t *testing.T) {
	c, f, a, au, st := &model.Carrier{Carrier: &dataset.Carrier{}}, &model.Facility{Facility: &dataset.Facility{}}, &model.Agreement{Agreement: &dataset.Agreement{}}, &model.Auction{Auction: &dataset.Auction{}}, &model.State{Slug: "tx"}
	c.ID, f.ID, a.ID, au.ID = "acme", "dallas-ndc", "mc2024-1", "a-2025"
	for _, base := range []string{"/", "", "/portal/", "/portal"} {
		env := &Env{BasePath: base}
		for v, p := range map[any]string{c: "/carriers/acme/", f: "/facilities/dallas-ndc/", a: "/agreements/mc2024-1/", au: "/auctions/a-2025/", st: "/states/tx/"} {
			if got, err := env.Link(v); err != nil || got != env.URL(p) {
				t.Errorf("base %q: Link(%T) = %q, %v; want %q", base, v, got, err, env.URL(p))
			}
		}
	}
}

// TestAnchorIsWhatTheTemplateWrites: anchor writes a link to an entity
// as <a href="{{link .}}">{{.}}</a> does (cells.Anchor), for plain
// addresses, which it copies as they are, and for those html/template
// escapes: a base path or an id with a space, a quote, a plus or an
// ampersand, and text that needs escaping.
func TestAnchorIsWhatTheTemplateWrites(t *testing.T) {
	l := &model.Lot{Result: &dataset.Result{}, Index: 3*model.PerPage + 1}
	l.AuctionID, l.LotID = "a1", "L-2"
	for _, id := range []string{"acme", "a b", `a"b`, "a+b", "a&b", "a%zz", "é"} {
		c, f, a, au, st := &model.Carrier{Carrier: &dataset.Carrier{}}, &model.Facility{Facility: &dataset.Facility{}}, &model.Agreement{Agreement: &dataset.Agreement{}}, &model.Auction{Auction: &dataset.Auction{}}, &model.State{Slug: id}
		c.ID, f.ID, a.ID, au.ID = dataset.Slug(id), dataset.Slug(id), dataset.Slug(id), dataset.Slug(id)
		for _, base := range []string{"/", "", "/portal/", "/a b/", "/a'b/", "/x:y/"} {
			env := &Env{BasePath: base}
			for _, v := range []any{c, f, a, au, st, l} {
				for _, text := range []string{"Acme", "<b>&amp;</b>", ""} {
					u, err := env.Link(v)
					if err != nil {
						t.Fatal(err)
					}
					if got, err := env.anchor(v, text); err != nil || got != cells.Anchor(u, text) {
						t.Errorf("base %q, id %q: anchor(%T, %q) = %q, %v; want %q", base, id, v, text, got, err, cells.Anchor(u, text))
					}
				}
			}
		}
	}
	if _, err := (&Env{}).anchor(3, "x"); err == nil {
		t.Error("anchor of a number: no error")
	}
	if u, err := (&Env{BasePath: "/portal/"}).Link(3); err == nil || u != "" {
		t.Errorf("Link of a number = %q, %v; want no address and an error", u, err)
	}
	// The lot's address written out, as the cases above compare anchor
	// with Link, which shares its address.
	if got, err := (&Env{BasePath: "/portal/"}).anchor(l, "L-2"); err != nil || got != `<a href="/portal/auctions/a1/lots/page/4/#lot-L-2">L-2</a>` {
		t.Errorf("anchor of lot %d = %q, %v", l.Index, got, err)
	}
}

// TestPageSetHoldsWhatItRuns: a page kind's template set holds its own
// templates and copies of the layout's and partials' that it runs, from
// base down, and not the others; a template the page defines wins over
// the shared one of that name unless it is empty, and a call to no
// template fails, as with a whole copy of the shared templates.
func TestPageSetHoldsWhatItRuns(t *testing.T) {
	fsys := fstest.MapFS{
		"t/base.html":         {Data: []byte(`{{define "base"}}<title>{{template "title" .}}</title>{{template "main" .}}{{end}}{{define "title"}}Site{{end}}`)},
		"t/partials/a.html":   {Data: []byte(`{{define "a"}}[a{{if .}}{{template "b" .}}{{else}}{{range .}}{{end}}{{end}}]{{end}}`)},
		"t/partials/b.html":   {Data: []byte(`{{define "b"}}[b{{with .}}{{template "c" .}}{{end}}]{{end}}`)},
		"t/partials/c.html":   {Data: []byte(`{{define "c"}}[c]{{end}}`)},
		"t/partials/d.html":   {Data: []byte(`{{define "d"}}[d]{{end}}`)},
		"t/page.html":         {Data: []byte(`{{define "main"}}{{template "a" .}}{{end}}{{define "title"}}Page{{end}}`)},
		"t/empty.html":        {Data: []byte(`{{define "main"}}body{{end}}{{define "title"}} {{/* none */}} {{end}}{{define "nothing"}}{{end}}`)},
		"t/other.html":        {Data: []byte(`{{define "main"}}{{template "d" .}}{{end}}`)},
		"t/missing.html":      {Data: []byte(`{{define "main"}}{{if .}}{{template "nowhere" .}}{{end}}{{end}}`)},
		"t/partials/e.html":   {Data: []byte(`{{define "e"}}{{template "d"}}{{end}}`)},
		"t/partials/x/y.html": {Data: []byte(`{{define "y"}}y{{end}}`)},
	}
	tm, run := parsePage(t, fsys)
	if got, want := run(true), "<title>Page</title>[a[b[c]]]"; got != want {
		t.Errorf("page = %q, want %q", got, want)
	}
	for name, want := range map[string]bool{"base": true, "main": true, "title": true, "a": true, "b": true, "c": true, "d": false, "e": false} {
		if got := tm.kinds["page"].Lookup(name) != nil; got != want {
			t.Errorf("page's set has %q: %v, want %v", name, got, want)
		}
	}
	var b bytes.Buffer
	if err := tm.Execute(&b, "other", nil); err != nil || b.String() != "<title>Site</title>[d]" {
		t.Errorf("other = %q, %v; want the shared title and d", b.String(), err)
	}
	if tm.kinds["other"].Lookup("a") != nil {
		t.Error("other's set has a, which it never runs")
	}
	// A definition with nothing in it does not replace the shared one.
	b.Reset()
	if err := tm.Execute(&b, "empty", nil); err != nil || b.String() != "<title>Site</title>body" {
		t.Errorf("empty = %q, %v; want the shared title kept", b.String(), err)
	}
	if err := tm.Execute(new(bytes.Buffer), "missing", true); err == nil || !strings.Contains(err.Error(), `no such template "nowhere"`) {
		t.Errorf("missing: %v, want an error naming the missing template", err)
	}
}
