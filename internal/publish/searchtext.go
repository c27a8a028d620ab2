package publish

import (
	"bytes"
	"cmp"
	"html/template"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/html"

	"github.com/postal-access/portal/internal/pages"
)

// The search index carries the words of the pages people write (updates,
// standalone pages and the notes added to entity pages), not only their
// titles, so that a phrase from a story finds it. Each page gives at most
// searchTextPerPage bytes of its text, and the whole index at most
// searchTextTotal: pages first, then updates newest first, then notes,
// until it is spent, so the index stays small however many updates a
// site has.
const (
	searchTextPerPage = 3000
	searchTextTotal   = 2 << 20
)

// searchTexts returns the text each written page gives the search index,
// by URL.
func searchTexts(plan []*pages.Page) map[string]string {
	rank := func(p *pages.Page) int {
		switch {
		case p.Kind == "page":
			return 0
		case p.Kind == "update":
			return 1
		}
		return 2
	}
	var sorted []*pages.Page
	for _, p := range plan {
		if p.Part == "" && p.Content != "" && p.Kind != "updates" {
			sorted = append(sorted, p)
		}
	}
	date := func(p *pages.Page) string {
		if u, ok := p.Entity.(*pages.Update); ok {
			return u.Date.String()
		}
		return ""
	}
	slices.SortStableFunc(sorted, func(a, b *pages.Page) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(date(b), date(a)))
	})
	out := map[string]string{}
	left := searchTextTotal
	for _, p := range sorted {
		if left <= 0 {
			break
		}
		n := min(searchTextPerPage, left)
		t := clip(plainText(p.Content, n), n)
		if t != "" {
			out[p.URL] = t
			left -= len(t)
		}
	}
	return out
}

// plainText is the text of rendered HTML, its white space collapsed,
// without the text of charts (their labels repeat a table's). It stops
// reading once the text has more than n bytes for certain: clip(text, n)
// reads the first n+1 bytes, which are then the whole text's (an
// unfinished character at the end might become a space, so "for certain"
// counts printable ASCII only, and a few more).
func plainText(h template.HTML, n int) string {
	z := html.NewTokenizer(strings.NewReader(string(h)))
	var b strings.Builder
	var lower [8]byte
	skip, certain := 0, 0
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return collapseSpace(b.String())
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			switch string(tagName(z.Raw(), &lower)) {
			case "svg", "script", "style":
				if tt == html.StartTagToken {
					skip++
				} else if tt == html.EndTagToken && skip > 0 {
					skip--
				}
			case "a", "em", "strong", "code", "span", "time", "abbr", "b", "i", "sub", "sup", "small":
				continue // inline: no break between words
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
				return collapseSpace(b.String())
			}
		}
	}
}

// collapseSpace is strings.Join(strings.Fields(s), " "), without the
// list of words: the words of every page the search index reads went
// through it, an eighth of the search text's work.
func collapseSpace(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); {
		i = pastSpace(s, i, true)
		start := i
		i = pastSpace(s, i, false)
		if start < i {
			if len(out) > 0 {
				out = append(out, ' ')
			}
			out = append(out, s[start:i]...)
		}
	}
	return string(out)
}

// pastSpace returns the index in s, from i on, of the first character
// that is not white space (space true) or that is (space false).
func pastSpace(s string, i int, space bool) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiSpace[c] != space {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if unicode.IsSpace(r) != space {
			return i
		}
		i += n
	}
	return i
}

// asciiSpace are the ASCII bytes strings.Fields parts words at.
var asciiSpace = [256]bool{'\t': true, '\n': true, '\v': true, '\f': true, '\r': true, ' ': true}

// tagName is the name of the tag token whose bytes are raw (Tokenizer.Raw),
// lower-cased into buf, as Tokenizer.TagName gives it but without the
// copy TagName makes of every name: the search text reads every tag of
// the text it takes. A name longer than buf is none plainText looks for,
// and comes back empty.
func tagName(raw []byte, buf *[8]byte) []byte {
	i := 1 // past <
	if i < len(raw) && raw[i] == '/' {
		i++
	}
	n := 0
	for ; i < len(raw); i++ {
		c := raw[i]
		switch c {
		case ' ', '\n', '\r', '\t', '\f', '/', '>':
			return buf[:n]
		}
		if n == len(buf) {
			return nil
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return buf[:n]
}

// clip cuts s to at most n bytes, at a word boundary when there is one.
func clip(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	if i := strings.LastIndexByte(s[:cut], ' '); i > n/2 {
		cut = i
	}
	return s[:cut]
}
