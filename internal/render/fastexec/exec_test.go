package fastexec

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// Types for the test data: fields, methods on values and pointers, a
// Stringer, an error, maps, slices, interfaces, nil pointers, embedding
// and the content types html/template treats apart.

type slug string

func (s slug) String() string { return "slug:" + string(s) }

type inner struct {
	Name  string
	N     int
	Tags  []string
	Next  *inner
	Attrs map[string]any
}

func (i inner) Upper() string            { return strings.ToUpper(i.Name) }
func (i *inner) Greet(who string) string { return "hi " + who + " from " + i.Name }
func (i *inner) Sum(a int, rest ...int) int {
	s := a
	for _, r := range rest {
		s += r
	}
	return s
}
func (i *inner) Fails() (string, error) { return "", errors.New("it failed") }
func (i *inner) Maybe(ok bool) (string, error) {
	if ok {
		return "yes", nil
	}
	return "", errors.New("no")
}

// called has methods whose types are registered for direct calls (see
// init below), as the portal registers its templates' hot methods; its
// variadic method is not, and goes through reflection.
type called struct {
	Name string
	When int
}

func (c called) Label() string            { return "<" + c.Name + ">" }
func (c *called) Greet(who string) string { return "hi " + who + " from " + c.Name }
func (c *called) Check(ok bool) (int, error) {
	return c.When, map[bool]error{false: errors.New("refused")}[ok]
}
func (c *called) Items() []string                           { return []string{c.Name, "b&c"} }
func (c *called) Joined(sep string, parts ...string) string { return strings.Join(parts, sep) }

func init() {
	Fn1(called.Label)
	Fn1((*called).Label) // the method of an addressable called: its pointer's set
	Fn2((*called).Greet)
	Fn2E((*called).Check)
	Fn1((*called).Items)
}

type Embedded struct{ Deep string }

type data struct {
	Embedded
	Title   string
	HTML    template.HTML
	URL     template.URL
	Bad     string
	JS      template.JS
	Slug    slug
	Ptr     *inner
	Nil     *inner
	Val     inner
	Items   []inner
	Called  *called
	Calls   []called
	Ptrs    []*inner
	Empty   []string
	Map     map[string]int
	AnyMap  map[string]any
	Any     any
	NilAny  any
	Err     error
	F       float64
	U       uint8
	B       bool
	Num     int
	private string
}

func testData() *data {
	a := &inner{Name: "a<b>", N: 3, Tags: []string{"x", "y&z"}, Attrs: map[string]any{"k": "v", "n": 2}}
	a.Next = &inner{Name: "next", N: 0}
	return &data{
		Embedded: Embedded{"deep'"},
		Title:    `Rock & "roll" <3 +1`,
		HTML:     template.HTML(`<b>bold</b> &amp;`),
		URL:      template.URL("javascript:ok()"),
		Bad:      "javascript:alert(1)",
		JS:       template.JS(`{"@type":"Dataset"}`),
		Slug:     "s/1",
		Ptr:      a,
		Val:      inner{Name: "val", N: -2},
		Items:    []inner{{Name: "i1", N: 1}, {Name: "i2", N: 2}, {Name: "i3", N: 3}},
		Called:   &called{Name: "c&1", When: 4},
		Calls:    []called{{Name: "v1"}, {Name: "v<2", When: 2}},
		Ptrs:     []*inner{a, nil, {Name: "p3"}},
		Map:      map[string]int{"one": 1},
		AnyMap:   map[string]any{"title": "any title", "ptr": a, "list": []int{1, 2}},
		Any:      a,
		Err:      errors.New("an error <x>"),
		F:        2.5,
		U:        7,
		B:        true,
		Num:      300,
		private:  "hidden",
	}
}

// tags is a named slice type: a []string is assignable to it, not of it.
type tags []string

