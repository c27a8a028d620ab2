package content

import (
	"testing"
)

func TestRender(t *testing.T) {
	tests := []struct {
		name   string
		md     string
		safe   string // output by default
		unsafe string // output with UnsafeHTML; "" means the same as safe
	}{
		{
			name: "table",
			md:   "| carrier | lots |\n|---|--:|\n| UPS | 3 |\n",
			safe: "<table>\n<thead>\n<tr>\n<th scope=\"col\">carrier</th>\n<th class=\"num\" scope=\"col\">lots</th>\n</tr>\n</thead>\n" +
				"<tbody>\n<tr>\n<td>UPS</td>\n<td class=\"num\">3</td>\n</tr>\n</tbody>\n</table>\n",
		},
		{name: "strikethrough", md: "~~exclusive~~ open", safe: "<p><del>exclusive</del> open</p>\n"},
		{
			name: "autolinks",
			md:   "See https://www.prc.gov/dockets and www.usps.com.",
			safe: "<p>See <a href=\"https://www.prc.gov/dockets\">https://www.prc.gov/dockets</a> and <a href=\"http://www.usps.com\">www.usps.com</a>.</p>\n",
		},
		{name: "task list", md: "- [x] filed\n- [ ] approved", safe: "<ul>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\"> filed</li>\n<li><input disabled=\"\" type=\"checkbox\"> approved</li>\n</ul>\n"},
		{
			name: "heading ids",
			md:   "# Bid solicitation\n## Bid solicitation\n## Q&A: 2026 lots\n## Über\n## ---\n## ★",
			safe: "<h1 id=\"bid-solicitation\">Bid solicitation</h1>\n<h2 id=\"bid-solicitation-1\">Bid solicitation</h2>\n" +
				"<h2 id=\"qa-2026-lots\">Q&amp;A: 2026 lots</h2>\n<h2 id=\"ber\">Über</h2>\n<h2 id=\"---\">---</h2>\n<h2 id=\"heading\">★</h2>\n",
		},
		{name: "no XHTML", md: "line  \nbreak", safe: "<p>line<br>\nbreak</p>\n"},
		{
			name:   "inline HTML",
			md:     "a <b>bold</b> move",
			safe:   "<p>a <!-- raw HTML omitted -->bold<!-- raw HTML omitted --> move</p>\n",
			unsafe: "<p>a <b>bold</b> move</p>\n",
		},
		{
			name:   "HTML block",
			md:     "<script>alert(1)</script>\n",
			safe:   "<!-- raw HTML omitted -->\n",
			unsafe: "<script>alert(1)</script>\n",
		},
		{name: "javascript link", md: "[x](javascript:alert(1))", safe: "<p><a href=\"\">x</a></p>\n"},
		{name: "javascript link in capitals", md: "[x](JavaScript:alert(1))", safe: "<p><a href=\"\">x</a></p>\n"},
		{name: "javascript link with an entity", md: "[x](&#106;avascript:alert(1))", safe: "<p><a href=\"\">x</a></p>\n"},
		{name: "javascript reference link", md: "[x]\n\n[x]: javascript:alert(1)", safe: "<p><a href=\"\">x</a></p>\n"},
		{name: "javascript autolink", md: "<javascript:alert(1)>", safe: "<p><a href=\"\">javascript:alert(1)</a></p>\n"},
		{name: "vbscript link", md: "[x](vbscript:msgbox)", safe: "<p><a href=\"\">x</a></p>\n"},
		{name: "data link", md: "[x](data:text/html,<b>)", safe: "<p><a href=\"\">x</a></p>\n"},
		{name: "data image", md: "![chart](data:image/png;base64,AAAA)", safe: "<p><img src=\"data:image/png;base64,AAAA\" alt=\"chart\"></p>\n"},
		{name: "SVG data image", md: "![chart](data:image/svg+xml,<svg>)", safe: "<p><img src=\"\" alt=\"chart\"></p>\n"},
		{name: "ordinary link", md: "[docket](/agreements/cp2025-123/)", safe: "<p><a href=\"/agreements/cp2025-123/\">docket</a></p>\n"},
	}
	for _, tt := range tests {
		for _, unsafe := range []bool{false, true} {
			want := tt.safe
			if unsafe && tt.unsafe != "" {
				want = tt.unsafe
			}
			p := &Page{File: "a.md", Body: []byte(tt.md)}
			md := NewMarkdown(Options{UnsafeHTML: unsafe})
			got, err := p.Render(md)
			if err != nil {
				t.Fatalf("%s: Render(UnsafeHTML=%v): %v", tt.name, unsafe, err)
			}
			if string(got) != want {
				t.Errorf("%s: Render(%q, UnsafeHTML=%v) =\n%s\nwant:\n%s", tt.name, tt.md, unsafe, got, want)
			}
			again, _ := p.Render(md)
			if again != got {
				t.Errorf("%s: Render(%q) twice gave\n%s\nthen\n%s", tt.name, tt.md, got, again)
			}
		}
	}
}
