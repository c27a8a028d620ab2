// Copyright 2011 The Go Authors. All rights reserved.
// Use of this source code is governed by a BSD-style
// license that can be found in the LICENSE file.

// This file holds the escapers html/template adds to a template's actions,
// copied from Go 1.27's html/template (content.go, html.go, url.go, js.go):
// the package does not export them. Only those the portal's templates
// need are here; a template that needs another is run by html/template
// itself (see Compile). Each takes the stringified value and its content
// type, so that a chain of them (urlfilter | urlnormalizer | attrescaper)
// passes strings along without boxing them.

package fastexec

import (
	"bytes"
	"fmt"
	"html/template"
	"reflect"
	"strconv"
	"strings"
	"sync"
)

type contentType uint8

const (
	contentTypePlain contentType = iota
	contentTypeCSS
	contentTypeHTML
	contentTypeHTMLAttr
	contentTypeJS
	contentTypeJSStr
	contentTypeURL
	contentTypeSrcset
)

// escaper escapes s, of content type t, for one context.
type escaper func(s string, t contentType) string

// escapers are html/template's escaper functions by the name its
// escaping gives them in a template.
var escapers = map[string]escaper{
	"_html_template_attrescaper":   attrEscaper.escape,
	"_html_template_htmlescaper":   htmlEscaper.escape,
	"_html_template_rcdataescaper": rcdataEscaper.escape,
	"_html_template_urlescaper":    func(s string, t contentType) string { return urlProcessor(false, s, t) },
	"_html_template_urlnormalizer": func(s string, t contentType) string { return urlProcessor(true, s, t) },
	"_html_template_urlfilter":     urlFilter,
	"_html_template_jsvalescaper":  jsValEscaper,
}

// escapeTo writes what the escaper named name returns to out, for the
// last escaper of an action: the HTML escapers write their output
// straight to the page.
func escapeTo(name string) func(out *bytes.Buffer, s string, t contentType) {
	if h, ok := htmlEscapers[name]; ok {
		return h.escapeTo
	}
	e := escapers[name]
	return func(out *bytes.Buffer, s string, t contentType) { out.WriteString(e(s, t)) }
}

// URLAttr is u, a string, as html/template writes it in a quoted URL
// attribute such as href: an unsafe scheme refused, the address
// normalized, then escaped for the attribute. Package cells writes links
// with it.
func URLAttr(u string) string {
	s := urlFilter(u, contentTypePlain)
	s = urlProcessor(true, s, contentTypePlain)
	return attrEscaper.escape(s, contentTypePlain)
}

// HTMLText is s, a string, as html/template writes it in HTML text.
func HTMLText(s string) string { return htmlEscaper.escape(s, contentTypePlain) }

// HTMLEscapeString is template.HTMLEscapeString(s), which text/template's
// html function and Go code writing HTML use (it leaves + as it is, where
// html/template's escaper does not): s itself when it holds none of the
// characters it replaces, looked up by table rather than by
// strings.ContainsAny, which builds its set of characters on every call.
func HTMLEscapeString(s string) string {
	for i := 0; i < len(s); i++ {
		if htmlEscaped[s[i]] {
			return template.HTMLEscapeString(s)
		}
	}
	return s
}

// htmlEscaped are the bytes template.HTMLEscapeString replaces.
var htmlEscaped = [256]bool{'\'': true, '"': true, '&': true, '<': true, '>': true, 0: true}

// unsupported stops this execution: html/template runs the page instead.
type unsupported string

// filterFailsafe is what html/template writes for a value it refuses.
const filterFailsafe = "ZgotmplZ"