// testFuncs are called directly (Fn1 ... Fn4) where they can be, and
// through reflection where not: variadic, no arguments, or an interface
// result ("first").
var testFuncs = template.FuncMap{
	"upper": Fn1(strings.ToUpper),
	"join":  func(sep string, s ...string) string { return strings.Join(s, sep) },
	"pair":  Fn2(func(a any, b int) string { return fmt.Sprint(a, "/", b) }),
	"html2": Fn1(func(s string) template.HTML { return template.HTML("<i>" + s + "</i>") }),
	"url2":  Fn1(func(s string) template.URL { return template.URL(s) }),
	"fail":  func() (string, error) { return "", errors.New("helper failed") },
	"boom":  func() string { panic("boom") },
	"list":  func(v ...any) []any { return v },
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	},
	"innerp": Fn1(func(i *inner) string { return i.Name }),
	"count":  Fn1(func(n int) int { return n }),
	"u8":     Fn1(func(n uint8) uint8 { return n }),
	"ok":     Fn1(func(b bool) bool { return b }),
	"flt":    Fn1(func(f float64) float64 { return f }),
	"tagged": Fn1(func(t tags) string { return strings.Join(t, "+") }),
	"failIf": Fn1E(func(b bool) (string, error) {
		if b {
			return "", errors.New("failIf failed")
		}
		return "fine", nil
	}),
	"boomIf": Fn2(func(b bool, s string) string {
		if b {
			panic("boomIf")
		}
		return s
	}),
	"first":  Fn1E(func(v []any) (any, error) { return v[0], nil }),
	"triple": Fn3(func(a, b string, c int) string { return fmt.Sprint(a, b, c) }),
	"errOf": Fn3E(func(a any, b *inner, c error) (template.HTML, error) {
		return template.HTML(fmt.Sprint(a, b == nil, c)), nil
	}),
	"four": Fn4(func(a string, b slug, c tags, d any) string { return fmt.Sprint(a, b, c, d) }),
	// a reflect.Value result, which both unwrap
	"val3": Fn3EValue(func(a string, b, c any) (reflect.Value, error) {
		if a == "fail" {
			return reflect.Value{}, errors.New("val3 failed")
		}
		return reflect.ValueOf(template.HTML("<b>" + a + "</b>" + fmt.Sprint(b, c))), nil
	}),
	// variadic, called directly
	"words": FnV(func(w ...string) string { return fmt.Sprintf("%d%q%t", len(w), w, w == nil) }),
	"pairs": FnVE(func(kv ...any) (map[string]any, error) {
		if len(kv)%2 != 0 {
			return nil, errors.New("pairs: odd")
		}
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[fmt.Sprint(kv[i])] = kv[i+1]
		}
		return m, nil
	}),
	"twoE": Fn2E(func(a string, b int) (*inner, error) { return &inner{Name: a, N: b}, nil }),
	"nilp": Fn1(func(s string) *inner { return nil }),
}

// outcome is how one template ran both ways.
type outcome struct {
	want, got       string
	wantErr, gotErr error
	compileErr      error
}

func run(t testing.TB, src string, d any) outcome {
	t.Helper()
	tmpl, err := template.New("t").Funcs(testFuncs).Parse(src)
	if err != nil {
		t.Fatalf("%s: parse: %v", src, err)
	}
	return runParsed(tmpl, "t", d)
}

func runParsed(tmpl *template.Template, name string, d any) outcome {
	var o outcome
	var want bytes.Buffer
	o.wantErr = tmpl.ExecuteTemplate(&want, name, d)
	o.want = want.String()
	p, err := Compile(tmpl, name, testFuncs)
	if err != nil {
		o.compileErr = err
		return o
	}
	var got bytes.Buffer
	o.gotErr = p.Execute(&got, d)
	o.got = got.String()
	return o
}

// check holds the two executors to the same output: where html/template
// succeeds, this package writes the same bytes or refuses; where it
// fails, this one fails too.
func (o outcome) check(t testing.TB, src string) {
	t.Helper()
	if o.compileErr != nil {
		if !errors.Is(o.compileErr, ErrUnsupported) {
			t.Errorf("%s: compile error not marked unsupported: %v", src, o.compileErr)
		}
		return
	}
	switch {
	case o.wantErr != nil && o.gotErr == nil:
		t.Errorf("%s: html/template failed (%v) but fastexec wrote %q", src, o.wantErr, o.got)
	case o.wantErr == nil && o.gotErr == nil && o.got != o.want:
		t.Errorf("%s:\nfastexec      %q\nhtml/template %q", src, o.got, o.want)
	}
}

