package site

import (
	"bytes"
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

// A data set's JSON download is made a row at a time; it must be the same
// bytes as marshalling every row at once, compact and indented.
func TestJSONDownloadIsTheWholeArray(t *testing.T) {
	t.Parallel()
	data := bundledData(t)
	check := func(name string, tb interface{ jsonBytes(bool) ([]byte, error) }, all []dataset.Object) {
		t.Helper()
		if all == nil {
			all = []dataset.Object{}
		}
		for _, indent := range []bool{false, true} {
			got, err := tb.jsonBytes(indent)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var want []byte
			if indent {
				want, err = json.MarshalIndent(all, "", "  ")
			} else {
				want, err = json.Marshal(all)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s (indent %v): row by row gives\n%.300s\nwant\n%.300s", name, indent, got, want)
			}
		}
	}
	var rows []dataset.Object
	for i := range data.Agreements.Rows {
		rows = append(rows, row(data.Agreements.Columns, &data.Agreements.Rows[i]))
	}
	if len(rows) < 2 {
		t.Fatal("the bundled agreements are too few to test with")
	}
	check("agreements", table[dataset.Agreement]{data.Agreements}, rows)
	one := *data.Agreements
	one.Rows = one.Rows[:1]
	check("one agreement", table[dataset.Agreement]{&one}, rows[:1])
	none := *data.Agreements
	none.Rows = nil
	check("no agreements", table[dataset.Agreement]{&none}, nil)
}

// Past the protocol's 50,000 URLs the sitemap is split, and sitemap.xml
// becomes the index of the parts; every page but the 404 page is in
// exactly one part.
func TestSitemapSplitsPastTheLimit(t *testing.T) {
	t.Parallel()
	site := &Site{BaseURL: "https://portal.example/"}
	var plan []*Page
	for _, u := range []string{"/", "/a/", "/b/", "/404.html", "/c/", "/d/", "/e/"} {
		kind := "page"
		if u == "/404.html" {
			kind = "404"
		}
		plan = append(plan, &Page{Kind: kind, URL: u})
	}
	one, err := sitemaps(site, plan, 50000)
	if err != nil || len(one) != 1 || one[0].Path != "sitemap.xml" || !bytes.Contains(one[0].Data, []byte("<urlset")) {
		t.Fatalf("under the limit: %v %v, want one sitemap.xml urlset", one, err)
	}
	files, err := sitemaps(site, plan, 2)
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
