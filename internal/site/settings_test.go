package site

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/testkit"
)

func TestLoadSettings(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, src string
		want      Settings
		errs      string
	}{
		{"no file", "", DefaultSettings, ""},
		{"every setting", "base_url: https://example.gov/portal\ntitle: Postal Watch\nlanguage: en-US\nignore: [\"*.psd\", drafts/*]\n",
			Settings{BaseURL: "https://example.gov/portal", Title: "Postal Watch", Language: "en-US", Ignore: []string{"*.psd", "drafts/*"}}, ""},
		{"some settings", "title: Postal Watch\n", Settings{BaseURL: DefaultBaseURL, Title: "Postal Watch", Language: "en"}, ""},
		{"an empty file", "# nothing yet\n", DefaultSettings, ""},
		{"unknown setting", "title: X\nbaseurl: https://x.org/\n", Settings{},
			"portal.yaml:2:1: unknown setting \"baseurl\": want base_url, title, language or ignore\n"},
		{"relative address", "base_url: /portal/\n", Settings{},
			"portal.yaml:1:11: base_url: \"/portal/\": want an absolute http(s) address like https://example.org/portal/\n"},
		{"address with a query", "base_url: https://x.org/?a=1\n", Settings{},
			"portal.yaml:1:11: base_url: \"https://x.org/?a=1\": want an absolute http(s) address like https://example.org/portal/\n"},
		{"bad language", "language: English\n", Settings{},
			"portal.yaml:1:11: language: \"English\" is not a language tag: want one like en or en-US\n"},
		{"list for a value", "title: [a, b]\n", Settings{}, "portal.yaml:1:8: title: want a single value\n"},
		{"bad pattern", "ignore: [\"[\"]\n", Settings{}, "portal.yaml:1:10: ignore: \"[\" is not a file pattern (see Go's path.Match)\n"},
		{"set twice", "title: A\ntitle: B\n", Settings{}, "portal.yaml:2:1: title: set twice\n"},
		{"not a mapping", "- a\n- b\n", Settings{}, "portal.yaml:1:1: settings must be a mapping of names to values, like base_url: https://example.org/\n"},
		{"syntax error", "title: \"open\n", Settings{}, "portal.yaml:2: yaml: line 2: found unexpected end of stream\n"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			if tc.src != "" {
				fsys[SettingsFile] = file(tc.src)
			}
			got, errs := LoadSettings(fsys)
			if msg := errs.Format(0); msg != tc.errs {
				t.Fatalf("LoadSettings(%q) errors =\n%s\nwant\n%s", tc.src, msg, tc.errs)
			}
			if tc.errs == "" && (got.BaseURL != tc.want.BaseURL || got.Title != tc.want.Title || got.Language != tc.want.Language || !slices.Equal(got.Ignore, tc.want.Ignore)) {
				t.Errorf("LoadSettings(%q) = %+v, want %+v", tc.src, got, tc.want)
			}
		})
	}
}

// The settings reach the site: its address (absolute only where a format
// needs it), title and language; a flag overrides the file.
func TestSettingsReachTheSite(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	fsys[SettingsFile] = file("base_url: https://postal.example/watch/\ntitle: Postal Watch\nlanguage: en-GB\n")
	files, _, err := (&Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25")}).Generate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	get := func(name string) string {
		for _, f := range files {
			if f.Path == name {
				return string(f.Data)
			}
		}
		t.Fatalf("no %s in the build", name)
		return ""
	}
	home := get("index.html")
	for _, want := range []string{`<html lang="en-GB">`, `<title>Postal Watch</title>`, `href="https://postal.example/watch/"`,
		`<meta property="og:locale" content="en_GB">`, `<meta name="generator" content="portal `, `href="carriers/"`} {
		if !strings.Contains(home, want) {
			t.Errorf("index.html does not contain %s", want)
		}
	}
	for _, name := range []string{"sitemap.xml", "robots.txt", "index.xml", "data/datapackage.json"} {
		if !strings.Contains(get(name), "https://postal.example/watch/") {
			t.Errorf("%s does not name the site's address", name)
		}
	}
	if !strings.Contains(get("index.xml"), "<title>Postal Watch: updates</title>") {
		t.Errorf("the feed does not carry the site's title")
	}
	if !strings.Contains(get("data/datapackage.json"), `"generator"`) {
		t.Errorf("datapackage.json does not name its generator")
	}
	over := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), BaseURL: "https://other.example/"}
	files, _, err = over.Generate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if home := get("index.html"); !strings.Contains(home, `href="https://other.example/"`) || strings.Contains(home, "postal.example") {
		t.Errorf("--base-url did not override portal.yaml")
	}
}

// A build for an address no public site has warns once; serve's preview
// does not.
func TestPlaceholderAddressWarns(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		settings string
		preview  bool
		warns    bool
	}{
		{"", false, true}, // no portal.yaml: localhost
		{"base_url: https://example.org/\n", false, true},
		{"base_url: http://127.0.0.1:8000/\n", false, true},
		{"base_url: https://postal.example.gov/\n", false, false},
		{"", true, false},
	} {
		fsys := fixture(t)
		if tc.settings != "" {
			fsys[SettingsFile] = file(tc.settings)
		}
		res, err := (&Build{FS: fsys, Out: t.TempDir(), AsOf: dataset.MustDate("2026-11-25"), Preview: tc.preview}).Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, w := range res.Warnings {
			if w.Field == "base_url" {
				n++
			}
		}
		if want := map[bool]int{true: 1, false: 0}[tc.warns]; n != want {
			t.Errorf("settings %q, preview %v: %d address warnings, want %d:\n%s", tc.settings, tc.preview, n, want, res.Warnings.Format(0))
		}
	}
}

