package content

import (
	"reflect"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// exported drops the positions kept for Load, so tests can compare the
// fields a caller sees.
func exported(fm FrontMatter) FrontMatter {
	fm.slugPos, fm.aliasPos, fm.aboutKeyPos, fm.aboutPos = diag.Pos{}, nil, diag.Pos{}, nil
	fm.datePos, fm.lastmodPos = diag.Pos{}, diag.Pos{}
	return fm
}

func TestParseFrontMatter(t *testing.T) {
	tests := []struct {
		name     string
		src      string
		want     FrontMatter
		body     string
		bodyLine int
	}{
		{
			name: "no front matter", src: "# Hello\n---\n",
			body: "# Hello\n---\n", bodyLine: 1,
		},
		{
			name: "every field",
			src: "---\ntitle: First look\ndate: 2026-01-20\nsummary: \"What we know\"\ndraft: true\n" +
				"weight: -3\nslug: first-look\naliases: [/old/, /older]\nabout: [carriers/amazon, states/va]\n" +
				"author: [Ana Díaz, \" Bo Li \"]\nlastmod: 2026-01-21\n---\n# Body\n",
			want: FrontMatter{
				Title: "First look", Date: dataset.MustDate("2026-01-20"), Summary: "What we know",
				Draft: true, Weight: -3, Slug: "first-look", Aliases: []string{"/old/", "/older/"},
				About: []string{"carriers/amazon", "states/va"}, Author: []string{"Ana Díaz", "Bo Li"}, Lastmod: dataset.MustDate("2026-01-21"),
			},
			body: "# Body\n", bodyLine: 13,
		},
		{
			name: "CRLF and BOM", src: "\ufeff---\r\ntitle: X\r\n---\r\nbody\r\n",
			want: FrontMatter{Title: "X"}, body: "body\r\n", bodyLine: 4,
		},
		{
			name: "BOM without front matter", src: "\ufeffbody\n",
			body: "body\n", bodyLine: 1,
		},
		{name: "empty", src: "---\n---\nbody", body: "body", bodyLine: 3},
		{name: "comments only", src: "---\n# nothing yet\n---\n", bodyLine: 4},
		{name: "null document", src: "---\n~\n---\n", bodyLine: 4},
		{name: "closing line at end of file", src: "---\ntitle: a\n---", want: FrontMatter{Title: "a"}, bodyLine: 4},
		{name: "delimiters with trailing blanks", src: "--- \ntitle: a\n---\t\nx", want: FrontMatter{Title: "a"}, body: "x", bodyLine: 4},
		{name: "quoted date", src: "---\ndate: \"2026-01-20\"\n---\n", want: FrontMatter{Date: dataset.MustDate("2026-01-20")}, bodyLine: 4},
		{name: "one alias as a string", src: "---\naliases: /a\n---\n", want: FrontMatter{Aliases: []string{"/a/"}}, bodyLine: 4},
		{name: "alias list", src: "---\naliases:\n  - /a/b.c/\n  - /~x_y-z\n---\n", want: FrontMatter{Aliases: []string{"/a/b.c/", "/~x_y-z/"}}, bodyLine: 6},
		{name: "number as title", src: "---\ntitle: 1984\n---\n", want: FrontMatter{Title: "1984"}, bodyLine: 4},
		{name: "nulls leave fields unset", src: "---\ntitle:\ndate: ~\ndraft: null\nweight:\nslug:\naliases:\nabout:\nauthor:\nlastmod:\n---\n", bodyLine: 12},
		{name: "one author as a string", src: "---\nauthor: Ana Díaz\n---\n", want: FrontMatter{Author: []string{"Ana Díaz"}}, bodyLine: 4},
		{name: "one entity as a string", src: "---\nabout: auctions/usps-last-mile-2026\n---\n", want: FrontMatter{About: []string{"auctions/usps-last-mile-2026"}}, bodyLine: 4},
		{name: "lastmod on the date", src: "---\ndate: 2026-01-20\nlastmod: 2026-01-20\n---\n", want: FrontMatter{Date: dataset.MustDate("2026-01-20"), Lastmod: dataset.MustDate("2026-01-20")}, bodyLine: 5},
		{name: "lastmod without a date", src: "---\nlastmod: 2026-01-20\n---\n", want: FrontMatter{Lastmod: dataset.MustDate("2026-01-20")}, bodyLine: 4},
		{name: "hex weight", src: "---\nweight: 0x10\n---\n", want: FrontMatter{Weight: 16}, bodyLine: 4},
		{name: "draft false", src: "---\ndraft: false\n---\n", bodyLine: 4},
		{name: "block scalar summary", src: "---\nsummary: |\n  one\n  two\n---\n", want: FrontMatter{Summary: "one\ntwo\n"}, bodyLine: 6},
		{name: "indented --- is YAML", src: "---\nsummary: |\n  a\n  ---\n---\n", want: FrontMatter{Summary: "a\n---\n"}, bodyLine: 6},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fm, body, line, errs := ParseFrontMatter("a.md", []byte(tt.src))
			if errs != nil {
				t.Fatalf("ParseFrontMatter(%q) errors:\n%s", tt.src, errs.Format(0))
			}
			if got := exported(fm); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ParseFrontMatter(%q) = %+v, want %+v", tt.src, got, tt.want)
			}
			if string(body) != tt.body || line != tt.bodyLine {
				t.Errorf("ParseFrontMatter(%q) body = %q at line %d, want %q at line %d", tt.src, body, line, tt.body, tt.bodyLine)
			}
		})
	}
}