func TestSameOutput(t *testing.T) {
	for _, tc := range []struct {
		src string
		// how it should go: "" same output, "error" both fail,
		// "refuse" fastexec hands over (at compile or run time).
		want string
	}{
		{`plain text`, ""},
		// direct calls (Fn1 ... Fn4): conversions, nil, errors, panics
		{`{{upper .Title}} {{pair .Num 2}} {{pair nil 3}} {{html2 .Title}} {{count 4}} {{u8 .U}} {{ok .B}} {{flt .F}}`, ""},
		{`{{innerp .Ptr}} {{.Ptr | innerp}} {{innerp .Nil}}`, "error"},
		{`{{tagged .Ptr.Tags}} {{.Ptr.Tags | tagged}} {{tagged .Empty}}`, ""},
		{`{{failIf false}} {{.B | not | failIf}}`, ""},
		{`{{failIf true}}`, "error"},
		{`{{boomIf false "x"}}`, ""},
		{`{{boomIf true "x"}}`, "error"},
		{`{{first (list 1 2)}} {{(first (list .Ptr)).Name}}`, ""},
		{`{{triple "a" (upper (triple "b" "c" (count 1))) (count (count 2))}}`, ""},
		{`{{errOf nil nil nil}} {{errOf .Ptr .Nil .Err}} {{errOf .NilAny .Ptr nil}}`, ""},
		{`{{four "a" .Slug .Ptr.Tags .Map}} {{four .Title "s" nil nil}}`, ""},
		{`{{(twoE "n" 3).Name}} {{with twoE .Title .Num}}{{.N}}{{end}} {{(nilp "x").Name}}`, "error"},
		{`{{with nilp "x"}}x{{else}}none{{end}} {{innerp (twoE "t" 1)}}`, ""},
		{`<a href="{{url2 .Bad}}" title="{{upper .Title}}">{{upper (pair .Slug .Num)}}</a>`, ""},
		{`<a title="{{html2 .Title}}">`, "refuse"},
		{`{{tagged .Title}}`, "error"},
		{`{{count .Title}}`, "error"},
		{`{{.Title}}`, ""},
		{`<p title="{{.Title}}">{{.Title}}</p>`, ""},
		{`<a href="{{.Bad}}">x</a><a href="{{.URL}}">y</a><a href="/q?x={{.Title}}">z</a>`, ""},
		{`<a href="{{.Ptr.Name}}/{{.Slug}}">x</a>`, ""},
		{`<title>{{.Title}} {{.HTML}}</title>`, ""},
		{`{{.HTML}} {{.Slug}} {{.Err}} {{.F}} {{.U}} {{.B}} {{.Num}} {{.NilAny}} {{.Nil}}`, ""},
		{`<script type="application/ld+json">{{.JS}}</script>`, ""},
		{`<script>var x = {{.Title}};</script>`, "refuse"},
		{`<p title="{{.HTML}}">`, "refuse"},
		{`{{.Deep}} {{.Embedded.Deep}}`, ""},
		{`{{.Ptr.Upper}} {{.Val.Upper}} {{.Ptr.Greet "you"}} {{.Ptr.Sum 1 2 3}} {{.Ptr.Sum 4}}`, ""},
		// methods called directly: on a pointer, on addressable and
		// other values, with arguments, results used on, and an error
		{`{{.Called.Label}} {{.Called.Greet "you"}} {{.Called.Greet .Title}} {{.Called.Check true}} {{range .Called.Items}}[{{.}}]{{end}}` +
			`{{range .Calls}}{{.Label}}{{end}}{{range $c := .Calls}}{{$c.Label}}{{end}}{{with index .Calls 1}}{{.Label}}{{end}}` +
			`{{.Called.Joined "-" "a" "b"}} {{len .Called.Items}} {{.Called.Greet (.Called.Label)}} <a title="{{.Called.Label}}">`, ""},
		{`{{.Called.Check false}}`, "error"},
		{`{{words}} {{words "a"}} {{words "a" .Title .Ptr.Name}} {{.Title | words "x"}} {{(pairs "k" .Ptr "n" 1).k.Name}} {{with pairs}}{{len .}}{{end}} {{(pairs "b" 2 "a" .Slug).a}}`, ""},
		{`{{pairs "odd"}}`, "error"},
		{`{{val3 "x" 1 .Ptr.Name}} <p title="{{val3 "t" nil nil}}"></p> {{with val3 "w" .Num .B}}[{{.}}]{{end}} {{if val3 "" nil nil}}t{{end}}`, "refuse"},
		{`{{val3 "x" 1 .Ptr.Name}} {{with val3 "w" .Num .B}}[{{.}}]{{end}} {{if val3 "" nil nil}}t{{end}} {{len (val3 "abc" "" "")}}`, ""},
		{`{{val3 "fail" 1 2}}`, "error"},
		{`{{with dict "n" nil}}{{.n.x}}{{end}}`, "error"}, // a nil value is MapIndex's, not the fast path's
		{`{{words 1}}`, "error"},
		{`{{.Ptr.Next.Name}} {{.Ptr.Next.Next}}`, ""},
		{`{{.Ptr.Next.Next.Name}}`, "error"},
		{`{{.Ptr.Attrs.k}} {{.Ptr.Attrs.n}} {{.Ptr.Attrs.missing}} {{.Map.one}} {{.Map.two}}`, ""},
		{`{{.AnyMap.title}} {{.AnyMap.ptr.Name}} {{.AnyMap.list}} {{index .AnyMap.list 1}}`, ""},
		// a dict's values, read as their own values: tests, arguments,
		// comparisons, lengths, ranges and chains on, nil and missing ones
		{`{{with dict "e" "" "z" 0 "n" nil "s" .Ptr.Tags "p" .Ptr "t" .Title "h" .HTML "u" .URL}}` +
			`{{if .e}}e{{end}}{{if .z}}z{{end}}{{if .n}}n{{end}}{{if .s}}s{{end}}{{if .m}}m{{end}}|{{.n}}|{{.m}}|{{.e}}|` +
			`{{len .s}}{{range .s}}[{{.}}]{{end}}{{.p.Name}}{{.p.Upper}}{{.p.Greet "d"}}{{upper .t}}{{tagged .s}}{{innerp .p}}` +
			`{{eq .t "a"}}{{eq .z 0}}{{ne .e ""}}{{and .e .t}}{{or .n .t}}{{not .z}}{{.h}}<a href="{{.u}}" title="{{.t}}">{{.h}}</a>` +
			`{{with .p}}{{.N}}{{end}}{{with .n}}x{{else}}none{{end}}{{index .s 0}}{{printf "%v %T" .t .z}}{{end}}`, ""},
		{`{{.Any.Name}} {{.Any.Upper}}`, ""},
		{`{{range .Items}}[{{.Name}}]{{end}}`, ""},
		{`{{range $i, $e := .Items}}{{$i}}={{$e.Name}},{{end}}`, ""},
		{`{{range $e := .Items}}{{$e.N}}{{end}}`, ""},
		{`{{range .Empty}}x{{else}}empty{{end}} {{range .NilAny}}x{{else}}nil{{end}}`, ""},
		{`{{range .Nil}}x{{else}}nil{{end}}`, "error"},
		{`{{range .Items}}{{if eq .N 2}}{{break}}{{end}}{{.Name}}{{end}}`, ""},
		{`{{range .Items}}{{if eq .N 2}}{{continue}}{{end}}{{.Name}}{{end}}`, ""},
		{`{{range .Ptrs}}{{with .}}{{.Name}}{{else}}nil{{end}};{{end}}`, ""},
		{`{{range .Ptrs}}{{.Name}};{{end}}`, "error"},
		{`{{range .Map}}{{.}}{{end}}`, "refuse"},
		{`{{range 3}}{{.}}{{end}}`, "refuse"},
		{`{{slice .Title 1 3}} {{urlquery .Title}}`, "refuse"},
		{`<p onclick="f({{.Title}})">`, "refuse"},
		{`{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}`, ""},
		{`{{$x := 1}}{{range .Items}}{{$x = .N}}{{end}}{{$x}}`, ""},
		{`{{$x := .Title}}{{with .Ptr}}{{$x}} {{$.Title}} {{.Name}}{{end}}`, ""},
		{`{{if $v := .Ptr}}{{$v.Name}}{{else}}{{$v}}{{end}}`, ""},
		{`{{with .Nil}}x{{else with .Ptr}}{{.Name}}{{end}}`, ""},
		{`{{if and .B .Ptr}}{{.Ptr.Name}}{{end}} {{or .Nil .Empty "fallback"}} {{and 1 0 2}} {{or 0 ""}}`, ""},
		{`{{.Title | printf "%s!"}} {{printf "%d-%v-%q" .Num .B .Title}} {{print .Num .Title 3}}`, ""},
		{`{{if eq .Num 300}}a{{end}}{{if eq .Title "x" "y"}}b{{end}}{{if ne .U 7}}c{{end}}{{if lt .F 3.0}}d{{end}}{{if gt .Num 299}}e{{end}}{{if le 1 1}}f{{end}}{{if ge 0 1}}g{{end}}`, ""},
		{`{{if eq .U 7}}uint-int{{end}} {{if eq .Nil nil}}nilcmp{{end}}`, ""},
		{`{{if eq .Title 3}}x{{end}}`, "error"},
		{`{{if lt .B true}}x{{end}}`, "error"},
		{`{{len .Items}} {{len .Title}} {{len .Map}} {{index .Items 1}} {{(index .Items 2).Name}} {{index .Map "one"}} {{index .Map "none"}}`, ""},
		{`{{index .Items 9}}`, "error"},
		{`{{not .B}} {{not .Empty}} {{not 0}}`, ""},
		{`{{upper .Title}} {{.Title | upper}} {{join "," "a" "b"}} {{join "-"}} {{pair .Num 2}} {{pair nil 1}}`, ""},
		{`{{html2 .Title}} <a href="{{url2 .Bad}}">x</a>`, ""},
		{`{{innerp .Ptr}} {{innerp .Val}} {{count 3}} {{u8 200}} {{ok true}} {{flt 1.5}}`, ""},
		{`{{innerp .Nil}}`, "error"},
		{`{{count .Title}}`, "error"},
		{`{{fail}}`, "error"},
		{`{{boom}}`, "error"},
		{`{{.Ptr.Fails}}`, "error"},
		{`{{.Ptr.Maybe true}} {{.Ptr.Maybe false}}`, "error"},
		{`{{.Nope}}`, "error"},
		{`{{.private}}`, "error"},
		{`{{.Title.Foo}}`, "error"},
		{`{{.Nil.Name}}`, "error"},
		{`{{.Ptr.Name 1}}`, "error"},
		{`{{(list 1 "a" .B) }} {{range list 1 2}}{{.}}{{end}} {{with $d := dict "a" 1 "b" .Ptr}}{{$d.a}} {{$d.b.Name}}{{end}}`, ""},
		{`{{define "row"}}<td>{{.Name}}</td>{{end}}{{range .Items}}{{template "row" .}}{{end}}`, ""},
		{`{{define "r"}}{{if .}}{{.Name}}>{{template "r" .Next}}{{end}}{{end}}{{template "r" .Ptr}}`, ""},
		{`{{define "v"}}{{$}}{{end}}{{$x := 1}}{{template "v" $x}}{{template "v"}}`, ""},
		{`{{$}}`, ""},
		{`{{$y := "outer"}}{{if .Nil}}{{$y := "inner"}}{{else}}[{{$y}}]{{end}}`, ""},
		{`{{if .Nil}}{{$y := 1}}{{else}}[{{$y}}]{{end}}`, "error"},
		{`{{$x := 1}}{{if .Nil}}{{$x := 2}}{{else}}{{$x = 3}}{{end}}{{$x}}`, ""},
		{`{{$v := "o"}}{{range .Items}}{{if eq .N 2}}{{$v := .Name}}{{else}}[{{$v}}]{{end}}{{end}}`, ""},
		{`{{$v := "o"}}{{range .Empty}}{{$v := 1}}{{else}}[{{$v}}]{{end}}{{with .Nil}}{{$v := 2}}{{else with .Ptr}}[{{$v}}]{{end}}`, ""},
		{`{{$x := "o"}}{{$_ := or true ($x := "in")}}[{{$x}}]`, "refuse"},
		{`{{$x := "o"}}{{$_ := .AnyMap.none.Foo ($x := "in")}}[{{$x}}]`, "refuse"},
		{`{{range .Items}}{{.Name}}{{range $.Empty}}{{else}}{{break}}{{end}}x{{end}}`, ""},
		{`{{range .Items}}{{.Name}}{{range $.Empty}}{{else}}{{continue}}{{end}}x{{end}}`, ""},
		{`{{.Ptr.Tags}} {{.Items}} {{.Map}}`, ""},
		{`{{"lit"}} {{1}} {{1.5}} {{true}} {{0x10}} {{'a'}} {{1e3}}`, ""},
		{`{{(.Ptr).Name}} {{(index .Items 0).Upper}}`, ""},
		{`<a href="/x/{{.Title}}?q={{.Title}}#{{.Title}}">l</a>`, ""},
		{`<img src="{{.Ptr.Name}}" alt="{{.Title}}">`, ""},
	} {
		o := run(t, tc.src, testData())
		o.check(t, tc.src)
		switch tc.want {
		case "":
			if o.compileErr != nil || o.gotErr != nil || o.wantErr != nil {
				t.Errorf("%s: want the same output, got compile %v, run %v, html/template %v", tc.src, o.compileErr, o.gotErr, o.wantErr)
			}
		case "error":
			if o.wantErr == nil || o.gotErr == nil && o.compileErr == nil {
				t.Errorf("%s: want both to fail, got html/template %v, fastexec %v/%v", tc.src, o.wantErr, o.compileErr, o.gotErr)
			}
		case "refuse":
			if o.wantErr != nil || o.compileErr == nil && !errors.Is(o.gotErr, ErrUnsupported) {
				t.Errorf("%s: want fastexec to hand over, got html/template %v, fastexec %v/%v", tc.src, o.wantErr, o.compileErr, o.gotErr)
			}
		}
	}
}