// Updates dated after the as-of date are held back, from the list, the
// feed, the search index and the sitemap, until a build on their date or
// one with Future set.
func TestFutureUpdatesAreHeldBack(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	fsys["content/updates/embargoed.md"] = file("---\ntitle: Embargoed news\ndate: 2026-12-01\nsummary: Not yet.\n---\n\nEMBARGOED-TEXT\n")
	for _, tc := range []struct {
		asOf   string
		future bool
		held   int
	}{
		{"2026-11-25", false, 1},
		{"2026-11-25", true, 0},
		{"2026-12-01", false, 0},
	} {
		files, res, err := (&Build{FS: fsys, AsOf: dataset.MustDate(tc.asOf), Future: tc.future}).Generate(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if res.Held != tc.held {
			t.Errorf("as of %s, future %v: Held = %d, want %d", tc.asOf, tc.future, res.Held, tc.held)
		}
		found := false
		for _, f := range files {
			if bytes.Contains(f.Data, []byte("EMBARGOED-TEXT")) || bytes.Contains(f.Data, []byte("Embargoed news")) {
				found = true
			}
		}
		if found != (tc.held == 0) {
			t.Errorf("as of %s, future %v: the update is published: %v, want %v", tc.asOf, tc.future, found, tc.held == 0)
		}
	}
}

// portal.yaml's ignore list leaves files out of the site.
func TestSettingsIgnoreList(t *testing.T) {
	t.Parallel()
	src := testkit.Bundled(t)
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(src, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(SettingsFile, "base_url: https://postal.example.gov/\nignore: [\"*.psd\", \"notes/*\"]\n")
	write("static/mockup.psd", "PSD")
	if err := os.MkdirAll(filepath.Join(src, "content", "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	write("content/notes/todo.txt", "TODO")
	write("static/kept.txt", "kept")
	out := t.TempDir()
	if _, err := (&Build{Src: src, Out: out, AsOf: dataset.MustDate("2026-11-25"), Limits: dataset.DefaultLimits}).Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"mockup.psd", "notes/todo.txt"} {
		if _, err := os.Stat(filepath.Join(out, name)); err == nil {
			t.Errorf("%s was published although portal.yaml ignores it", name)
		}
	}
	if _, err := os.Stat(filepath.Join(out, "kept.txt")); err != nil {
		t.Errorf("kept.txt was not published: %v", err)
	}
}

// FuzzLoadSettings: any portal.yaml is read without a panic, every
// problem points inside the file, and what is accepted is a usable
// address, language and pattern list.
func FuzzLoadSettings(f *testing.F) {
	for _, s := range []string{"", "base_url: https://x.org/\n", "title: A\nlanguage: en-US\nignore: [\"*.psd\"]\n", "- a\n", "a: &x [*x]\n", "title: \"\\x00\"\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		set, errs := LoadSettings(fstest.MapFS{SettingsFile: file(src)})
		// YAML breaks lines at \n, \r\n and a lone \r.
		lines := strings.Count(strings.ReplaceAll(src, "\r\n", "\n"), "\n") + strings.Count(strings.ReplaceAll(src, "\r\n", ""), "\r") + 1
		for _, d := range errs {
			if d.Line > lines {
				t.Errorf("%v: line %d, but the file has %d lines", d, d.Line, lines)
			}
		}
		if errs.Err() != nil {
			return
		}
		if _, err := ParseBaseURL(set.BaseURL); err != nil {
			t.Errorf("accepted base_url %q: %v", set.BaseURL, err)
		}
		if !languageTag.MatchString(set.Language) || set.Title == "" {
			t.Errorf("accepted language %q, title %q", set.Language, set.Title)
		}
	})
}

// TestHeldBackUpdatesAreChecked: an update held back until its date is not
// rendered, but the problems of its data blocks and figures are reported
// now, as they are when it is published.
func TestHeldBackUpdatesAreChecked(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	fsys["content/updates/embargoed.md"] = file("---\ntitle: Embargoed news\ndate: 2026-12-01\nsummary: Not yet.\n---\n\nUSPS awarded :figure[capacity]{auction=nosuch}.\n\n```portal\ntable: lots\n```\n")
	// One problem alone in a body, each: a held-back body is parsed when
	// it holds a figure's prefix or a block's info string.
	fsys["content/updates/figure-only.md"] = file("---\ntitle: Figure only\ndate: 2026-12-02\n---\n\nAwarded :figure[capacity]{auction=nosuch2}.\n")
	fsys["content/updates/block-only.md"] = file("---\ntitle: Block only\ndate: 2026-12-02\n---\n\n```portal\ntable: lotz\n```\n")
	var msgs []string
	for _, future := range []bool{false, true} {
		_, _, err := (&Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), Future: future}).Generate(context.Background())
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Fatalf("future %v: Generate = %v, want an input error", future, err)
		}
		got := ie.List.Format(0)
		for _, want := range []string{"content/updates/embargoed.md:7:32: inline figure: auction: no auction with id \"nosuch\"", "content/updates/embargoed.md:10:1: portal block: table: unknown data set \"lots\"",
			"content/updates/figure-only.md:", "nosuch2", "content/updates/block-only.md:", "\"lotz\""} {
			if !strings.Contains(got, want) {
				t.Errorf("future %v: errors\n%s\nwant them to say %q", future, got, want)
			}
		}
		msgs = append(msgs, got)
	}
	if msgs[0] != msgs[1] {
		t.Errorf("held back, the errors are\n%s\npublished, they are\n%s", msgs[0], msgs[1])
	}
}
