package fastexec

import (
	"bytes"
	"fmt"
	"html/template"
	"math"
	"reflect"
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

type (
	plainName    string
	plainFlag    bool
	plainCount   int16
	plainSize    uint32
	namedString  string
	namedCount   int
	ptrString    string
	diskError    string
	formatted    int
	formattedPtr int
)

func (n namedString) String() string               { return "named:" + string(n) }
func (n namedCount) String() string                { return "count" }
func (p *ptrString) String() string                { return "pointer" } // not in the value's method set
func (f diskError) Error() string                  { return "failed: " + string(f) }
func (f formatted) Format(s fmt.State, verb rune)  { fmt.Fprintf(s, "<%d>", int(f)) }
func (f *formattedPtr) Format(s fmt.State, _ rune) { fmt.Fprint(s, "never") }

// TestStringifyValueAsStringify holds the printing of strings, booleans
// and integers without boxing to stringify's boxed way, for plain and
// named types, those with methods fmt calls and html/template's own.
func TestStringifyValueAsStringify(t *testing.T) {
	type holder struct{ P ptrString }
	values := []any{
		"", "a<b", plainName("id-1"), plainName(""), true, false, plainFlag(true),
		0, -1, math.MinInt64, int8(-128), int16(7), int32(-9), int64(math.MaxInt64), plainCount(-3),
		uint(0), uint8(65), uint16(9), uint32(4e9), uint64(math.MaxUint64), uintptr(12), plainSize(5),
		namedString("x"), namedCount(3), ptrString("p"), diskError("disk"), formatted(4), formattedPtr(5),
		template.HTML("<b>"), template.CSS("a{}"), template.HTMLAttr(`a="b"`), template.JS("x"),
		template.JSStr("y"), template.URL("/u"), template.Srcset("a.png 1x"),
	}
	for _, v := range values {
		for _, rv := range []reflect.Value{reflect.ValueOf(v), reflect.ValueOf(&v).Elem().Elem()} {
			gotS, gotT := stringifyValue(rv)
			wantS, wantT := stringify(v)
			if gotS != wantS || gotT != wantT {
				t.Errorf("%T %v: (%q, %d), want (%q, %d)", v, v, gotS, gotT, wantS, wantT)
			}
		}
	}
	// An addressable field whose pointer has String: passed to an
	// escaper by value, so not called, as html/template does.
	h := &holder{P: "q"}
	if s, _ := stringifyValue(reflect.ValueOf(h).Elem().Field(0)); s != "q" {
		t.Errorf("addressable ptrString: %q, want %q", s, "q")
	}
}

// urlProcessorSwitch is urlProcessor as it was written, a switch per
// byte: the oracle for its tables.
func urlProcessorSwitch(norm bool, s string, t contentType) string {
	if t == contentTypeURL {
		norm = true
	}
	var b strings.Builder
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		switch c {
		case '!', '#', '$', '&', '*', '+', ',', '/', ':', ';', '=', '?', '@', '[', ']':
			if norm {
				continue
			}
		case '-', '.', '_', '~':
			continue
		case '%':
			if norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
				continue
			}
		default:
			if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' {
				continue
			}
		}
		b.WriteString(s[written:i])
		b.WriteByte('%')
		b.WriteByte(lowerHex[c>>4])
		b.WriteByte(lowerHex[c&15])
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func TestURLProcessorEveryByte(t *testing.T) {
	for c := range 256 {
		for _, s := range []string{string(rune(0)) + "", "a" + string([]byte{byte(c)}) + "z", string([]byte{byte(c), '4', '1'})} {
			for _, norm := range []bool{false, true} {
				for _, ct := range []contentType{contentTypePlain, contentTypeURL} {
					if got, want := urlProcessor(norm, s, ct), urlProcessorSwitch(norm, s, ct); got != want {
						t.Errorf("%q norm %t type %d: %q, want %q", s, norm, ct, got, want)
					}
				}
			}
		}
	}
}

func FuzzURLProcessor(f *testing.F) {
	for _, s := range []string{"/a b/?q=1&r=%41%zz#x", "javascript:x", "é%2", ""} {
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, s string, norm bool) {
		if got, want := urlProcessor(norm, s, contentTypePlain), urlProcessorSwitch(norm, s, contentTypePlain); got != want {
			t.Errorf("%q norm %t: %q, want %q", s, norm, got, want)
		}
	})
}