// TestDirect: the functions given to Fn1 ... Fn4 are called directly,
// but those returning an interface, whose result Call would type as the
// interface; the others go through reflection. TestSameOutput holds both
// to html/template's output.
func TestDirect(t *testing.T) {
	for name, direct := range map[string]bool{
		"upper": true, "pair": true, "tagged": true, "failIf": true, "triple": true, "errOf": true, "four": true, "twoE": true,
		"first": false, "join": false, "fail": false, "list": false, "words": true, "pairs": true, "val3": true,
	} {
		if got := directOf(reflect.ValueOf(testFuncs[name])) != nil; got != direct {
			t.Errorf("%s called directly: %t, want %t", name, got, direct)
		}
	}
	// Methods: by the type of the method as a function of its receiver.
	for _, tc := range []struct {
		recv   reflect.Value
		name   string
		direct bool
	}{
		{reflect.ValueOf(called{}), "Label", true},
		{reflect.ValueOf(&called{}), "Label", true},
		{reflect.ValueOf(&called{}), "Greet", true},
		{reflect.ValueOf(&called{}), "Check", true},
		{reflect.ValueOf(&called{}), "Joined", false},
		{reflect.ValueOf(&inner{}), "Greet", false},
	} {
		f := &fieldSite{name: tc.name}
		k := f.kind(tc.recv)
		if k.method < 0 || (k.direct != nil) != tc.direct {
			t.Errorf("%s.%s: method %d, called directly %t, want %t", tc.recv.Type(), tc.name, k.method, k.direct != nil, tc.direct)
		}
	}
}

