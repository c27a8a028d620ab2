package site

import (
	"bytes"
	"context"
	"errors"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

func TestCheckFindsBrokenLinksAtTheirSource(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, file, body, want string
		fine                   string // a link beside the broken one, not to be reported
	}{
		{"markdown link", "content/guide.md", "---\ntitle: Guide\n---\n\nIntro.\n\nSee [the lots](/auctions/a2/).\n",
			`content/guide.md:7:16: link /auctions/a2/: no such page or file in the build`, ""},
		{"missing image", "content/guide.md", "---\ntitle: Guide\n---\n\n![chart](/img/chart.png)\n",
			`content/guide.md:5:10: link /img/chart.png: no such page or file in the build`, ""},
		{"missing fragment", "content/guide.md", "---\ntitle: Guide\n---\n\n[lot](/auctions/a1/#lot-nope)\n",
			`content/guide.md:5:7: link /auctions/a1/#lot-nope: no element with id "lot-nope" on auctions/a1/index.html`, ""},
		{"template link", "templates/partials/provenance.html", `{{define "provenance"}}<a href="{{url "/nowhere/"}}">x</a>{{end}}`,
			`templates/carrier.html: on page /carriers/acme/: link /nowhere/: no such page or file in the build (see carriers/acme/index.html)`, ""},
		{"relative markdown link", "content/guide.md", "---\ntitle: Guide\n---\n\nSee [acme](../carriers/acmee/).\n",
			`content/guide.md:5:12: link /carriers/acmee/: no such page or file in the build`, ""},
		{"link under the base path", "content/guide.md", "---\ntitle: Guide\n---\n\n[x](/portal/carriers/acmee/)\n",
			`content/guide.md:5:5: link /carriers/acmee/: no such page or file in the build`, ""},
		{"fragment of its own page", "content/guide.md", "---\ntitle: Guide\n---\n\n## Intro\n\n[x](#intro) [y](#nope)\n",
			`content/guide.md:7:17: link /guide#nope: no element with id "nope" on guide/index.html`, "#intro"},
		{"missing download", "content/guide.md", "---\ntitle: Guide\n---\n\n[x](/data/carriers.csv) [y](/data/nope.csv)\n",
			`content/guide.md:5:29: link /data/nope.csv: no such page or file in the build`, "carriers.csv"},
		{"external link that does not parse", "templates/partials/provenance.html", `{{define "provenance"}}<a href="https://example.org/ok/">x</a><a href="https://[bad/">y</a>{{end}}`,
			`templates/agreement.html: on page /agreements/acme-2024/: link "https://[bad/" does not parse: parse "https://[bad/": missing ']' in host (see agreements/acme-2024/index.html)`, "example.org/ok"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fixture(t)
			fsys[tc.file] = file(tc.body)
			b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), BaseURL: "https://example.org/portal/"}
			_, err := b.Check(context.Background(), false)
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("Check = %v, want broken links", err)
			}
			found := false
			for _, d := range ie.List {
				if d.Error() == tc.want {
					found = true
				}
				if tc.fine != "" && strings.Contains(d.Error(), tc.fine) {
					t.Errorf("Check reports a link that works: %s", d.Error())
				}
			}
			if !found {
				t.Errorf("Check errors:\n%s\nwant among them:\n%s", ie.List.Format(5), tc.want)
			}
		})
	}
}

func TestCheckWarnsOfExpiringAgreementsWithoutAnUpdate(t *testing.T) {
	t.Parallel()
	// acme-2024 expires 2026-12-31, 36 days after the as-of date, and the
	// fixture's only update does not mention it.
	want := `data/agreements.csv:2:84: warning: agreement "acme-2024" expires on 2026-12-31, in 36 days, and no update mentions it: consider writing one (portal new update "...")`
	b := &Build{FS: fixture(t), AsOf: dataset.MustDate("2026-11-25")}
	res, err := b.Check(context.Background(), false)
	if err != nil {
		t.Fatalf("Check (not strict) = %v, want success with a warning", err)
	}
	if len(res.Warnings) != 1 || res.Warnings[0].Error() != want {
		t.Errorf("warnings =\n%s\nwant\n%s", res.Warnings.Format(0), want)
	}
	if _, err := b.Check(context.Background(), true); !errors.Is(err, ErrInput) {
		t.Errorf("Check --strict = %v, want the warning to fail it", err)
	}

	// An update mentions the agreement by its id or its docket, as a
	// whole word: a longer word that holds the id does not count.
	// An update about the agreement (about: in its front matter) counts
	// too; one about its shipper does not.
	for _, tc := range []struct {
		about, body string
		mentioned   bool
	}{
		{"", "The [agreement](/agreements/acme-2024/) ends soon.", true},
		{"", "Docket CP2024-10, filed in January 2024, ends soon.", true},
		{"", "acme-2024", true},
		{"", "Not acme-20245 nor xacme-2024, nor CP2024-100.", false},
		{"", "Ünïcode around it:«acme-2024»", true},
		{"about: [agreements/acme-2024]\n", "It ends soon.", true},
		{"about: [carriers/acme, agreements/old-1]\n", "It ends soon.", false},
	} {
		fsys := fixture(t)
		fsys["content/updates/acme.md"] = file("---\ntitle: Acme's deal\ndate: 2026-11-20\n" + tc.about + "---\n\n" + tc.body + "\n")
		b = &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25")}
		if _, err := b.Check(context.Background(), true); (err == nil) != tc.mentioned {
			t.Errorf("with an update that says %q%q, Check --strict = %v, want the agreement mentioned: %v", tc.about, tc.body, err, tc.mentioned)
		}
	}
}

