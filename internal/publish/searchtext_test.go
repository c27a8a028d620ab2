package publish

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/pages"
)

func TestPlainText(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ in, want string }{
		{"<p>USPS calls it a <em>reverse auction</em>.</p>", "USPS calls it a reverse auction."},
		{"<h2>Shares</h2>\n<p>A &amp; B</p>", "Shares A & B"},
		{`<figure><svg class="chart"><title>Share</title><text>Amazon</text></svg><figcaption>Who won</figcaption></figure>`, "Who won"},
	} {
		if got := plainText(template.HTML(tc.in), 100); got != tc.want {
			t.Errorf("plainText(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

// TestPlainTextStopsEarly checks that the text plainText stops reading
// at clips as the whole text does, where words end in spaces that are
// several bytes long (U+00A0, U+3000) and in characters that are not
// spaces.
func TestPlainTextStopsEarly(t *testing.T) {
	t.Parallel()
	pieces := []string{"word", " ", "\u00a0", "\u3000", "é", "<em>x</em>", "</p><p>", "\n\n", "ab", "<svg><text>chart</text></svg>"}
	for seed := range 50 {
		var h strings.Builder
		for i := range 300 {
			h.WriteString(pieces[(seed*7+i*i*13+i*seed)%len(pieces)])
		}
		whole := plainText(template.HTML(h.String()), math.MaxInt/2)
		for n := 1; n < len(whole)+2; n += 1 + seed%5 {
			if got, want := clip(plainText(template.HTML(h.String()), n), n), clip(whole, n); got != want {
				t.Fatalf("seed %d, n %d: clip of the early text %q, of the whole text %q", seed, n, got, want)
			}
		}
	}
}

func TestClip(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"short", 10, "short"},
		{"the reverse auction opens", 20, "the reverse auction"},
		{"Díaz Díaz Díaz", 6, "Díaz"},
		{"ééééé", 3, "é"},
	} {
		if got := clip(tc.in, tc.n); got != tc.want {
			t.Errorf("clip(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// TestSearchTextBudget gives the index more written text than it takes:
// each page gives at most searchTextPerPage bytes, the index at most
// searchTextTotal, and the newest updates are the ones that keep theirs.
func TestSearchTextBudget(t *testing.T) {
	t.Parallel()
	words := strings.Repeat("word ", searchTextPerPage) // 5× the page budget
	n := 2*searchTextTotal/searchTextPerPage + 10
	var plan []*pages.Page
	for i := range n {
		d := dataset.DateOf(dataset.MustDate("2020-01-01").Time().AddDate(0, 0, i))
		cp := &content.Page{}
		cp.Date = d
		u := &pages.Update{Page: cp}
		plan = append(plan, &pages.Page{Kind: "update", URL: fmt.Sprintf("/updates/u%05d/", i), Entity: u, Content: template.HTML("<p>" + words + "</p>")})
	}
	texts := searchTexts(plan)
	total := 0
	for url, x := range texts {
		if len(x) > searchTextPerPage {
			t.Errorf("%s gives %d bytes of text, want at most %d", url, len(x), searchTextPerPage)
		}
		total += len(x)
	}
	if total > searchTextTotal {
		t.Errorf("the index holds %d bytes of text, want at most %d", total, searchTextTotal)
	}
	if newest := fmt.Sprintf("/updates/u%05d/", n-1); texts[newest] == "" {
		t.Errorf("the newest update %s has no text in the index", newest)
	}
	if texts["/updates/u00000/"] != "" {
		t.Errorf("the oldest update has text although the budget ran out on newer ones")
	}
}

// plainTextTagName is plainText as it was, reading names with
// Tokenizer.TagName: the oracle for tagName.
func plainTextTagName(h template.HTML, n int) string {
	z := html.NewTokenizer(strings.NewReader(string(h)))
	var b strings.Builder
	skip, certain := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return strings.Join(strings.Fields(b.String()), " ")
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			switch string(name) {
			case "svg", "script", "style":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case "a", "em", "strong", "code", "span", "time", "abbr", "b", "i", "sub", "sup", "small":
				continue
			}
			b.WriteByte(' ')
		case html.TextToken:
			if skip == 0 {
				text := bytes.TrimRight(z.Text(), "\x00")
				b.Write(text)
				for _, c := range text {
					if c > ' ' && c < 0x7f {
						certain++
					}
				}
			}
			if certain > n+utf8.UTFMax {
				return strings.Join(strings.Fields(b.String()), " ")
			}
		}
	}
}

func FuzzPlainTextTagNames(f *testing.F) {
	for _, s := range []string{
		"<p>A <EM>b</EM> c</p><SVG viewBox=0><text>x</text></SVG>d", "<a\thref=x>y</a\n>z<Script>s</script >w",
		"<strongest>x</strongest><i/>j<span/>k<s\x00vg>l</s\x00vg>", "<style>p{}</style>q<b >r</ b>",
		// as goldmark writes a body: plainText reads these without the tokenizer
		"<h2 id=\"a-b\">A &amp; B</h2>\n<p>Text with <a href=\"/x/\">a link</a> and <code>code</code>.</p>\n<ul>\n<li><input checked=\"\" disabled=\"\" type=\"checkbox\"> done</li>\n</ul>\n<hr>\n<br />",
		"<table>\n<thead>\n<tr>\n<th class=\"num\" scope=\"col\">n</th>\n</tr>\n</thead>\n</table><svg viewBox=\"0 0 1 1\"><text>x</text></svg>y<svg/>z",
		"<plaintext>a<b>c", "<PlainText>a", "<p>a < b &lt; c</p>", "<!-- c --><p>x</p>", "<p a=b>x</p>", "<p a='b'>x</p>", "<p\ta=\"b\">x</p>",
	} {
		f.Add(s, 50)
	}
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n < 0 || n > 1<<20 {
			return
		}
		if got, want := plainText(template.HTML(s), n), plainTextTagName(template.HTML(s), n); got != want {
			t.Errorf("%q: %q, want %q", s, got, want)
		}
	})
}

// collapseSpace is strings.Fields joined by single spaces, on ASCII and
// Unicode white space, invalid UTF-8 and none.
func TestCollapseSpace(t *testing.T) {
	for _, s := range []string{"", " ", "a", " a ", "a  b\tc\n", "\u00a0a\u2003b\u3000", "a\xffb \xff", "\x85x\u0085y", "  \v\f\r  z", "é è"} {
		if got, want := collapseSpace(s), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace(%q) = %q, want %q", s, got, want)
		}
		if got, want := collapseSpace([]byte(s)), strings.Join(strings.Fields(s), " "); got != want {
			t.Errorf("collapseSpace([]byte(%q)) = %q, want %q", s, got, want)
		}
	}
}

// A body as goldmark renders it is read without the tokenizer, to the
// same text; a comment is left to the tokenizer.
func TestPlainTextPlainReadsGoldmark(t *testing.T) {
	var buf bytes.Buffer
	src := "## A & B\n\nText with [a link](/x/) and `code`, *em* and **strong**.\n\n> A quote\n\n- [x] done\n- item\n\n| a | b |\n|---|--:|\n| 1 | 2 |\n\n---\n\nLast line  \nbreak.\n"
	if err := content.NewMarkdown(content.Options{}).Convert([]byte(src), &buf); err != nil {
		t.Fatal(err)
	}
	got, ok := plainTextPlain(buf.String(), 1000)
	if !ok {
		t.Fatalf("goldmark's HTML is left to the tokenizer:\n%s", buf.String())
	}
	if want := plainTextTagName(template.HTML(buf.String()), 1000); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, ok := plainTextPlain("<p>a</p><!-- b -->", 1000); ok {
		t.Error("a comment is read without the tokenizer")
	}
}