// TestEscaped checks that a program runs html/template's escaped tree,
// not the template as written: the escapers are in it.
func TestEscaped(t *testing.T) {
	o := run(t, `<p>{{.Title}}</p>`, testData())
	if o.got != "<p>Rock &amp; &#34;roll&#34; &lt;3 &#43;1</p>" {
		t.Errorf("got %q", o.got)
	}
}

// TestConcurrent runs one program from many goroutines (the build does),
// for the race detector: field lookups are remembered as they are made.
func TestConcurrent(t *testing.T) {
	tmpl := template.Must(template.New("t").Funcs(testFuncs).Parse(`{{range .Items}}{{.Name}}{{.Upper}}{{end}}{{.Ptr.Greet "x"}}{{.Any.Name}}`))
	want := runParsed(tmpl, "t", testData())
	p, err := Compile(tmpl, "t", testFuncs)
	if err != nil {
		t.Fatal(err)
	}
	errs := make(chan error, 8)
	for range 8 {
		go func() {
			var b bytes.Buffer
			for range 50 {
				b.Reset()
				if err := p.Execute(&b, testData()); err != nil || b.String() != want.want {
					errs <- fmt.Errorf("got %q, %v", b.String(), err)
					return
				}
			}
			errs <- nil
		}()
	}
	for range 8 {
		if err := <-errs; err != nil {
			t.Error(err)
		}
	}
}

