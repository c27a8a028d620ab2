package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"
	"unicode"

	"go.yaml.in/yaml/v3"
	"golang.org/x/net/html"

	"github.com/postal-access/portal/internal/dataset"
)

// Every text from the data, the manifest, front matter and markdown is
// untrusted. These tests put attack payloads in every text field of every
// data set, in every field of the manifest and of front matter, and all
// over markdown bodies, build the site and check every output file: no
// payload becomes markup, script, a formula or a link anywhere.

// payloads are texts an attacker would try. Each is a valid value of a
// text field where the field's type allows it.
var payloads = []string{
	`<script>window.__pwned=1</script>`,
	`"><img src=x onerror=window.__pwned=1>`,
	`'><svg onload=window.__pwned=1>`,
	"`><details open ontoggle=window.__pwned=1>",
	`javascript:window.__pwned=1`,
	`</script><!--`,
	`<!--<script>window.__pwned=1</script>-->`,
	`</title><script>window.__pwned=1</script>`,
	`]]></title><x>`,
	`<style>*{display:none}</style>`,
	`<iframe srcdoc="<script>window.__pwned=1</script>">`,
	`=HYPERLINK("http://x")`,
	`+1`,
	`@SUM(A1)`,
	`-2+3`,
	"\tTAB=1",
	`{{.}}`,
	`&lt;script&gt;`,
	"line\u2028separator\u2029paragraph",
}

// hostileLink is the most hostile value a URL field accepts: quotes,
// angle brackets and spaces are refused, so it tries what is left.
const hostileLink = "https://evil.example/'onmouseover='window.__pwned=1'/`x`?q=%22%3E%3Cscript%3E&a=<b"

// legalLink is hostileLink without the part a URL field refuses.
var legalLink = hostileLink[:strings.Index(hostileLink, "&a=")]

// schemas gives each data set's columns, to find its text fields.
var schemas = map[string][]dataset.Column{
	"carriers":        dataset.ColumnsOf[dataset.Carrier](),
	"facilities":      dataset.ColumnsOf[dataset.Facility](),
	"agreements":      dataset.ColumnsOf[dataset.Agreement](),
	"auctions":        dataset.ColumnsOf[dataset.Auction](),
	"auction_results": dataset.ColumnsOf[dataset.Result](),
	"participation":   dataset.ColumnsOf[dataset.Participation](),
}

// csvText is s without the characters the data's text fields refuse
// (control characters other than tab and newline, and the line and
// paragraph separators), so that every payload has a form the data
// accepts.
func csvText(s string) string {
	s = strings.Map(func(r rune) rune {
		if r == '\u2028' || r == '\u2029' || unicode.IsControl(r) && r != '\t' && r != '\n' {
			return -1
		}
		return r
	}, s)
	var t dataset.Text
	if err := t.UnmarshalCSV(s); err != nil {
		panic(fmt.Sprintf("csvText(%q): %v", s, err))
	}
	return s
}

