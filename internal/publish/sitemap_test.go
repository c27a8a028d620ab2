package publish

import (
	"bytes"
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

// A sitemap of plain addresses is written compact, as the build that
// does not minify writes it (indented, by encoding/xml) and the minifier
// then leaves it, byte for byte, file for file, split or not; an address
// with a byte XML escapes, an empty one, or none at all, takes the
// marshaller and the minifier.
func TestSitemapCompactIsTheMinifiedXML(t *testing.T) {
	min := render.NewMinifier()
	for _, tc := range []struct {
		name    string
		base    string
		urls    []string
		max     int
		compact bool
	}{
		{"one file", "https://portal.example/sub/", []string{"/", "/a/", "/b-c_d.e~f/", "/404.html", "/x/%41/"}, 50000, true},
		{"split", "https://portal.example/sub/", []string{"/", "/a/", "/b/", "/c/", "/d/"}, 2, true},
		{"split evenly", "https://portal.example", []string{"/", "/a/", "/b/", "/c/"}, 2, true},
		{"ampersand", "https://portal.example/sub/", []string{"/", "/a&b/"}, 50000, false},
		{"quote", "https://portal.example/sub/", []string{"/", "/a\"b/"}, 50000, false},
		{"non-ASCII", "https://portal.example/sub/", []string{"/", "/café/"}, 50000, false},
		{"an empty address", "", []string{"", "/a/"}, 50000, false},
		{"only the 404 page", "https://portal.example/sub/", []string{"/404.html"}, 50000, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			site := &pages.Site{BaseURL: tc.base}
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
			long, indented, err := sitemaps(site, plan, "sitemap.xml", tc.max, false)
			if err != nil || indented {
				t.Fatalf("without minifying: compact %t, %v; want the indented files", indented, err)
			}
			if len(files) != len(long) {
				t.Fatalf("%d files, %d without minifying", len(files), len(long))
			}
			for i, f := range files {
				data := f.Data
				if !compact {
					if data, err = min.Minify(f.Path, data); err != nil {
						t.Fatal(err)
					}
				}
				want, err := min.Minify(long[i].Path, long[i].Data)
				if err != nil {
					t.Fatal(err)
				}
				if f.Path != long[i].Path || !bytes.Equal(data, want) {
					t.Errorf("%s:\n got %s\nwant %s (%s minified)", f.Path, data, want, long[i].Path)
				}
				if bytes.Contains(long[i].Data, []byte("<loc>")) && !bytes.Contains(long[i].Data, []byte("\n  <")) {
					t.Errorf("%s without minifying is not indented:\n%s", long[i].Path, long[i].Data)
				}
			}
			if want := len(tc.urls) - strings.Count(strings.Join(tc.urls, " "), "/404.html"); strings.Count(string(bytes.Join(fileData(long), nil)), "<url>") != want {
				t.Errorf("the sitemaps do not list the %d pages", want)
			}
		})
	}
}

func fileData(files []File) [][]byte {
	out := make([][]byte, len(files))
	for i, f := range files {
		out[i] = f.Data
	}
	return out
}