// indirectAny dereferences pointers as html/template's indirect does.
func indirectAny(a any) any {
	if a == nil {
		return nil
	}
	if t := reflect.TypeOf(a); t.Kind() != reflect.Pointer {
		return a
	}
	v := reflect.ValueOf(a)
	for v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

func indirectToStringerOrError(a any) any {
	if a == nil {
		return nil
	}
	v := reflect.ValueOf(a)
	for !v.Type().Implements(fmtStringerType) && !v.Type().Implements(errorType) && v.Kind() == reflect.Pointer && !v.IsNil() {
		v = v.Elem()
	}
	return v.Interface()
}

// stringify converts an escaper's arguments to a string and the type of
// the content.
func stringify(args ...any) (string, contentType) {
	if len(args) == 1 {
		switch s := indirectAny(args[0]).(type) {
		case string:
			return s, contentTypePlain
		case template.CSS:
			return string(s), contentTypeCSS
		case template.HTML:
			return string(s), contentTypeHTML
		case template.HTMLAttr:
			return string(s), contentTypeHTMLAttr
		case template.JS:
			return string(s), contentTypeJS
		case template.JSStr:
			return string(s), contentTypeJSStr
		case template.URL:
			return string(s), contentTypeURL
		case template.Srcset:
			return string(s), contentTypeSrcset
		}
	}
	i := 0
	for _, arg := range args {
		if arg == nil {
			continue
		}
		args[i] = indirectToStringerOrError(arg)
		i++
	}
	return fmt.Sprint(args[:i]...), contentTypePlain
}

// stringifyValue is stringify of one value, without boxing a string.
func stringifyValue(v reflect.Value) (string, contentType) {
	if v.Kind() == reflect.String {
		switch idOf(v.Type()) { // see typeID: no runtime call per case
		case stringID:
			return v.String(), contentTypePlain
		case htmlID:
			return v.String(), contentTypeHTML
		case urlID:
			return v.String(), contentTypeURL
		}
	}
	switch v.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		if printsPlain(v.Type()) {
			return plainText(v), contentTypePlain
		}
	}
	return stringify(v.Interface())
}

// printsPlain reports whether fmt.Sprint prints a value of typ, a string,
// boolean or integer type, as its plain value: whether typ is none of
// html/template's content types and has no method fmt would call
// (Format, Error, String). The portal's ids, codes and counts are such
// types; printing them through stringify boxed each and ran fmt, four in
// ten of the allocations of a page's actions. Answers are kept by type.
func printsPlain(typ reflect.Type) bool {
	if plain, ok := plainTypes.Load(idOf(typ)); ok {
		return plain.(bool)
	}
	plain := !typ.Implements(formatterType) && !typ.Implements(errorType) && !typ.Implements(fmtStringerType)
	switch typ {
	case cssType, htmlType, htmlAttrType, jsType, jsStrType, urlType, srcsetType:
		plain = false
	}
	plainTypes.Store(idOf(typ), plain)
	return plain
}

var plainTypes sync.Map // typeID → bool, see printsPlain

// plainText is what fmt.Sprint prints for v, of a type printsPlain
// reports plain.
func plainText(v reflect.Value) string {
	switch v.Kind() {
	case reflect.String:
		return v.String()
	case reflect.Bool:
		return strconv.FormatBool(v.Bool())
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10)
	}
	return strconv.FormatUint(v.Uint(), 10)
}

var (
	cssType       = reflect.TypeFor[template.CSS]()
	htmlType      = reflect.TypeFor[template.HTML]()
	htmlAttrType  = reflect.TypeFor[template.HTMLAttr]()
	jsType        = reflect.TypeFor[template.JS]()
	jsStrType     = reflect.TypeFor[template.JSStr]()
	urlType       = reflect.TypeFor[template.URL]()
	srcsetType    = reflect.TypeFor[template.Srcset]()
	formatterType = reflect.TypeFor[fmt.Formatter]()

	stringID, htmlID, urlID = idOf(stringType), idOf(htmlType), idOf(urlType)
)

// tableEscaper is an escaper that replaces runes by a table: it returns
// the table for a value of content type t, or nil to leave the value as
// it is. Its two forms, escape and escapeTo, both follow it.
type tableEscaper func(t contentType) []string

var (
	attrEscaper tableEscaper = func(t contentType) []string {
		if t == contentTypeHTML {
			// html/template strips the tags first, with its whole HTML
			// parser; rare enough to leave to it.
			panic(unsupported("HTML in an attribute"))
		}
		return htmlReplacementTable
	}
	rcdataEscaper tableEscaper = func(t contentType) []string {
		if t == contentTypeHTML {
			return htmlNormReplacementTable
		}
		return htmlReplacementTable
	}
	htmlEscaper tableEscaper = func(t contentType) []string {
		if t == contentTypeHTML {
			return nil
		}
		return htmlReplacementTable
	}
	htmlEscapers = map[string]tableEscaper{
		"_html_template_attrescaper":   attrEscaper,
		"_html_template_htmlescaper":   htmlEscaper,
		"_html_template_rcdataescaper": rcdataEscaper,
	}
)

