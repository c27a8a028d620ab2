package site

import (
	"context"
	"encoding/csv"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/testkit"
)

// corpusSite builds the generated corpus at scale with the repository's
// templates and static files, and returns the output folder.
func corpusSite(t *testing.T, scale int) string {
	t.Helper()
	src, out := testkit.Corpus(t, scale, 1), t.TempDir()
	if _, err := (&Build{Src: src, Out: out, AsOf: asOf}).Run(context.Background()); err != nil {
		t.Fatalf("building the scale-%d corpus: %v", scale, err)
	}
	return out
}

var lotAnchor = regexp.MustCompile(`<tr id="?lot-([^" >]+)`)

// Every lot of an auction is listed exactly once across the auction page
// and its continuation pages, and no table on any page runs past PerPage
// rows.
func TestLongTablesArePaginated(t *testing.T) {
	t.Parallel()
	testkit.Long(t, "builds the generated corpus")
	out := corpusSite(t, 1)

	want := map[string]map[string]bool{} // auction -> lots in the data
	f, err := os.Open(filepath.Join(out, "data", "auction_results.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows[1:] {
		if want[r[0]] == nil {
			want[r[0]] = map[string]bool{}
		}
		want[r[0]][r[1]] = true
	}
	if len(want) == 0 {
		t.Fatal("the corpus has no lots")
	}

	got := map[string]map[string]int{}
	continuations := 0
	err = filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(p, ".html") {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		page := string(data)
		rel, _ := filepath.Rel(out, p)
		for i, body := range strings.Split(page, "<tbody>")[1:] {
			body, _, _ = strings.Cut(body, "</tbody>")
			if n := strings.Count(body, "<tr"); n > pages.PerPage {
				t.Errorf("%s: table %d has %d rows, more than %d", rel, i+1, n, pages.PerPage)
			}
		}
		parts := strings.Split(filepath.ToSlash(rel), "/")
		if parts[0] != "auctions" || len(parts) < 3 {
			return nil
		}
		if len(parts) > 3 && parts[2] == "lots" {
			continuations++
		} else if len(parts) != 3 {
			return nil
		}
		for _, m := range lotAnchor.FindAllStringSubmatch(page, -1) {
			if got[parts[1]] == nil {
				got[parts[1]] = map[string]int{}
			}
			got[parts[1]][m[1]]++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if continuations == 0 {
		t.Fatal("no auction has continuation pages of lots: the corpus should have auctions with more than pages.PerPage lots")
	}
	for auction, lots := range want {
		for lot := range lots {
			if n := got[auction][lot]; n != 1 {
				t.Errorf("auction %s: lot %s is listed %d times across its pages, want once", auction, lot, n)
			}
		}
		if len(got[auction]) != len(lots) {
			t.Errorf("auction %s: pages list %d lots, the data has %d", auction, len(got[auction]), len(lots))
		}
	}
}

// The largest HTML page stays the same size when the data doubles: long
// tables continue on further pages instead.
func TestPagesDoNotGrowWithTheData(t *testing.T) {
	t.Parallel()
	testkit.Long(t, "builds the generated corpus at scales 1 and 2")
	if testing.Short() {
		t.Skip("builds the corpus twice")
	}
	largest := func(out string) (string, int64) {
		var name string
		var size int64
		filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(p, ".html") {
				if info, err := d.Info(); err == nil && info.Size() > size {
					name, size = p, info.Size()
				}
			}
			return err
		})
		rel, _ := filepath.Rel(out, name)
		return rel, size
	}
	n1, s1 := largest(corpusSite(t, 1))
	n2, s2 := largest(corpusSite(t, 2))
	t.Logf("largest page: scale 1 %s (%d bytes), scale 2 %s (%d bytes)", n1, s1, n2, s2)
	if float64(s2) > 1.1*float64(s1) {
		t.Errorf("the largest page grew from %d bytes (%s, scale 1) to %d bytes (%s, scale 2): some page grows with the data", s1, n1, s2, n2)
	}
}

// A data set with a header and no rows builds: its list is one page that
// says so, and nothing else breaks.
func TestEmptyDataSetsBuild(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	for _, name := range []string{"auctions", "auction_results", "participation", "agreements"} {
		p := "data/" + name + ".csv"
		header, _, _ := strings.Cut(string(fsys[p].Data), "\n")
		fsys[p] = file(header + "\n")
	}
	// The fixture's updates link to an auction and agreements that are
	// gone now: the link check would rightly fail the build.
	for p := range fsys {
		if strings.HasPrefix(p, "content/updates/") {
			delete(fsys, p)
		}
	}
	out := t.TempDir()
	res, err := (&Build{FS: fsys, Out: out, AsOf: asOf}).Run(context.Background())
	if err != nil {
		t.Fatalf("building with empty auctions and agreements: %v", err)
	}
	for _, p := range []string{"auctions/index.html", "agreements/index.html"} {
		if _, err := os.Stat(filepath.Join(out, p)); err != nil {
			t.Errorf("%s: %v", p, err)
		}
	}
	t.Logf("%d pages", res.Pages)
}