// hostile is the fixture with csvText(payload) in every text field of
// every data set, payload in every text field of the manifest, legalLink
// in every URL field, payload in the title and summary of every page, and
// hostileBody(payload) as every page's body.
func hostile(t testing.TB, payload string) fstest.MapFS {
	t.Helper()
	fsys := fixture(t)
	for name, cols := range schemas {
		p := "data/" + name + ".csv"
		records, err := csv.NewReader(bytes.NewReader(fsys[p].Data)).ReadAll()
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		for _, rec := range records[1:] {
			for i, h := range records[0] {
				c := cols[slices.IndexFunc(cols, func(c dataset.Column) bool { return c.Name == h })]
				switch c.Zero.(type) {
				case dataset.Text:
					rec[i] = csvText(payload)
				case dataset.Link:
					rec[i] = legalLink
				}
			}
		}
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := w.WriteAll(records); err != nil {
			t.Fatal(err)
		}
		fsys[p] = &fstest.MapFile{Data: buf.Bytes()}
	}

	type meta struct {
		Title        string `yaml:"title"`
		Description  string `yaml:"description"`
		Source       string `yaml:"source"`
		SourceURL    string `yaml:"source_url"`
		License      string `yaml:"license"`
		Updated      string `yaml:"updated"`
		Illustrative bool   `yaml:"illustrative"`
	}
	manifest := map[string]map[string]meta{"datasets": {}}
	for _, name := range dataset.Names {
		manifest["datasets"][name] = meta{payload, payload, payload, legalLink, payload, "2026-11-01", name == "auction_results"}
	}
	fsys["data/datasets.yaml"] = &fstest.MapFile{Data: yamlOf(t, manifest)}

	type frontMatter struct {
		Title   string   `yaml:"title"`
		Date    string   `yaml:"date,omitempty"`
		Summary string   `yaml:"summary"`
		Aliases []string `yaml:"aliases,omitempty"`
		Author  []string `yaml:"author,omitempty"`
		About   []string `yaml:"about,omitempty"`
	}
	page := func(fm frontMatter) *fstest.MapFile {
		src := "---\n" + string(yamlOf(t, fm)) + "---\n\n" + hostileBody(payload)
		return &fstest.MapFile{Data: []byte(src)}
	}
	delete(fsys, "content/updates/draft.md")
	fsys["content/about.md"] = page(frontMatter{Title: payload, Summary: payload})
	fsys["content/methodology.md"] = page(frontMatter{Title: payload + " 2", Summary: payload})
	fsys["content/carriers/acme.md"] = page(frontMatter{Title: payload, Summary: payload})
	fsys["content/updates/first.md"] = page(frontMatter{Title: payload, Date: "2026-02-11", Summary: payload, Aliases: []string{"/news/first/", "/old/a_b~c.d-e/"},
		Author: []string{payload, "Bo " + payload}, About: []string{"carriers/acme", "auctions/a1"}}) // bylines, the feed's authors, JSON-LD
	return fsys
}

func yamlOf(t testing.TB, v any) []byte {
	t.Helper()
	data, err := yaml.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// hostileBody is markdown with p in every kind of block and inline
// element, in data blocks, and as link and image addresses.
func hostileBody(p string) string {
	return strings.NewReplacer("{p}", p).Replace("## Heading {p}\n\n" +
		"{p}\n\n" +
		"Inline: *{p}* **{p}** `{p}` ~~{p}~~ [text {p}](/carriers/) [address]({p}) ![image {p}]({p}) <{p}>\n\n" +
		"[javascript](javascript:window.__pwned=1) [vbscript](VBScript:window.__pwned=1) [entity](&#106;avascript:window.__pwned=1) " +
		"![data](data:text/html,<script>window.__pwned=1</script>) <javascript:window.__pwned=1>\n\n" +
		"<img src=x onerror=window.__pwned=1> <script>window.__pwned=1</script>\n\n" +
		"| Column | {p} |\n|---|---|\n| {p} | cell |\n\n" +
		"> {p}\n\n" +
		"- {p}\n- [ ] {p}\n\n" +
		"```portal\ntable: carriers\ncolumns: id, name, website\ncaption: {p}\n```\n\n" +
		"```portal\nchart: shares auction=a1 by=carrier\ncaption: {p}\n```\n\n" +
		"```html\n{p}\n```\n\n" +
		"    {p}\n\n" +
		"[reference {p}][r]\n\n" +
		"[r]: /carriers/ '{p}'\n")
}

func TestInjection(t *testing.T) {
	t.Parallel()
	all := strings.Join(payloads, " ")
	for i, p := range append(payloads, all) {
		name := fmt.Sprintf("%02d %s", i, p)
		if p == all {
			name = "all at once"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			b := &Build{FS: hostile(t, p), AsOf: dataset.MustDate("2026-11-25"), BaseURL: "https://portal.example/", NoMinify: p == all, LinkWarnings: true}
			files, _, err := b.Generate(context.Background())
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			checkOutputs(t, files, p)
		})
	}
}

// TestInjectionUnsafeHTML builds with raw HTML in markdown let through:
// markdown is then trusted, but the data, the manifest and front matter
// still are not.
func TestInjectionUnsafeHTML(t *testing.T) {
	t.Parallel()
	p := strings.Join(payloads, " ")
	fsys := hostile(t, p)
	for name, f := range fsys {
		if strings.HasPrefix(name, "content/") {
			fm, _, _ := strings.Cut(string(f.Data), "\n---\n")
			f.Data = []byte(fm + "\n---\n\nA trusted body.\n")
		}
	}
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), BaseURL: "https://portal.example/", UnsafeHTML: true, LinkWarnings: true}
	files, _, err := b.Generate(context.Background())
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	checkOutputs(t, files, p)
}