func (h tableEscaper) escape(s string, t contentType) string {
	if table := h(t); table != nil {
		return htmlReplacer(s, table)
	}
	return s
}

func (h tableEscaper) escapeTo(out *bytes.Buffer, s string, t contentType) {
	if table := h(t); table != nil {
		htmlReplaceTo(out, s, table)
	} else {
		out.WriteString(s)
	}
}

var htmlReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'&':  "&amp;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

var htmlNormReplacementTable = []string{
	0:    "\uFFFD",
	'"':  "&#34;",
	'\'': "&#39;",
	'+':  "&#43;",
	'<':  "&lt;",
	'>':  "&gt;",
}

// htmlReplacer returns s with runes replaced according to replacementTable,
// as html/template's does for quoted contexts (where bad runes pass).
// The tables have ASCII entries only (see htmlReplaceTo).
func htmlReplacer(s string, replacementTable []string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; int(c) < len(replacementTable) && replacementTable[c] != "" {
			var b strings.Builder
			b.Grow(len(s))
			htmlReplaceTo(&b, s, replacementTable)
			return b.String()
		}
	}
	return s
}

// htmlReplaceTo writes what htmlReplacer returns to out. It reads s a
// byte at a time, not a rune: the tables replace ASCII only, and every
// byte of a multi-byte rune, or of a bad one, is 0x80 or more, which
// html/template's rune by rune reading leaves as it is too.
func htmlReplaceTo[W interface{ WriteString(string) (int, error) }](out W, s string, replacementTable []string) {
	written := 0
	for i := 0; i < len(s); i++ {
		if c := s[i]; int(c) < len(replacementTable) {
			if repl := replacementTable[c]; len(repl) != 0 {
				out.WriteString(s[written:i])
				out.WriteString(repl)
				written = i + 1
			}
		}
	}
	out.WriteString(s[written:])
}

func urlFilter(s string, t contentType) string {
	if t == contentTypeURL {
		return s
	}
	if !isSafeURL(s) {
		return "#" + filterFailsafe
	}
	return s
}

func isSafeURL(s string) bool {
	if protocol, _, ok := strings.Cut(s, ":"); ok && !strings.Contains(protocol, "/") {
		if !strings.EqualFold(protocol, "http") && !strings.EqualFold(protocol, "https") && !strings.EqualFold(protocol, "mailto") {
			return false
		}
	}
	return true
}

// urlKept are the bytes urlProcessor keeps as they are, by table (every
// link of every page passes through it): letters, digits and - . _ ~,
// and when normalizing ([1]) the reserved characters too. A % is kept
// only before two hex digits, when normalizing.
var urlKept = func() (t [2][256]bool) {
	for c := range 256 {
		unreserved := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~", byte(c)) >= 0
		t[0][c] = unreserved
		t[1][c] = unreserved || strings.IndexByte("!#$&*+,/:;=?@[]", byte(c)) >= 0
	}
	return t
}()

func urlProcessor(norm bool, s string, t contentType) string {
	if t == contentTypeURL {
		norm = true
	}
	keep := &urlKept[0]
	if norm {
		keep = &urlKept[1]
	}
	var b strings.Builder
	written := 0
	for i, n := 0, len(s); i < n; i++ {
		c := s[i]
		if keep[c] || c == '%' && norm && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]) {
			continue
		}
		if written == 0 {
			b.Grow(len(s) + 16)
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

const lowerHex = "0123456789abcdef"

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// jsValEscaper handles only template.JS, which html/template writes as it
// is (the portal's JSON-LD); any other value is left to html/template,
// which marshals it as JSON.
func jsValEscaper(s string, t contentType) string {
	if t == contentTypeJS {
		return s
	}
	panic(unsupported("a value other than template.JS in a script"))
}
