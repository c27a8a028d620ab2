package site

import (
	"context"
	"encoding/json"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

// TestUpdatesAreListedOnWhatTheyAreAbout checks that an entity's page and
// its JSON twin list the updates whose about: names it, newest first,
// and no others; and that the feed and the update's structured data
// carry its authors and correction date.
func TestUpdatesAreListedOnWhatTheyAreAbout(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	// The fixture's first update (2026-02-11) is about acme and a1.
	fsys["content/updates/later.md"] = file("---\ntitle: Later news\ndate: 2026-03-05\nabout: carriers/acme\nauthor: Cy Young\n---\n\nMore.\n")
	fsys["content/updates/earlier.md"] = file("---\ntitle: Earlier news\ndate: 2026-01-02\nabout: [states/va, carriers/acme]\n---\n\nLess.\n")
	fsys["content/updates/other.md"] = file("---\ntitle: Other news\ndate: 2026-04-01\nabout: [carriers/bigbox]\n---\n\nElse.\n")
	out := pagesOf(t, &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), NoMinify: true, BaseURL: "https://portal.example/"})
	titles := regexp.MustCompile(`<li><a href="[^"]*updates/[a-z]+/">([^<]+)</a>`)
	for _, tc := range []struct {
		page string
		want []string
	}{
		{"carriers/acme/index.html", []string{"Later news", "First update", "Earlier news"}},
		{"carriers/bigbox/index.html", []string{"Other news"}},
		{"states/va/index.html", []string{"Earlier news"}},
		{"auctions/a1/index.html", []string{"First update"}},
		{"facilities/rpdc-a/index.html", nil},
	} {
		html := out[tc.page]
		_, section, _ := strings.Cut(html, `<h2 id="related-h">`)
		section, _, _ = strings.Cut(section, "</section>")
		var got []string
		for _, m := range titles.FindAllStringSubmatch(section, -1) {
			got = append(got, m[1])
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s lists updates %q, want %q", tc.page, got, tc.want)
		}
	}

	var twin struct {
		Updates []struct{ Title, Date, URL string }
	}
	if err := json.Unmarshal([]byte(out["carriers/acme/index.json"]), &twin); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, u := range twin.Updates {
		got = append(got, u.Date+" "+u.Title+" "+u.URL)
	}
	want := []string{
		"2026-03-05 Later news https://portal.example/updates/later/",
		"2026-02-11 First update https://portal.example/updates/first/",
		"2026-01-02 Earlier news https://portal.example/updates/earlier/",
	}
	if !slices.Equal(got, want) {
		t.Errorf("carriers/acme/index.json updates = %q, want %q", got, want)
	}

	for _, tc := range []struct{ file, want string }{
		{"index.xml", "<published>2026-03-05T00:00:00Z</published>\n    <updated>2026-03-05T00:00:00Z</updated>\n    <author>\n      <name>Cy Young</name>\n    </author>"},
		{"index.xml", "<published>2026-02-11T00:00:00Z</published>\n    <updated>2026-02-14T00:00:00Z</updated>\n    <author>\n      <name>Ana Díaz</name>\n    </author>\n    <author>\n      <name>Bo Li</name>\n    </author>"},
		{"index.xml", "<published>2026-01-02T00:00:00Z</published>\n    <updated>2026-01-02T00:00:00Z</updated>\n  </entry>"},
		{"updates/first/index.html", `"datePublished":"2026-02-11","dateModified":"2026-02-14","author":[{"@type":"Person","name":"Ana Díaz"},{"@type":"Person","name":"Bo Li"}]`},
		{"updates/first/index.html", `By Ana Díaz and Bo Li · Published <time datetime="2026-02-11">11 February 2026</time> · Updated <time datetime="2026-02-14">14 February 2026</time>`},
		{"updates/later/index.html", `"dateModified":"2026-03-05","author":[{"@type":"Person","name":"Cy Young"}]`},
		{"updates/earlier/index.html", `About <a href="../../states/va/">Virginia</a>, <a href="../../carriers/acme/">Acme Parcel &lt;Co&gt;</a>`},
	} {
		if !strings.Contains(out[tc.file], tc.want) {
			t.Errorf("%s does not contain %q", tc.file, tc.want)
		}
	}
	if strings.Contains(out["updates/earlier/index.html"], `"author"`) {
		t.Errorf("updates/earlier/index.html names an author; its front matter has none")
	}
}

// TestAboutMustNameAPage checks that an about: entry naming no page is an
// error at the place it is written, with the nearest entity suggested;
// an update held back until its date is checked too.
func TestAboutMustNameAPage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ about, want string }{
		{"[carriers/acm]", `content/updates/x.md:4:9: about: no carrier "acm" in data/carriers.csv (did you mean "carriers/acme"?)`},
		{"\n  - carriers/acme\n  - carrier/bigbox", `content/updates/x.md:6:5: about: no section "carrier" (did you mean "carriers/bigbox"?)`},
		{"[people/bob]", `content/updates/x.md:4:9: about: no section "people": want one of agreements, auctions, carriers, facilities, states`},
		{"[states/zz]", `content/updates/x.md:4:9: about: no state "zz" in data/facilities.csv`},
		{"[states/tx, agreements/acme-2042]", `content/updates/x.md:4:20: about: no agreement "acme-2042" in data/agreements.csv (did you mean "agreements/acme-2024"?)`},
		{"auctions/a2", `content/updates/x.md:4:8: about: no auction "a2" in data/auctions.csv (did you mean "auctions/a1"?)`},
		{"[facilities/lpc-bb]", `content/updates/x.md:4:9: about: no facility "lpc-bb" in data/facilities.csv (did you mean "facilities/lpc-b"?)`},
	} {
		for _, date := range []string{"2026-11-20", "2027-01-01"} { // published, held back
			fsys := fixture(t)
			fsys["content/updates/x.md"] = file("---\ntitle: X\ndate: " + date + "\nabout: " + tc.about + "\n---\n\nText.\n")
			b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25")}
			_, _, err := b.Generate(context.Background())
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Errorf("about: %s (dated %s): Generate = %v, want an input error", tc.about, date, err)
				continue
			}
			if got := strings.TrimSuffix(ie.List.Format(0), "\n"); got != tc.want {
				t.Errorf("about: %s (dated %s): errors\n%s\nwant\n%s", tc.about, date, got, tc.want)
			}
		}
	}
}