var bigNumber = regexp.MustCompile(`[0-9]{4}`)

// FuzzSameOutput parses any template html/template accepts and holds the
// two executors to the same output for one rich value.
func FuzzSameOutput(f *testing.F) {
	for _, s := range []string{
		`{{range $i, $e := .Items}}{{if $i}}, {{end}}<a href="/{{$e.Name}}">{{$e.Upper}}</a>{{end}}`,
		`{{with .Ptr}}{{.Greet "me"}} {{len .Tags}}{{end}}{{.Any.N}}`,
		`{{if or .Nil .Val.N}}{{printf "%03d" .Num}}{{end}}<p class="{{.Slug}}">{{.HTML}}</p>`,
		`{{define "x"}}[{{.}}]{{end}}{{range .Ptr.Tags}}{{template "x" .}}{{end}}`,
		`{{$a := .AnyMap}}{{$a.ptr.Attrs.k}}{{index $a "list"}}{{eq .U 7 8}}`,
		`<title>{{.Title}}</title><script type="application/ld+json">{{.JS}}</script>`,
		`{{$y := 1}}{{if .Nil}}{{$y := 2}}{{else}}{{$y}}{{end}}{{range .Empty}}{{$z := 3}}{{else}}{{$y}}{{end}}`,
		`{{range .Items}}{{range $.Empty}}{{else}}{{break}}{{end}}{{.N}}{{end}}`,
		`{{$x := 0}}{{$_ := and false ($x := 1)}}{{$x}}`,
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		if len(src) > 400 || bigNumber.MatchString(src) || strings.Contains(src, "template") && strings.Count(src, "define") > 1 {
			return // keeps html/template from running for long
		}
		tmpl, err := template.New("t").Funcs(testFuncs).Parse(src)
		if err != nil {
			return
		}
		run := func() (o outcome) {
			defer func() {
				if r := recover(); r != nil {
					o = outcome{compileErr: ErrUnsupported} // html/template itself panicked
				}
			}()
			return runParsed(tmpl, "t", testData())
		}
		run().check(t, src)
	})
}