func TestParseFrontMatterErrors(t *testing.T) {
	fm := func(yaml string) string { return "---\n" + yaml + "\n---\nbody\n" }
	tests := []struct {
		name  string
		src   string
		want  []string // diag.Diagnostic.Error() of each, sorted
		field string   // Field of the first diagnostic
	}{
		{"no closing line", "---\ntitle: a\n\nbody\n", []string{`a.md:1: front matter: no closing "---" line`}, ""},
		{"too large", fm("summary: " + strings.Repeat("x", MaxFrontMatter)),
			[]string{`a.md:1: front matter is 65546 bytes, more than the 65536 allowed`}, ""},
		{"invalid UTF-8", fm("title: a\xffb"), []string{`a.md:2:9: front matter: invalid UTF-8: save the file as UTF-8`}, ""},

		// YAML syntax errors, at the file line: the scanner's and the
		// parser's messages count lines differently.
		{"scanner error", fm("title: a\n bad: b"), []string{`a.md:3: front matter: mapping values are not allowed in this context`}, ""},
		{"parser error", fm("title: a\nweight: 1\n- c"), []string{`a.md:4: front matter: did not find expected key`}, ""},
		{"parser error on the first line", fm("- a\nb: 1"), []string{`a.md:3: front matter: did not find expected '-' indicator`}, ""},
		{"error at first line without a number", fm("a: b: c"), []string{`a.md:2: front matter: mapping values are not allowed in this context`}, ""},
		{"unclosed quote", fm("title: \"a"), []string{`a.md:3: front matter: found unexpected end of stream`}, ""},
		{"tab indent", fm("aliases:\n\t- /a/"), []string{`a.md:3: front matter: found character that cannot start any token`}, ""},
		{"second document", fm("title: a\n...\n--- b"), []string{`a.md:4:5: front matter: want one YAML document, found a second one`}, ""},
		{"bad second document", fm("title: a\n...\ntitle: b"), []string{`a.md:4: front matter: did not find expected <document start>`}, ""},
		{"control character", fm("title: a\nsummary: b\x01"), []string{`a.md:3:11: front matter: character U+0001 is not allowed in YAML`}, ""},

		{"list at top level", fm("- a\n- b"), []string{`a.md:2:1: front matter: want key: value lines, got a list`}, ""},
		{"text at top level", fm("just words"), []string{`a.md:2:1: front matter: want key: value lines, got "just words"`}, ""},
		{"key not a scalar", fm("[a]: b"), []string{`a.md:2:1: front matter: want a plain key such as title, got a list`}, ""},
		{"unknown key close to one", fm("titel: a"), []string{`a.md:2:1: unknown front matter key "titel" (did you mean "title"?)`}, "titel"},
		{"unknown key in capitals", fm("Date: 2026-01-20"), []string{`a.md:2:1: unknown front matter key "Date" (did you mean "date"?)`}, "Date"},
		{"unknown key two edits away", fm("alias: /a/"), []string{`a.md:2:1: unknown front matter key "alias" (did you mean "aliases"?)`}, "alias"},
		{"unknown key", fm("colour: red"), []string{`a.md:2:1: unknown front matter key "colour": want one of title, date, summary, draft, weight, slug, aliases, about, author, lastmod`}, "colour"},
		{"unknown key close to author", fm("authors: Ana"), []string{`a.md:2:1: unknown front matter key "authors" (did you mean "author"?)`}, "authors"},
		{"unknown key close to lastmod", fm("last_mod: 2026-01-20"), []string{`a.md:2:1: unknown front matter key "last_mod" (did you mean "lastmod"?)`}, "last_mod"},
		{"duplicate key", fm("title: a\ntitle: b"), []string{`a.md:3:1: duplicate front matter key "title" (see a.md:2:1)`}, "title"},

		{"title a mapping", fm("title: {a: b}"), []string{`a.md:2:8: title: want a string, got a mapping`}, "title"},
		{"title with an escaped control character", fm(`title: "a\x00b"`), []string{`a.md:2:8: title: has control character U+0000 at byte 2`}, "title"},
		{"summary with an escaped control character", fm(`summary: "a\eb\Nc"`), []string{`a.md:2:10: summary: has control character U+001B at byte 2`}, "summary"},
		{"summary a list", fm("summary: [a]"), []string{`a.md:2:10: summary: want a string, got a list`}, "summary"},
		{"draft maybe", fm("draft: maybe"), []string{`a.md:2:8: draft: want true or false`}, "draft"},
		{"draft yes", fm("draft: yes"), []string{`a.md:2:8: draft: want true or false`}, "draft"},
		{"draft quoted", fm(`draft: "true"`), []string{`a.md:2:8: draft: want true or false`}, "draft"},
		{"date with slashes", fm("date: 2026/01/20"), []string{`a.md:2:7: date: "2026/01/20" is not a date: want YYYY-MM-DD`}, "date"},
		{"date with a time", fm("date: 2026-01-20T10:00:00Z"), []string{`a.md:2:7: date: "2026-01-20T10:00:00Z" is not a date: want YYYY-MM-DD`}, "date"},
		{"no such day", fm("date: 2026-02-30"), []string{`a.md:2:7: date: "2026-02-30" is not a date: no such day`}, "date"},
		{"date a list", fm("date: [2026-01-20]"), []string{`a.md:2:7: date: want a date as YYYY-MM-DD`}, "date"},
		{"weight a float", fm("weight: 1.5"), []string{`a.md:2:9: weight: want an integer`}, "weight"},
		{"weight quoted", fm(`weight: "3"`), []string{`a.md:2:9: weight: want an integer`}, "weight"},
		{"weight too large", fm("weight: 99999999999999999999"), []string{`a.md:2:9: weight: want an integer`}, "weight"},
		{"slug not a slug", fm("slug: First_Look"), []string{`a.md:2:7: slug: "First_Look" is not a slug: use lowercase letters, digits and hyphens`}, "slug"},
		{"slug empty", fm(`slug: ""`), []string{`a.md:2:7: slug: "" is not a slug: use lowercase letters, digits and hyphens`}, "slug"},
		{"slug a Windows device name", fm("slug: aux"), []string{`a.md:2:7: slug: "aux" is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9), where no file or folder can have it: choose another`}, "slug"},
		{"slug a Windows port", fm("slug: lpt1"), []string{`a.md:2:7: slug: "lpt1" is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9), where no file or folder can have it: choose another`}, "slug"},
		{"aliases a mapping", fm("aliases: {a: b}"), []string{`a.md:2:10: aliases: want a list of site paths such as "/old/page/"`}, "aliases"},
		{"alias a list", fm("aliases:\n  - [/a/]"), []string{`a.md:3:5: aliases: want a site path such as "/old/page/", got a list`}, "aliases"},
		{"alias without leading slash", fm("aliases: [old/]"), []string{`a.md:2:11: aliases: "old/" is not a site path: want one starting with "/"`}, "aliases"},
		{"alias with a space", fm(`aliases: ["/a b/"]`), []string{`a.md:2:11: aliases: "/a b/" is not a site path: ' ' is not allowed; use letters, digits and . _ ~ / -`}, "aliases"},
		{"alias with a query", fm(`aliases: ["/a?b=1"]`), []string{`a.md:2:11: aliases: "/a?b=1" is not a site path: '?' is not allowed; use letters, digits and . _ ~ / -`}, "aliases"},
		{"alias going up", fm("aliases: [/a/../b/]"), []string{`a.md:2:11: aliases: "/a/../b/" is not a site path: it has a ".." segment`}, "aliases"},
		{"alias ending in ..", fm("aliases: [/a/..]"), []string{`a.md:2:11: aliases: "/a/.." is not a site path: it has a ".." segment`}, "aliases"},
		{"alias with //", fm("aliases: [/a//b/]"), []string{`a.md:2:11: aliases: "/a//b/" is not a site path: it has an empty segment ("//")`}, "aliases"},
		{"alias a Windows device name", fm("aliases: [/old/con/]"), []string{`a.md:2:11: aliases: "/old/con/" is not a site path: "con" is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9), where no file or folder can have it`}, "aliases"},
		{"alias a device name in capitals", fm("aliases: [/NUL/]"), []string{`a.md:2:11: aliases: "/NUL/" is not a site path: "NUL" is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9), where no file or folder can have it`}, "aliases"},
		{"alias a device name with an extension", fm("aliases: [/com1.html]"), []string{`a.md:2:11: aliases: "/com1.html" is not a site path: "com1.html" is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9), where no file or folder can have it`}, "aliases"},
		{"alias a hidden folder", fm("aliases: [/.portal-manifest/]"), []string{`a.md:2:11: aliases: "/.portal-manifest/" is not a site path: ".portal-manifest" starts with a dot, which makes it a hidden file`}, "aliases"},
		{"alias three dots", fm("aliases: [/a/.../]"), []string{`a.md:2:11: aliases: "/a/.../" is not a site path: "..." starts with a dot, which makes it a hidden file`}, "aliases"},
		{"alias ending in a dot", fm("aliases: [/old/page./]"), []string{`a.md:2:11: aliases: "/old/page./" is not a site path: "page." ends with a dot, which Windows drops (it would be "page" there)`}, "aliases"},
		{"about a mapping", fm("about: {carriers: amazon}"), []string{`a.md:2:8: about: want a list of entities such as "carriers/amazon", got a mapping`}, "about"},
		{"about entry a list", fm("about:\n  - [carriers/amazon]"), []string{`a.md:3:5: about: want an entity such as "carriers/amazon", got a list`}, "about"},
		{"about entry empty", fm("about:\n  -\n  - carriers/ups"), []string{`a.md:3:4: about: want an entity such as "carriers/amazon", got nothing`}, "about"},
		{"about an id alone", fm("about: [amazon]"), []string{`a.md:2:9: about: "amazon" is not an entity: want its section and id, such as "carriers/amazon"`}, "about"},
		{"about a site path", fm("about: [/carriers/amazon/]"), []string{`a.md:2:9: about: "/carriers/amazon/" is not an entity: want its section and id, such as "carriers/amazon"`}, "about"},
		{"about in capitals", fm("about: [Carriers/Amazon]"), []string{`a.md:2:9: about: "Carriers/Amazon" is not an entity: a section and an id are lowercase letters, digits and hyphens, such as "carriers/amazon"`}, "about"},
		{"about three parts", fm("about: [carriers/amazon/lots]"), []string{`a.md:2:9: about: "carriers/amazon/lots" is not an entity: a section and an id are lowercase letters, digits and hyphens, such as "carriers/amazon"`}, "about"},
		{"about twice", fm("about:\n  - carriers/amazon\n  - carriers/amazon"), []string{`a.md:4:5: about: "carriers/amazon" is listed twice (see a.md:3:5)`}, "about"},
		{"author a mapping", fm("author: {name: Ana}"), []string{`a.md:2:9: author: want a name or a list of names, got a mapping`}, "author"},
		{"author entry a list", fm("author:\n  - [Ana]"), []string{`a.md:3:5: author: want a name, got a list`}, "author"},
		{"author blank", fm(`author: ["Ana", " "]`), []string{`a.md:2:17: author: a name cannot be blank`}, "author"},
		{"author with a control character", fm(`author: "A\tna\u0007"`), []string{`a.md:2:9: author: has control character U+0007 at byte 5`}, "author"},
		{"lastmod not a date", fm("lastmod: yesterday"), []string{`a.md:2:10: lastmod: "yesterday" is not a date: want YYYY-MM-DD`}, "lastmod"},
		{"lastmod a list", fm("lastmod: [2026-01-20]"), []string{`a.md:2:10: lastmod: want a date as YYYY-MM-DD`}, "lastmod"},
		{"lastmod before date", fm("lastmod: 2026-01-19\ndate: 2026-01-20"), []string{`a.md:2:10: lastmod: 2026-01-19 is before date 2026-01-20: lastmod is the date of the last correction, on or after the date published`}, "lastmod"},
		{"anchor and alias", fm("title: &t x\nsummary: *t"), []string{`a.md:2:8: front matter: YAML anchors and aliases are not allowed`}, ""},
		{"anchor alone", fm("aliases: &a [/a/]"), []string{`a.md:2:10: front matter: YAML anchors and aliases are not allowed`}, ""},
		{"unknown anchor", fm("summary: *t"), []string{`a.md:1: front matter: YAML anchors and aliases are not allowed`}, ""},

		// Columns count bytes, and lines follow the file, even where YAML
		// counts characters or breaks lines at a lone CR.
		{"column after multibyte text", fm("{title: é, draft: maybe}"), []string{`a.md:2:20: draft: want true or false`}, "draft"},
		{"lone CR", fm("title: a\rdraft: maybe"), []string{`a.md:2:17: draft: want true or false`}, "draft"},
		{"CRLF", "---\r\ntitle: a\r\ndraft: maybe\r\n---\r\n", []string{`a.md:3:8: draft: want true or false`}, "draft"},
		{"BOM", "\ufeff---\ndraft: maybe\n---\n", []string{`a.md:2:8: draft: want true or false`}, "draft"},

		{"every error is reported", fm("titel: a\ndate: soon\ndraft: 1\ntitel: b"), []string{
			`a.md:2:1: unknown front matter key "titel" (did you mean "title"?)`,
			`a.md:3:7: date: "soon" is not a date: want YYYY-MM-DD`,
			`a.md:4:8: draft: want true or false`,
			`a.md:5:1: duplicate front matter key "titel" (see a.md:2:1)`,
		}, "titel"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, _, errs := ParseFrontMatter("a.md", []byte(tt.src))
			errs.Sort()
			var got []string
			for _, d := range errs {
				got = append(got, d.Error())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Fatalf("ParseFrontMatter(%q) errors:\n%s\nwant:\n%s", tt.src, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if errs[0].Field != tt.field {
				t.Errorf("ParseFrontMatter(%q) field = %q, want %q", tt.src, errs[0].Field, tt.field)
			}
		})
	}
}

func TestParseFrontMatterKeepsGoodFields(t *testing.T) {
	src := "---\ntitle: Kept\ndraft: maybe\naliases: [/a/, bad, /b]\n---\n"
	fm, _, _, errs := ParseFrontMatter("a.md", []byte(src))
	if len(errs) != 2 {
		t.Fatalf("ParseFrontMatter(%q) errors:\n%swant 2", src, errs.Format(0))
	}
	want := FrontMatter{Title: "Kept", Aliases: []string{"/a/", "/b/"}}
	if got := exported(fm); !reflect.DeepEqual(got, want) {
		t.Errorf("ParseFrontMatter(%q) = %+v, want %+v", src, got, want)
	}
	wantPos := []diag.Pos{{File: "a.md", Line: 4, Col: 11}, {File: "a.md", Line: 4, Col: 21}}
	if !reflect.DeepEqual(fm.aliasPos, wantPos) {
		t.Errorf("ParseFrontMatter(%q) alias positions = %v, want %v", src, fm.aliasPos, wantPos)
	}
}
