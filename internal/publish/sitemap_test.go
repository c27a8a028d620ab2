package publish

import (
	"bytes"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/pages"
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
	one, err := sitemaps(site, plan, "sitemap.xml", 50000)
	if err != nil || len(one) != 1 || one[0].Path != "sitemap.xml" || !bytes.Contains(one[0].Data, []byte("<urlset")) {
		t.Fatalf("under the limit: %v %v, want one sitemap.xml urlset", one, err)
	}
	files, err := sitemaps(site, plan, "sitemap.xml", 2)
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