// TestTypeIDIsTypeEquality holds idOf to reflect's == on types, for types
// reached by different ways: the field cache tells receivers apart by it.
func TestTypeIDIsTypeEquality(t *testing.T) {
	type twin struct {
		Name  string
		N     int
		Tags  []string
		Next  *inner
		Attrs map[string]any
	}
	types := []reflect.Type{
		reflect.TypeOf(inner{}), reflect.TypeFor[inner](), reflect.TypeOf(&inner{}).Elem(),
		reflect.TypeOf(&inner{}), reflect.PointerTo(reflect.TypeFor[inner]()),
		reflect.TypeOf([]inner{}).Elem(), reflect.TypeOf(data{}).Field(9).Type,
		reflect.TypeOf(twin{}), reflect.TypeOf(struct{ Name string }{}), reflect.TypeOf(struct{ Name string }{}),
		reflect.TypeOf(""), reflect.TypeOf(template.HTML("")), reflect.TypeOf(slug("")),
		reflect.TypeOf(0), reflect.TypeOf(int64(0)), reflect.TypeOf([]string{}), reflect.SliceOf(reflect.TypeOf("")),
		reflect.TypeOf(map[string]any{}), reflect.MapOf(reflect.TypeOf(""), reflect.TypeFor[any]()),
		reflect.TypeFor[any](), reflect.TypeFor[error](),
	}
	for i, a := range types {
		for j, b := range types {
			if got, want := idOf(a) == idOf(b), a == b; got != want {
				t.Errorf("types %d (%v) and %d (%v): same id %t, == %t", i, a, j, b, got, want)
			}
		}
	}
}
