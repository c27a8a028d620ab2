package content

import (
	"bytes"
	"io/fs"
	"path"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"

	"go.yaml.in/yaml/v3"
)

// FuzzParseFrontMatter checks that every problem is reported inside the
// file, and that front matter without problems says the same thing when it
// is written out again and re-read. Seeds are in
// testdata/fuzz/FuzzParseFrontMatter.
func FuzzParseFrontMatter(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte) {
		fm, body, bodyLine, errs := ParseFrontMatter("f.md", src)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range errs {
			if d.File != "f.md" || d.Line < 1 || d.Line > lines || d.Col < 0 {
				t.Fatalf("ParseFrontMatter(%q): diagnostic %q is outside the file's %d lines", src, d.Error(), lines)
			}
			if r := d.Related; r != nil && (r.Line < 1 || r.Line > lines) {
				t.Fatalf("ParseFrontMatter(%q): diagnostic %q points outside the file's %d lines", src, d.Error(), lines)
			}
		}
		if !bytes.HasSuffix(src, body) || bodyLine < 1 {
			t.Fatalf("ParseFrontMatter(%q) body = %q at line %d, want a tail of the input", src, body, bodyLine)
		}
		if errs != nil {
			return
		}
		again := encodeFrontMatter(t, fm, body)
		fm2, body2, _, errs2 := ParseFrontMatter("f.md", again)
		if errs2 != nil {
			t.Fatalf("ParseFrontMatter(%q) errors:\n%swritten from %q", again, errs2.Format(0), src)
		}
		if got, want := exported(fm2), exported(fm); !reflect.DeepEqual(got, want) || !bytes.Equal(body2, body) {
			t.Fatalf("ParseFrontMatter(%q) = %+v, %q, want %+v, %q (from %q)", again, got, body2, want, body, src)
		}
	})
}

// encodeFrontMatter writes fm as front matter followed by body.
func encodeFrontMatter(t *testing.T, fm FrontMatter, body []byte) []byte {
	t.Helper()
	y, err := yaml.Marshal(struct {
		Title   string   `yaml:"title,omitempty"`
		Date    string   `yaml:"date,omitempty"`
		Summary string   `yaml:"summary,omitempty"`
		Draft   bool     `yaml:"draft,omitempty"`
		Weight  int      `yaml:"weight,omitempty"`
		Slug    string   `yaml:"slug,omitempty"`
		Aliases []string `yaml:"aliases,omitempty"`
	}{fm.Title, fm.Date.String(), fm.Summary, fm.Draft, fm.Weight, fm.Slug, fm.Aliases})
	if err != nil {
		t.Fatalf("yaml.Marshal(%+v): %v", fm, err)
	}
	return append(append([]byte("---\n"+string(y)), "---\n"...), body...)
}

// FuzzRender checks that markdown cannot smuggle script into a page when
// raw HTML is off, and that rendering is deterministic.
func FuzzRender(f *testing.F) {
	for _, s := range []string{
		"# Title\n\nSome *text* and a [link](/carriers/ups/).",
		"| a | b |\n|---|---|\n| 1 | 2 |\n",
		"<script>alert(1)</script>",
		"<SCRIPT src=x></SCRIPT>",
		"`<script>` and\n\n    <script>\n",
		"[x](javascript:alert(1)) <javascript:alert(1)> ![i](vbscript:x)",
		"[x](&#106;avascript:alert(1)) [y](java\tscript:x)",
		"[x]\n\n[x]: jAvAsCrIpT:alert(1)",
		"<a href=\"javascript:alert(1)\">x</a>",
		"www.example.com/<script> https://x.org/?q=<script>",
		"- [x] done\n- [ ] ~~not~~",
	} {
		f.Add(s)
	}
	safe := NewMarkdown(Options{})
	unsafe := NewMarkdown(Options{UnsafeHTML: true})
	script := regexp.MustCompile(`(?i)<script`)
	badURL := regexp.MustCompile(`(?i)(href|src)="\s*(javascript|vbscript):`)
	f.Fuzz(func(t *testing.T, md string) {
		p := &Page{File: "f.md", Body: []byte(md)}
		out, err := p.Render(safe)
		if err != nil {
			t.Fatalf("Render(%q): %v", md, err)
		}
		if script.MatchString(string(out)) || badURL.MatchString(string(out)) {
			t.Fatalf("Render(%q) = %q, want no script", md, out)
		}
		if again, _ := p.Render(safe); again != out {
			t.Fatalf("Render(%q) twice gave %q then %q", md, out, again)
		}
		if _, err := p.Render(unsafe); err != nil {
			t.Fatalf("Render(%q, UnsafeHTML): %v", md, err)
		}
	})
}

// FuzzAlias reads arbitrary text as a page's aliases, both as one alias
// and as the YAML after "aliases:". Every alias accepted is a clean site
// path that names a folder inside the output on any system: it starts and
// ends with "/", has no empty, ".", ".." or hidden segment, no segment
// Windows would change or refuse, and only the characters allowed; and
// checking it again gives it back unchanged. Seeds are in
// testdata/fuzz/FuzzAlias.
func FuzzAlias(f *testing.F) {
	clean := func(t *testing.T, from, a string) {
		t.Helper()
		bad := func(why string) { t.Errorf("alias %q (from %q) accepted, but %s", a, from, why) }
		if !strings.HasPrefix(a, "/") || !strings.HasSuffix(a, "/") {
			bad(`it does not start and end with "/"`)
			return
		}
		if a != "/" && path.Clean(a)+"/" != a {
			bad("it is not a clean path")
		}
		if strings.Trim(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~/-") != "" {
			bad("it has a character other than letters, digits and . _ ~ / -")
		}
		if !fs.ValidPath(strings.TrimPrefix(a, "/") + "index.html") {
			bad("its file is not a valid path inside the output")
		}
		for _, seg := range strings.Split(strings.Trim(a, "/"), "/") {
			switch {
			case a == "/":
			case strings.HasPrefix(seg, ".") || strings.HasSuffix(seg, "."):
				bad("segment " + seg + " starts or ends with a dot")
			case dataset.IsWindowsDevice(seg):
				bad("segment " + seg + " is a Windows device name")
			}
		}
		if again, err := cleanAlias(a); err != nil || again != a {
			bad("checking it again gives " + again)
		}
	}
	f.Fuzz(func(t *testing.T, s string) {
		if a, err := cleanAlias(s); err == nil {
			clean(t, s, a)
		}
		src := []byte("---\naliases: " + s + "\n---\n")
		fm, _, _, errs := ParseFrontMatter("f.md", src)
		lines := bytes.Count(src, []byte("\n")) + 1
		for _, d := range errs {
			if d.Line < 1 || d.Line > lines {
				t.Errorf("ParseFrontMatter(%q): diagnostic %q is outside the file's %d lines", src, d.Error(), lines)
			}
		}
		for _, a := range fm.Aliases {
			clean(t, string(src), a)
		}
	})
}