// checkOutputs checks every file of a build made from hostile(payload).
func checkOutputs(t *testing.T, files []File, payload string) {
	t.Helper()
	byPath := map[string][]byte{}
	for _, f := range files {
		byPath[f.Path] = f.Data
		if bytes.Contains(f.Data, []byte("ZgotmplZ")) {
			t.Errorf("%s contains ZgotmplZ: an unsafe value reached a template", f.Path)
		}
		switch path.Ext(f.Path) {
		case ".html":
			checkHTML(t, f.Path, f.Data)
		case ".xml":
			checkXML(t, f.Path, f.Data)
		case ".json":
			checkJSON(t, f.Path, f.Data)
		case ".csv":
			checkCSV(t, f.Path, f.Data)
		}
	}
	// The payload was published, escaped, and not dropped: the checks
	// above had something to check.
	for _, p := range []string{"about/index.html", "carriers/acme/index.html", "updates/first/index.html", "data/index.html", "index.xml"} {
		if !publishes(p, byPath[p], payload) {
			t.Errorf("%s does not show the payload %q as text", p, payload)
		}
	}
	for _, p := range []string{"carriers/index.html", "carriers/acme/index.html", "facilities/rpdc-a/index.html", "agreements/acme-2024/index.html", "auctions/a1/index.html", "search/index.json", "carriers/acme/index.json", "data/carriers.csv"} {
		if !publishes(p, byPath[p], csvText(payload)) {
			t.Errorf("%s does not show the payload %q from the data as text", p, csvText(payload))
		}
	}
}

// publishes reports whether the file shows payload as text: in the text
// or an attribute of an HTML page, an XML element, a JSON string or a
// CSV cell (neutralised as a formula).
func publishes(name string, data []byte, payload string) bool {
	var texts []string
	switch path.Ext(name) {
	case ".html":
		doc, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			return false
		}
		for n := range doc.Descendants() {
			switch n.Type {
			case html.TextNode:
				texts = append(texts, n.Data)
			case html.ElementNode:
				for _, a := range n.Attr {
					texts = append(texts, a.Val)
				}
			}
		}
	case ".xml":
		d := xml.NewDecoder(bytes.NewReader(data))
		for {
			tok, err := d.Token()
			if err != nil {
				break
			}
			if c, ok := tok.(xml.CharData); ok {
				texts = append(texts, string(c))
			}
		}
	case ".json":
		var v any
		if json.Unmarshal(data, &v) != nil {
			return false
		}
		texts = jsonStrings(v, texts)
	case ".csv":
		records, _ := csv.NewReader(bytes.NewReader(data)).ReadAll()
		for _, rec := range records {
			texts = append(texts, rec...)
		}
		payload = dataset.SafeCell(payload)
	}
	for _, s := range texts {
		// Minified HTML collapses runs of white space.
		if strings.Contains(s, payload) || strings.Contains(strings.Join(strings.Fields(s), " "), strings.Join(strings.Fields(payload), " ")) {
			return true
		}
	}
	return false
}

func jsonStrings(v any, out []string) []string {
	switch x := v.(type) {
	case string:
		out = append(out, x)
	case []any:
		for _, e := range x {
			out = jsonStrings(e, out)
		}
	case map[string]any:
		for _, e := range x {
			out = jsonStrings(e, out)
		}
	}
	return out
}

// urlAttrs are the attributes whose value a browser follows or loads.
var urlAttrs = []string{"href", "src", "action", "formaction", "data", "poster", "cite", "background", "srcset", "xlink:href", "ping", "manifest", "codebase"}

// forbidden are elements no page of the portal has, so one in the output
// was made by a payload.
var forbidden = []string{"base", "iframe", "frame", "frameset", "object", "embed", "applet", "style", "x", "details", "portal", "template"}

