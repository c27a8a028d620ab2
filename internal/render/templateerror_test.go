package render

import (
	"bytes"
	"fmt"
	"io/fs"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/model"
)

// TestTemplateErrors breaks a small template set in one way a row and
// checks the diagnostic: parse errors when the set is parsed, escaping
// and execution errors when a page is rendered, each at its file, line
// and byte column, counted from 1 like every diag column (ErrorContext
// counts from 0; cmd/portal's TestBrokenInput asserts one). The
// positions are the same when the templates are minified, which joins
// their lines.
func TestTemplateErrors(t *testing.T) {
	t.Parallel()
	base := `{{define "base"}}<main>{{template "main" .}}</main>{{end}}`
	for _, tc := range []struct {
		name    string
		page    string // t/page.html
		partial string // t/partials/p.html
		want    string
	}{
		{
			name: "syntax error",
			page: "{{define \"main\"}}\n<h1>{{.Name</h1>{{end}}",
			want: `templates/page.html:2: bad character U+003C '<'`,
		},
		{
			name: "unknown function",
			page: "{{define \"main\"}}\n\n<h1>{{nosuchfunc .Name}}</h1>{{end}}",
			want: `templates/page.html:3: function "nosuchfunc" not defined`,
		},
		{
			name: "no main block",
			page: `{{define "other"}}{{end}}`,
			want: `templates/page.html:1: page template defines no {{define "main"}} block`,
		},
		{
			name: "missing field",
			page: "{{define \"main\"}}{{$c := .}}\n<h1>{{$c.NoSuchField}}</h1>{{end}}",
			want: `templates/page.html:2:9: executing "main" at <$c.NoSuchField>: can't evaluate field NoSuchField in type *model.Carrier`,
		},
		{
			name:    "missing field in a partial",
			page:    `{{define "main"}}{{template "p" .}}{{end}}`,
			partial: "{{define \"p\"}}\n\n  {{.Nope}}{{end}}",
			want:    `templates/partials/p.html:3:5: executing "p" at <.Nope>: can't evaluate field Nope in type *model.Carrier`,
		},
		{
			name: "a function fails",
			page: "{{define \"main\"}}\n{{link 3}}{{end}}",
			want: `templates/page.html:2:3: executing "main" at <link 3>: error calling link: link: cannot link to a int`,
		},
		{
			name: "escaping: branches end in different contexts",
			page: "{{define \"main\"}}\n<a {{if .Name}}href=\"x{{end}}\">{{end}}",
			want: `templates/page.html:2:9: {{if}} branches end in different contexts: {stateURL delimDoubleQuote urlPartPreQuery jsCtxRegexp [] attrURL elementNone <nil>}, {stateTag delimNone urlPartNone jsCtxRegexp [] attrNone elementNone <nil>}`,
		},
		{
			name: "escaping: a template ends inside a tag",
			page: "{{define \"main\"}}\n<a href=\"{{.Name}}{{end}}",
			want: `templates/base.html: html/template:base: ends in a non-text context: {stateURL delimDoubleQuote urlPartPreQuery jsCtxRegexp [] attrURL elementNone <nil>}`,
		},
	} {
		for _, min := range []*Minifier{nil, NewMinifier()} {
			t.Run(fmt.Sprintf("%s/minified=%t", tc.name, min != nil), func(t *testing.T) {
				t.Parallel()
				fsys := fstest.MapFS{
					"t/base.html": {Data: []byte(base)},
					"t/page.html": {Data: []byte(tc.page)},
				}
				if tc.partial != "" {
					fsys["t/partials/p.html"] = &fstest.MapFile{Data: []byte(tc.partial)}
				}
				tm, errs := Parse(fsys, "t", "templates", &Env{BasePath: "/"}, min)
				if len(errs) == 0 {
					err := tm.Execute(&bytes.Buffer{}, "page", &model.Carrier{})
					if err == nil {
						t.Fatalf("Execute(%s) = nil, want an error", tc.page)
					}
					errs = TemplateError(err, "fallback.html")
				}
				if len(errs) != 1 || errs[0].Error() != tc.want {
					t.Errorf("template %q:\ngot  %v\nwant %s", tc.page, errs, tc.want)
				}
			})
		}
	}
}

// countFS counts the files opened in it.
type countFS struct {
	fs.FS
	opened map[string]int
}

func (c countFS) Open(name string) (fs.File, error) {
	c.opened[name]++
	return c.FS.Open(name)
}

// TestParseReadsOnce checks that a minified set reads each file once and
// still locates an error in the templates as written, parsed again from
// the bytes it read.
func TestParseReadsOnce(t *testing.T) {
	fsys := countFS{fstest.MapFS{
		"t/base.html":       {Data: []byte(`{{define "base"}}<p>{{block "main" .}}{{end}}</p>{{end}}`)},
		"t/page.html":       {Data: []byte("{{define \"main\"}}\n\n  <b>x</b>\n {{.Nope}}{{end}}")},
		"t/partials/p.html": {Data: []byte(`{{define "p"}}p{{end}}`)},
	}, map[string]int{}}
	tm, errs := Parse(fsys, "t", "templates", &Env{BasePath: "/"}, NewMinifier())
	if len(errs) != 0 {
		t.Fatal(errs)
	}
	for i := 0; i < 2; i++ {
		err := tm.Execute(&bytes.Buffer{}, "page", &model.Carrier{})
		if got := TemplateError(err, "x.html"); len(got) != 1 || got[0].Pos.Line != 4 {
			t.Errorf("Execute: %v, want an error on line 4", got)
		}
	}
	for _, f := range []string{"t/base.html", "t/page.html", "t/partials/p.html"} {
		if n := fsys.opened[f]; n != 1 {
			t.Errorf("%s opened %d times, want 1", f, n)
		}
	}
}
