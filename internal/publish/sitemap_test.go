package publish

import (
	"bytes"
	"encoding/xml"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/render"
)

// Past the protocol's 50,000 URLs the sitemap is split, and sitemap.xml
// becomes the index of the parts; every page but the 404 page is in
// exactly one part.
func TestSitemapSplitsPastTheLimit(t *testing.T) {
	site := &pages.Site{BaseURL: "https://portal.example/"}
	var plan []*pages.Page
	for _, u := range []string{"/", "/a/", "/b/", "/404.html", "/c/", "/d/", "/e/"} {
		kind := "page"
		if u == "/404.html" {
			kind = "404"
		}
		plan = append(plan, &pages.Page{Kind: kind, URL: u})
	}
	one, _, err := sitemaps(site, plan, "sitemap.xml", 50000, false)
	if err != nil || len(one) != 1 || one[0].Path != "sitemap.xml" || !bytes.Contains(one[0].Data, []byte("<urlset")) {
		t.Fatalf("under the limit: %v %v, want one sitemap.xml urlset", one, err)
	}
	files, _, err := sitemaps(site, plan, "sitemap.xml", 2, false)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, f := range files {
		names = append(names, f.Path)
	}
	if want := []string{"sitemap.xml", "sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml"}; !slices.Equal(names, want) {
		t.Fatalf("files %v, want %v", names, want)
	}
	index := string(files[0].Data)
	if !strings.Contains(index, "<sitemapindex") || !strings.Contains(index, "<loc>https://portal.example/sitemap-3.xml</loc>") {
		t.Errorf("sitemap.xml is not an index of the parts:\n%s", index)
	}
	seen := map[string]int{}
	for _, f := range files[1:] {
		if n := strings.Count(string(f.Data), "<url>"); n > 2 {
			t.Errorf("%s lists %d URLs, more than 2", f.Path, n)
		}
		for _, m := range regexp.MustCompile(`<loc>([^<]*)</loc>`).FindAllStringSubmatch(string(f.Data), -1) {
			seen[m[1]]++
		}
	}
	for _, p := range plan {
		want := 1
		if p.Kind == "404" {
			want = 0
		}
		if got := seen["https://portal.example"+p.URL]; got != want {
			t.Errorf("%s is in %d sitemaps, want %d", p.URL, got, want)
		}
	}
}

// A sitemap of plain addresses is written compact, as marshalling it
// with encoding/xml and minifying would leave it, byte for byte, split or
// not; an address with a byte XML escapes, or no address at all, takes
// the marshaller and the minifier.
func TestSitemapCompactIsTheMinifiedXML(t *testing.T) {
	min := render.NewMinifier()
	for _, tc := range []struct {
		name    string
		urls    []string
		max     int
		compact bool
	}{
		{"one file", []string{"/", "/a/", "/b-c_d.e~f/", "/404.html", "/x/%41/"}, 50000, true},
		{"split", []string{"/", "/a/", "/b/", "/c/", "/d/"}, 2, true},
		{"ampersand", []string{"/", "/a&b/"}, 50000, false},
		{"quote", []string{"/", "/a\"b/"}, 50000, false},
		{"non-ASCII", []string{"/", "/café/"}, 50000, false},
		{"only the 404 page", []string{"/404.html"}, 50000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := &pages.Site{BaseURL: "https://portal.example/sub/"}
			var plan []*pages.Page
			for _, u := range tc.urls {
				kind := "page"
				if u == "/404.html" {
					kind = "404"
				}
				plan = append(plan, &pages.Page{Kind: kind, URL: u})
			}
			files, compact, err := sitemaps(site, plan, "sitemap.xml", tc.max, true)
			if err != nil {
				t.Fatal(err)
			}
			if compact != tc.compact {
				t.Fatalf("compact %t, want %t", compact, tc.compact)
			}
			if !compact {
				return
			}
			for _, f := range files {
				if want := longWay(t, min, f.Data); !bytes.Equal(f.Data, want) {
					t.Errorf("%s:\n got %s\nwant %s", f.Path, f.Data, want)
				}
			}
			// Unminified (portal build --no-minify), the files are indented.
			if _, compact, _ := sitemaps(site, plan, "sitemap.xml", tc.max, false); compact {
				t.Error("written compact for a build that does not minify")
			}
		})
	}
}

// longWay reads the root element and the addresses back from a compact
// sitemap, and returns them marshalled by encoding/xml and minified.
func longWay(t *testing.T, min *render.Minifier, data []byte) []byte {
	t.Helper()
	type u struct {
		Loc string `xml:"loc"`
	}
	var us []u
	for _, m := range regexp.MustCompile(`<loc>([^<]*)</loc>`).FindAllSubmatch(data, -1) {
		us = append(us, u{string(m[1])})
	}
	var v any
	if bytes.Contains(data, []byte("<sitemapindex ")) {
		v = struct {
			XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 sitemapindex"`
			URLs    []u      `xml:"sitemap"`
		}{URLs: us}
	} else {
		v = struct {
			XMLName xml.Name `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
			URLs    []u      `xml:"url"`
		}{URLs: us}
	}
	long, err := xmlFile(v)
	if err != nil {
		t.Fatal(err)
	}
	out, err := min.Minify("sitemap.xml", long)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