// checkHTML parses an HTML page and fails the test for anything a payload
// could have made (see markupProblems) and for a missing Content Security
// Policy: every page but a redirect left at an alias carries one that
// forbids inline script.
func checkHTML(t *testing.T, name string, data []byte) {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(data))
	if err != nil {
		t.Errorf("%s: %v", name, err)
		return
	}
	for _, p := range markupProblems(doc) {
		t.Errorf("%s: %s", name, p)
	}
	csp := false
	for n := range doc.Descendants() {
		if n.Type == html.ElementNode && n.Data == "meta" && strings.EqualFold(attr(n, "http-equiv"), "content-security-policy") {
			csp = true
			for _, p := range cspProblems(attr(n, "content")) {
				t.Errorf("%s: %s", name, p)
			}
		}
	}
	if !csp {
		t.Errorf("%s has no Content-Security-Policy meta tag", name)
	}
}

// markupProblems lists what a payload could have made in a parsed page:
// an element no template makes, an event handler attribute, a script
// link, an inline script other than JSON data, a refresh to another site,
// or a comment holding a payload.
func markupProblems(doc *html.Node) []string {
	var out []string
	bad := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	for n := range doc.Descendants() {
		switch n.Type {
		case html.CommentNode:
			if strings.Contains(n.Data, "pwned") || strings.Contains(strings.ToLower(n.Data), "script") {
				bad("a payload made the comment <!--%s-->", n.Data)
			}
		case html.ElementNode:
			if slices.Contains(forbidden, n.Data) {
				bad("a payload made a <%s> element", n.Data)
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				if a.Namespace != "" {
					key = a.Namespace + ":" + key
				}
				switch {
				case strings.HasPrefix(key, "on"):
					bad("<%s %s=%q>: an event handler attribute", n.Data, a.Key, a.Val)
				case key == "srcdoc" || key == "style":
					bad("<%s %s=%q>: an attribute no template writes", n.Data, a.Key, a.Val)
				case slices.Contains(urlAttrs, key) && scriptURL(a.Val):
					bad("<%s %s=%q>: a link that runs script", n.Data, a.Key, a.Val)
				}
			}
			switch n.Data {
			case "script":
				out = append(out, scriptProblems(n)...)
			case "meta":
				if strings.EqualFold(attr(n, "http-equiv"), "refresh") {
					_, to, _ := strings.Cut(attr(n, "content"), "url=")
					// A redirect leads, relatively, to a page of the site.
					if u, err := url.Parse(to); err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(to, "//") || !strings.HasPrefix(to, "../") {
						bad("refreshes to %q, not a page of the site", to)
					}
				}
			}
		}
	}
	return out
}

// scriptURL reports whether a browser would run u as script, allowing for
// the blanks and control characters browsers strip from a URL's scheme.
func scriptURL(u string) bool {
	u = strings.ToLower(strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) {
			return -1
		}
		return r
	}, u))
	return strings.HasPrefix(u, "javascript:") || strings.HasPrefix(u, "vbscript:") || strings.HasPrefix(u, "data:text/html") || strings.HasPrefix(u, "data:image/svg")
}

func attr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

// scriptProblems allows a script loaded from the site, or JSON data that
// parses and could not close its element or open a comment.
func scriptProblems(n *html.Node) []string {
	if src := attr(n, "src"); src != "" {
		// The site's own scripts, relative to the page (see links.Relative).
		if u, err := url.Parse(src); err != nil || u.Scheme != "" || u.Host != "" || strings.HasPrefix(src, "//") {
			return []string{fmt.Sprintf("<script src=%q> loads script from elsewhere", src)}
		}
		return nil
	}
	var text strings.Builder
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		text.WriteString(c.Data)
	}
	var out []string
	switch typ := strings.ToLower(attr(n, "type")); typ {
	case "application/ld+json", "application/json":
		js := text.String()
		if !json.Valid([]byte(js)) {
			out = append(out, fmt.Sprintf("<script type=%q> holds JSON that does not parse (did a payload end it?): %.200q", typ, js))
		}
		if l := strings.ToLower(js); strings.Contains(l, "</script") || strings.Contains(l, "<!--") || strings.Contains(l, "<script") {
			out = append(out, fmt.Sprintf("<script type=%q> holds a raw </script, <script or <!--", typ))
		}
	default:
		out = append(out, fmt.Sprintf("inline <script type=%q>: %.200q", typ, text.String()))
	}
	return out
}

