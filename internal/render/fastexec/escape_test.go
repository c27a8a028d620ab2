package fastexec

import (
	"bytes"
	"html/template"
	"strings"
	"testing"
	"unicode/utf8"
)

// htmlReplacerRunes is htmlReplacer as html/template writes it, rune by
// rune: the oracle for the byte by byte one.
func htmlReplacerRunes(s string, replacementTable []string) string {
	var b strings.Builder
	written := 0
	r, w := rune(0), 0
	for i := 0; i < len(s); i += w {
		r, w = utf8.DecodeRuneInString(s[i:])
		if int(r) < len(replacementTable) {
			if repl := replacementTable[r]; len(repl) != 0 {
				b.WriteString(s[written:i])
				b.WriteString(repl)
				written = i + w
			}
		}
	}
	b.WriteString(s[written:])
	return b.String()
}

func checkReplace(t *testing.T, s string) {
	t.Helper()
	for _, table := range [][]string{htmlReplacementTable, htmlNormReplacementTable} {
		want := htmlReplacerRunes(s, table)
		if got := htmlReplacer(s, table); got != want {
			t.Errorf("htmlReplacer(%q) = %q, want %q", s, got, want)
		}
		var b bytes.Buffer
		if htmlReplaceTo(&b, s, table); b.String() != want {
			t.Errorf("htmlReplaceTo(%q) = %q, want %q", s, b.String(), want)
		}
	}
}

// TestReplaceEveryByte: the byte by byte replacers write what the rune by
// rune one does, for every byte, alone and in text, and runes and bad
// UTF-8 around the replaced characters.
func TestReplaceEveryByte(t *testing.T) {
	for _, table := range [][]string{htmlReplacementTable, htmlNormReplacementTable} {
		if len(table) > utf8.RuneSelf {
			t.Fatalf("a replacement table has %d entries: the replacers read bytes, so replace ASCII only", len(table))
		}
	}
	for c := range 256 {
		checkReplace(t, string([]byte{byte(c)}))
		checkReplace(t, "a"+string([]byte{byte(c)})+"é<")
	}
	for _, s := range []string{"", "plain", `<a href="x">&'+</a>`, "é<ü>\u2028", "\xff<\xc3", "\xc3\xa9\x00>", "日本<語>"} {
		checkReplace(t, s)
	}
}

func FuzzReplace(f *testing.F) {
	f.Add("<é&\xff\x00'\"+>")
	f.Fuzz(func(t *testing.T, s string) { checkReplace(t, s) })
}

// TestHTMLEscapeStringEveryByte: HTMLEscapeString is template's, for every
// byte alone and in text.
func TestHTMLEscapeStringEveryByte(t *testing.T) {
	for c := range 256 {
		for _, s := range []string{string([]byte{byte(c)}), "a" + string([]byte{byte(c)}) + "é+b"} {
			if got, want := HTMLEscapeString(s), template.HTMLEscapeString(s); got != want {
				t.Errorf("HTMLEscapeString(%q) = %q, want %q", s, got, want)
			}
		}
	}
}
