package links

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"
)

func TestRelative(t *testing.T) {
	for _, tc := range []struct {
		name, file, base, in, want string
	}{
		{"root page", "index.html", "/", `<a href="/carriers/">`, `<a href="carriers/">`},
		{"root page to itself", "index.html", "/", `<a href="/">`, `<a href="./">`},
		{"root page to a fragment", "index.html", "/", `<a href="/#lots">`, `<a href="./#lots">`},
		{"two deep", "carriers/amazon/index.html", "/", `<link href="/style.1.css"><a href="/">`, `<link href="../../style.1.css"><a href="../../">`},
		{"under a base path", "carriers/index.html", "/portal/", `<a href="/portal/data/x.csv">`, `<a href="../data/x.csv">`},
		{"editor's link without the base path", "about/index.html", "/portal/", `<a href="/carriers/">`, `<a href="../carriers/">`},
		{"src, action and data attributes", "search/index.html", "/", `<img src="/a.png"><form action="/search/" data-index="/search/index.json">`,
			`<img src="../a.png"><form action="../search/" data-index="../search/index.json">`},
		{"absolute and protocol-relative stay", "a/index.html", "/", `<a href="https://x.org/"><a href="//cdn/x">`, `<a href="https://x.org/"><a href="//cdn/x">`},
		{"relative and fragments stay", "a/index.html", "/", `<a href="../b/"><a href="#top">`, `<a href="../b/"><a href="#top">`},
		{"other attributes stay", "a/index.html", "/", `<meta content="/x"><a title="/x" xhref="/x">`, `<meta content="/x"><a title="/x" xhref="/x">`},
		{"escaped quotes in text stay", "a/index.html", "/", `<p>href=&#34;/x&#34;</p>`, `<p>href=&#34;/x&#34;</p>`},
		{"a stray =\" in raw HTML text", "a/index.html", "/", `<pre><code>a="</code></pre><a href="/carriers/">`, `<pre><code>a="</code></pre><a href="../carriers/">`},
		{"a stray attribute-like =\" in text", "a/index.html", "/", `<p>set x="</p><a class="c" href="/c/">`, `<p>set x="</p><a class="c" href="../c/">`},
		{"several on one line", "a/b/index.html", "/", `<a href="/x/">x</a> <a href="/y/">y</a>`, `<a href="../../x/">x</a> <a href="../../y/">y</a>`},
	} {
		if got := string(Relative([]byte(tc.in), tc.file, tc.base, nil)); got != tc.want {
			t.Errorf("%s: Relative(%q, %q, %q) = %q, want %q", tc.name, tc.in, tc.file, tc.base, got, tc.want)
		}
		// AppendRelative writes the same after what dst holds, into
		// dst's memory when it has room, rewritten or not.
		for _, dst := range [][]byte{nil, []byte("<!---->"), make([]byte, 0, 4096)} {
			prefix := string(dst)
			got := AppendRelative(dst, []byte(tc.in), tc.file, tc.base, nil)
			if string(got) != prefix+tc.want {
				t.Errorf("%s: AppendRelative(%q, %q) = %q, want %q", tc.name, prefix, tc.in, got, prefix+tc.want)
			}
			if cap(dst) == 4096 && &got[:1][0] != &dst[:1][0] {
				t.Errorf("%s: AppendRelative did not write into dst's memory", tc.name)
			}
		}
	}
}

// TestRelativeFindsLinks: in the pass that rewrites them, Relative finds
// the links and ids of a page as Links does: as written, not rewritten.
func TestRelativeFindsLinks(t *testing.T) {
	page := `<a href="/x/" id="top">x</a><img src="/a.png"><form action="/s/"><a title="/t" href="#top"><p>href=&#34;/no&#34;</p><a href="https://x.org/">`
	want := []string{"link /x/", "id top", "link /a.png", "link #top", "link https://x.org/"}
	var got, scanned []string
	record := func(to *[]string) func(bool, []byte) {
		return func(id bool, value []byte) {
			kind := "link "
			if id {
				kind = "id "
			}
			*to = append(*to, kind+string(value))
		}
	}
	Relative([]byte(page), "a/index.html", "/", record(&got))
	Find([]byte(page), record(&scanned))
	if !slices.Equal(got, want) || !slices.Equal(scanned, want) {
		t.Errorf("Relative found %q, Links %q, want %q", got, scanned, want)
	}
}

// attrsBefore is attrs as it was before it looked for = alone and picked
// a name by its last letter: the oracle FuzzAttrs checks it against.
func attrsBefore(dst, page []byte, up, basePath string, rewrite bool, found func(id bool, value []byte)) []byte {
	out, rewritten := dst, false
	last := 0
	for i := 0; ; {
		j := bytes.Index(page[i:], []byte(`="`))
		if j < 0 {
			break
		}
		j += i
		i = j + 2
		n := j
		for n > 0 && (page[n-1] >= 'a' && page[n-1] <= 'z' || page[n-1] == '-') {
			n--
		}
		if n == 0 || n == j || !strings.ContainsRune(" \n\t\r\f", rune(page[n-1])) {
			continue
		}
		name := page[n:j]
		switch string(name) {
		case "href", "src", "id", "action", "data-index", "data-root":
		default:
			continue
		}
		end := bytes.IndexByte(page[i:], '"')
		if end < 0 {
			break
		}
		i += end
		value := page[j+2 : i]
		switch string(name) {
		case "href", "src":
			if found != nil {
				found(false, value)
			}
		case "id":
			if found != nil {
				found(true, value)
			}
			continue
		}
		if !rewrite || len(value) == 0 || value[0] != '/' || len(value) > 1 && value[1] == '/' {
			continue
		}
		if !rewritten {
			out, rewritten = slices.Grow(out, len(page)+len(page)/8), true
		}
		out = append(out, page[last:j+2]...)
		out = appendRelative(out, up, value, basePath)
		last = i
	}
	switch {
	case rewritten:
		return append(out, page[last:]...)
	case dst == nil:
		return page
	}
	return append(dst, page...)
}

// FuzzAttrs: attrs rewrites and finds what it did before it was made
// faster, on any bytes.
func FuzzAttrs(f *testing.F) {
	f.Add([]byte(`<a href="/x/" id="top">x</a><img src="/a.png"><form action="/s/" data-index="/i.json" data-root="/"><a title="/t" xhref="/y" href="#top">`), "a/b/index.html", "/")
	f.Add([]byte("<p>a=\"b</p>\n<a\thref=\"/c/\"\fid=\"d\"><x ==\"/e\" =\"/f\" -href=\"/g\" data-href=\"/h\">"), "index.html", "/portal/")
	f.Add([]byte(`href="/x" src="/y"`), "x/index.html", "/")
	f.Fuzz(func(t *testing.T, page []byte, file, basePath string) {
		record := func(to *[]string) func(bool, []byte) {
			return func(id bool, value []byte) { *to = append(*to, fmt.Sprint(id, string(value))) }
		}
		var got, want []string
		up := Up(file)
		gotOut := attrs([]byte("<>"), page, up, basePath, true, record(&got))
		wantOut := attrsBefore([]byte("<>"), page, up, basePath, true, record(&want))
		if !bytes.Equal(gotOut, wantOut) || !slices.Equal(got, want) {
			t.Errorf("attrs(%q) = %q, found %q; before it was %q, found %q", page, gotOut, got, wantOut, want)
		}
	})
}