// cspProblems lists what is missing from, or too lax in, a Content
// Security Policy.
func cspProblems(policy string) []string {
	var out []string
	for _, want := range []string{"script-src 'self'", "object-src 'none'", "base-uri 'none'"} {
		if !strings.Contains(policy, want) {
			out = append(out, fmt.Sprintf("Content-Security-Policy %q lacks %s", policy, want))
		}
	}
	for _, bad := range []string{"'unsafe-inline'", "'unsafe-eval'", "*"} {
		if strings.Contains(policy, bad) {
			out = append(out, fmt.Sprintf("Content-Security-Policy %q allows %s", policy, bad))
		}
	}
	return out
}

// feedElements are every element the Atom feed and the sitemap may have.
var feedElements = []string{"feed", "title", "id", "link", "published", "updated", "author", "name", "entry", "summary", "urlset", "url", "loc"}

// checkXML parses the feed or the sitemap strictly: no element a payload
// made, no doctype (entities) and no processing instruction but the
// declaration.
func checkXML(t *testing.T, name string, data []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Errorf("%s does not parse: %v", name, err)
			return
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if !slices.Contains(feedElements, tok.Name.Local) {
				t.Errorf("%s: a payload made the element <%s>", name, tok.Name.Local)
			}
			for _, a := range tok.Attr {
				if a.Name.Local == "href" && !strings.HasPrefix(a.Value, "https://portal.example/") {
					t.Errorf("%s: <%s href=%q> leaves the site", name, tok.Name.Local, a.Value)
				}
			}
		case xml.Directive:
			t.Errorf("%s: a payload made the directive <!%s>", name, tok)
		case xml.ProcInst:
			if tok.Target != "xml" {
				t.Errorf("%s: a payload made the processing instruction <?%s?>", name, tok.Target)
			}
		}
	}
}

// checkJSON parses a JSON file. None is embedded in a page, but each is
// written as if it were: no raw "<" that could end a script element or
// open a comment.
func checkJSON(t *testing.T, name string, data []byte) {
	t.Helper()
	if !json.Valid(data) {
		t.Errorf("%s does not parse as JSON", name)
	}
	if l := bytes.ToLower(data); bytes.Contains(l, []byte("</script")) || bytes.Contains(l, []byte("<!--")) {
		t.Errorf("%s holds a raw </script or <!--", name)
	}
}

// checkCSV parses a download: no cell a spreadsheet would run as a
// formula, other than a negative number.
func checkCSV(t *testing.T, name string, data []byte) {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Errorf("%s does not parse as CSV: %v", name, err)
		return
	}
	for i, rec := range records {
		for j, cell := range rec {
			if cell == "" || !strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				continue
			}
			if _, err := strconv.ParseFloat(cell, 64); err != nil || cell[0] != '-' {
				t.Errorf("%s:%d: column %s holds %q, which a spreadsheet runs as a formula", name, i+1, records[0][j], cell)
			}
		}
	}
}

// hostileDir holds the data and content of hostile(every payload at
// once), for the browser test in internal/e2e, which loads each kind of
// page of it and checks that no payload ran.
const hostileDir = "testdata/hostile"

// TestHostileCorpus keeps testdata/hostile the same as hostile() makes it.
// Run `go test ./internal/site -update` after changing the fixture or the
// payloads.
func TestHostileCorpus(t *testing.T) {
	t.Parallel()
	fsys := hostile(t, strings.Join(payloads, " "))
	want := map[string][]byte{}
	for name, f := range fsys {
		if strings.HasPrefix(name, "data/") || strings.HasPrefix(name, "content/") {
			want[name] = f.Data
		}
	}
	if *update {
		if err := os.RemoveAll(hostileDir); err != nil {
			t.Fatal(err)
		}
		for name, data := range want {
			p := filepath.Join(hostileDir, filepath.FromSlash(name))
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	have := map[string][]byte{}
	err := filepath.WalkDir(hostileDir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(hostileDir, p)
		have[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	for name, data := range want {
		if !bytes.Equal(have[name], data) {
			t.Errorf("%s/%s is not what hostile() makes (run go test ./internal/site -update)", hostileDir, name)
		}
	}
	for name := range have {
		if _, ok := want[name]; !ok {
			t.Errorf("%s/%s is not made by hostile() (run go test ./internal/site -update)", hostileDir, name)
		}
	}
}