func TestContentImagesAreCopied(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	fsys["content/updates/chart.png"] = file("\x89PNG fake")
	fsys["content/updates/pic.md"] = file("---\ntitle: Pic\ndate: 2026-01-01\n---\n\n![a chart](../chart.png)\n")
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25")}
	files, _, err := b.Generate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range files {
		found = found || f.Path == "updates/chart.png"
	}
	if !found {
		t.Errorf("content/updates/chart.png was not copied to updates/chart.png")
	}
	if _, err := b.Check(context.Background(), false); err != nil {
		t.Errorf("Check = %v, want the image reference to resolve", err)
	}
}

// Every build checks the links it makes, not only portal check: a broken
// link written in markdown fails the build at its file, line and column,
// and leaves the output as it was.
func TestBuildFailsOnBrokenLinks(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	out := t.TempDir()
	b := &Build{FS: fsys, Out: out, AsOf: dataset.MustDate("2026-11-25")}
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatalf("first build: %v", err)
	}
	before, _ := snapshot(t, out)
	fsys["content/guide.md"] = file("---\ntitle: Guide\n---\n\nSee [x](/carriers/acmee/) and [y](/carriers/acme/#nope).\n")
	_, err := b.Run(context.Background())
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("build with a broken link = %v, want an input error", err)
	}
	want := "content/guide.md:5:9: link /carriers/acmee/: no such page or file in the build\n" +
		"content/guide.md:5:35: link /carriers/acme/#nope: no element with id \"nope\" on carriers/acme/index.html\n"
	if got := ie.List.Format(0); got != want {
		t.Errorf("errors =\n%swant\n%s", got, want)
	}
	if after, _ := snapshot(t, out); !maps.Equal(before, after) {
		t.Errorf("a build that failed on links changed the output")
	}
}

// TestColdBuildChecksLinksToFiles: a cold build settles links to the
// files it has before its pages render, and to static files, but checks
// a link to a file with no extension, which the check looks for as a
// folder's index.html, as portal check does.
func TestColdBuildChecksLinksToFiles(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	fsys["static/CNAME"] = file("example.org\n")
	fsys["static/notes.txt"] = file("notes\n")
	fsys["content/guide.md"] = file("---\ntitle: Guide\n---\n\n[a](/CNAME) [b](/notes.txt) [c](/data/carriers.csv) [d](/data/nope.csv)\n")
	b := &Build{FS: fsys, Out: t.TempDir(), AsOf: dataset.MustDate("2026-11-25")}
	_, err := b.Run(context.Background())
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("build = %v, want broken links", err)
	}
	want := "content/guide.md:5:5: link /CNAME: no such page or file in the build\n" +
		"content/guide.md:5:57: link /data/nope.csv: no such page or file in the build\n"
	if got := ie.List.Format(0); got != want {
		t.Errorf("errors =\n%swant\n%s", got, want)
	}
	_, err = b.Check(context.Background(), false)
	if !errors.As(err, &ie) || ie.List.Format(0) != want {
		t.Errorf("portal check = %v, want the build's errors\n%s", err, want)
	}
}

// idWordsAsRunes is what idWords replaced: the words of text split rune
// by rune.
func idWordsAsRunes(text []byte) [][]byte {
	var words [][]byte
	for w := range bytes.FieldsFuncSeq(text, func(r rune) bool {
		return !(r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z')
	}) {
		words = append(words, w)
	}
	return words
}

func TestIDWords(t *testing.T) {
	for _, text := range []string{
		"", " ", "a", "agreement-12 expires", "MC2024-7, CP2024-8.", "—MC2024-7—", "é-1ü", "\xffMC1\xfe2\xc3",
		"über CP2020-1\u00a0done", "-- -a- ", "x\x00y\tz\r\n9", "日本MC1語",
	} {
		var got [][]byte
		for w := range idWords([]byte(text)) {
			got = append(got, w)
		}
		if want := idWordsAsRunes([]byte(text)); !slices.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("%q: words %q, want %q", text, got, want)
		}
	}
}

func FuzzIDWords(f *testing.F) {
	for _, s := range []string{"agreement-12 expires", "é-1ü\xff", "MC2024-7, CP2024-8."} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		var got [][]byte
		for w := range idWords(text) {
			got = append(got, w)
		}
		if want := idWordsAsRunes(text); !slices.EqualFunc(got, want, bytes.Equal) {
			t.Errorf("%q: words %q, want %q", text, got, want)
		}
	})
}
