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
	if t, ok := plainTextPlain(string(h), n); ok {
		return t
	}
	z := html.NewTokenizer(strings.NewReader(string(h)))
	var st searchText
	var lower [8]byte
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return st.String()
		case html.StartTagToken, html.EndTagToken, html.SelfClosingTagToken:
			st.tag(tagName(z.Raw(), &lower), tt == html.StartTagToken, tt == html.EndTagToken)
		case html.TextToken:
			if addText(&st, bytes.TrimRight(z.Text(), "\x00")); st.enough(n) {
				return st.String()
			}
		}
	}
}

// searchText is a body's search text as plainText collects it from its
// text and tags, by either way of reading the body.
type searchText struct {
	b       []byte
	skip    int // inside a chart, script or style: its text is left out
	certain int // the printable ASCII bytes taken (see plainText)
}

// addText takes the text of a text token, unescaped, unless st is inside
// an element whose text it leaves out.
func addText[T string | []byte](st *searchText, text T) {
	if st.skip > 0 {
		return
	}
	st.b = append(st.b, text...)
	for j := 0; j < len(text); j++ {
		if c := text[j]; c > ' ' && c < 0x7f {
			st.certain++
		}
	}
}

// enough reports whether st has more than n bytes of text for certain.
func (st *searchText) enough(n int) bool { return st.certain > n+utf8.UTFMax }

// tag takes a tag named name (lower case), a start tag (not closed by
// "/>"), an end tag, or neither (one closed by "/>"): a break between
// words, but for inline elements, and the text of charts, scripts and
// styles left out.
func (st *searchText) tag(name []byte, start, end bool) {
	switch string(name) {
	case "svg", "script", "style":
		if start {
			st.skip++
		} else if end && st.skip > 0 {
			st.skip--
		}
	case "a", "em", "strong", "code", "span", "time", "abbr", "b", "i", "sub", "sup", "small":
		return // inline: no break between words
	}
	st.b = append(st.b, ' ')
}

// String is the text, its white space collapsed.
func (st *searchText) String() string { return collapseSpace(st.b) }

// plainTextPlain is plainText for HTML as goldmark and the templates
// write it, read without the tokenizer, which read a byte at a time
// through a reader: tags <name attr="value" ...> or </name> with at most
// a "/" before their ">", and text without "<" between them. It reports
// false for anything else (a comment, a doctype, a carriage return, a
// NUL, an element whose text the tokenizer reads raw, a "<" that opens
// no such tag), which plainText reads with the tokenizer.
func plainTextPlain(h string, n int) (string, bool) {
	if strings.IndexByte(h, '\r') >= 0 || strings.IndexByte(h, 0) >= 0 {
		return "", false
	}
	var st searchText
	var lower [8]byte
	for i := 0; i < len(h); {
		// The tag after the text is read first: a "<" that opens none
		// would be in the tokenizer's text.
		text, raw, selfClosing := h[i:], "", false
		if lt := strings.IndexByte(text, '<'); lt >= 0 {
			end, sc, ok := plainTag(h, i+lt)
			if !ok {
				return "", false
			}
			text, raw, selfClosing = text[:lt], h[i+lt:end], sc
		}
		i += len(text) + len(raw)
		if text != "" {
			if st.skip == 0 && strings.IndexByte(text, '&') >= 0 {
				text = html.UnescapeString(text)
			}
			if addText(&st, text); st.enough(n) {
				return st.String(), true
			}
		}
		if raw == "" {
			continue // the text ran to the end
		}
		name := tagName(raw, &lower)
		if name == nil && len(raw) > len("<plaintext") && strings.EqualFold(raw[1:len("<plaintext")], "plaintext") {
			return "", false // longer than lower, and read raw
		}
		switch string(name) {
		case "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript", "plaintext":
			return "", false // the tokenizer reads their text raw
		}
		st.tag(name, raw[1] != '/' && !selfClosing, raw[1] == '/')
	}
	return st.String(), true
}

// plainTag reads the tag at h[i] (a "<") in the form plainTextPlain
// reads: "<" or "</", a name of ASCII letters and digits starting with a
// letter, attributes each a space, a name and perhaps ="value" (a value
// with no double quote), perhaps spaces and a "/", and ">". It returns
// the index past the ">", and whether the tag is a start tag closed by
// "/>" (the tokenizer's SelfClosingTagToken); ok is false for anything
// else.
func plainTag(h string, i int) (end int, selfClosing, ok bool) {
	start := i
	i++ // past <
	if i < len(h) && h[i] == '/' {
		i++
	}
	if i == len(h) || !isLetter(h[i]) {
		return 0, false, false
	}
	for i < len(h) && (isLetter(h[i]) || '0' <= h[i] && h[i] <= '9') {
		i++
	}
	for i < len(h) {
		switch c := h[i]; {
		case c == '>':
			return i + 1, h[start+1] != '/' && h[i-1] == '/', true
		case c == '/':
			if i+1 < len(h) && h[i+1] == '>' {
				i++
				continue
			}
			return 0, false, false
		case c == ' ':
			i++
			if i < len(h) && (h[i] == ' ' || h[i] == '/') {
				continue
			}
			at := i
			for i < len(h) && attrNameByte[h[i]] {
				i++
			}
			if i == at {
				return 0, false, false
			}
			if i < len(h) && h[i] == '=' {
				if i+1 == len(h) || h[i+1] != '"' {
					return 0, false, false
				}
				q := strings.IndexByte(h[i+2:], '"')
				if q < 0 {
					return 0, false, false
				}
				i += 2 + q + 1
			}
		default:
			return 0, false, false
		}
	}
	return 0, false, false
}

func isLetter(c byte) bool { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }

// attrNameByte are the bytes of the attribute names plainTag reads.
var attrNameByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = isLetter(byte(c)) || '0' <= c && c <= '9' || c == '-' || c == '_' || c == ':' || c == '.'
	}
	return t
}()

// collapseSpace is strings.Join(strings.Fields(s), " "), without the
// list of words: the words of every page the search index reads went
// through it, an eighth of the search text's work. It reads the bytes
// the search text collected as they are, not a string copy of them.
func collapseSpace[T string | []byte](s T) string {
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
func pastSpace[T string | []byte](s T, i int, space bool) int {
	for i < len(s) {
		if c := s[i]; c < utf8.RuneSelf {
			if asciiSpace[c] != space {
				return i
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(string(s[i:min(i+utf8.UTFMax, len(s))])) // no copy of s
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
func tagName[T string | []byte](raw T, buf *[8]byte) []byte {
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
