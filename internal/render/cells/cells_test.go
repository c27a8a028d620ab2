package cells

import (
	"html/template"
	"strings"
	"testing"
)

// anchorTemplate is what Anchor stands for.
var anchorTemplate = template.Must(template.New("a").Parse(`<a href="{{.U}}">{{.T}}</a>`))

func viaTemplate(t testing.TB, u, text string) string {
	var b strings.Builder
	if err := anchorTemplate.Execute(&b, struct{ U, T string }{u, text}); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestAnchorHTMLWritesWhatTheTemplateWrites(t *testing.T) {
	for _, c := range []struct{ u, text string }{
		{"/carriers/amazon/", "Amazon.com Services LLC"},
		{"/portal/facilities/a-b/", `Tom's "A&B" <Hub> + more`},
		{"/a b/é/%41%zz/(x)'y'/", "nul\x00 and \xff bad bytes"},
		{"https://example.org/x?y=1&z=+2#f", "plain"},
		{"/!#$&*+,/:;=?@[]-._~/", ""},
		{"mailto:press@example.org", "mail"},
		{"javascript:alert(1)", "script"},
		{" JavaScript:alert(1)", "spaced"},
		{"data:text/html,<b>x</b>", "data"},
		{"VBScript:x", "vb"},
	} {
		want := viaTemplate(t, c.u, c.text)
		if got := string(Anchor(c.u, c.text)); got != want {
			t.Errorf("Anchor(%q, %q)\n got %s\nwant %s", c.u, c.text, got, want)
		}
	}
}

// FuzzAnchorHTML: a row's links are made in Go but must be byte for byte
// what the template made, whatever the names and addresses in the data.
func FuzzAnchorHTML(f *testing.F) {
	f.Add("/carriers/amazon/", "Amazon")
	f.Add("/a b/%41%zz/'(x)'", `"A&B" <c> + d`)
	f.Add("javascript:alert(1)", "x")
	f.Fuzz(func(t *testing.T, u, text string) {
		if got, want := string(Anchor(u, text)), viaTemplate(t, u, text); got != want {
			t.Errorf("Anchor(%q, %q)\n got %s\nwant %s", u, text, got, want)
		}
	})
}

var externalTemplate = template.Must(template.New("a").Parse(`<a href="{{.U}}" rel="external nofollow">{{.T}}</a>`))

func TestExternalAnchorWritesWhatTheTemplateWrites(t *testing.T) {
	for _, u := range []string{"https://example.org/x?y=1&z=+2#f", `http://a.example/"quote"/(x) é`, "javascript:alert(1)", "Data:,x"} {
		var want strings.Builder
		if err := externalTemplate.Execute(&want, struct{ U, T string }{u, u}); err != nil {
			t.Fatal(err)
		}
		if got := string(ExternalAnchor(u, u)); got != want.String() {
			t.Errorf("ExternalAnchor(%q)\n got %s\nwant %s", u, got, want.String())
		}
	}
}
