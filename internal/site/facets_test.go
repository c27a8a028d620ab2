package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
)

// TestFacetPages builds the bundled portal and checks every facet page
// against the model: it lists exactly the rows with its value, in the
// list's order, and its CSV, read back with the portal's own loader, holds
// those rows with the same cells as the data set's download.
func TestFacetPages(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	const src = "../.."
	asOf := dataset.MustDate("2026-11-25")
	data, errs := dataset.Load(ctx, os.DirFS(src), "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatal(errs.Err())
	}
	p := model.New(data, asOf)
	out := generated(t, src, asOf)

	type want struct {
		url string
		ids []string
	}
	var cases []want
	group := func(prefix string, ids []string, value func(i int) string) {
		by := map[string][]string{}
		for i, id := range ids {
			if v := value(i); v != "" {
				by[v] = append(by[v], id)
			}
		}
		for v, ids := range by {
			cases = append(cases, want{prefix + v + "/", ids})
		}
	}
	ags := model.AgreementsByWeight(p.Agreements)
	agIDs := idsOf(ags, func(a *model.Agreement) dataset.Slug { return a.ID })
	group("agreements/status/", agIDs, func(i int) string { return ags[i].Status })
	group("agreements/customer/", agIDs, func(i int) string {
		if ags[i].Shipper != nil {
			return "named"
		}
		return "sealed"
	})
	fs_ := model.FacilitiesByWeight(p.Facilities)
	fIDs := idsOf(fs_, func(f *model.Facility) dataset.Slug { return f.ID })
	group("facilities/type/", fIDs, func(i int) string {
		return strings.ToLower(strings.NewReplacer("&", "").Replace(string(fs_[i].Type)))
	})
	group("facilities/state/", fIDs, func(i int) string {
		if fs_[i].State == nil {
			return ""
		}
		return fs_[i].State.Slug
	})
	cs := model.CarriersByWeight(p.Carriers)
	cIDs := idsOf(cs, func(c *model.Carrier) dataset.Slug { return c.ID })
	group("carriers/kind/", cIDs, func(i int) string { return string(cs[i].Kind) })
	if len(cases) < 10 {
		t.Fatalf("only %d facet values in the bundled portal", len(cases))
	}

	sitemap := string(out["sitemap.xml"].Data)
	for _, tc := range cases {
		list := strings.SplitN(tc.url, "/", 2)[0]
		page, ok := out[tc.url+"index.html"]
		if !ok {
			t.Errorf("no facet page %s", tc.url)
			continue
		}
		if got := rowLinks(string(page.Data), list); !slices.Equal(got, tc.ids) {
			t.Errorf("%s lists %q, want %q", tc.url, got, tc.ids)
		}
		if !strings.Contains(sitemap, "https://example.org/"+tc.url+"<") {
			t.Errorf("sitemap.xml does not list %s", tc.url)
		}
		// The download, read back in place of the data set's file (the
		// data sets that refer to its rows left empty).
		csvPath := tc.url + list + ".csv"
		if _, ok := out[csvPath]; !ok {
			t.Errorf("no download %s", csvPath)
			continue
		}
		back := readFacet(t, src, out, list, csvPath)
		got, wantRows := facetRows(back, list), facetRows(data, list)
		got = got[:min(len(got), len(tc.ids))]
		var gotIDs []string
		for _, r := range got {
			gotIDs = append(gotIDs, r[0])
			if !slices.Equal(r, wantRows.get(r[0])) {
				t.Errorf("%s: row %s = %q, want %q", csvPath, r[0], r, wantRows.get(r[0]))
			}
		}
		if !slices.Equal(gotIDs, tc.ids) {
			t.Errorf("%s holds %q, want %q", csvPath, gotIDs, tc.ids)
		}
	}

	// The whole lists show the same order.
	for _, l := range []struct {
		url string
		ids []string
	}{{"agreements/", agIDs}, {"facilities/", fIDs}, {"carriers/", cIDs}} {
		list := strings.TrimSuffix(l.url, "/")
		if got := rowLinks(string(out[l.url+"index.html"].Data), list); !slices.Equal(got, l.ids[:min(len(l.ids), pages.PerPage)]) {
			t.Errorf("%s lists %q, want %q", l.url, got, l.ids)
		}
	}
	if ags[0].Shipper == nil || fs_[0].Concentration.Total == 0 || cs[0].CapacityWon == 0 {
		t.Errorf("the lists open with %s, %s and %s: want a named agreement and the largest capacity", ags[0].ID, fs_[0].ID, cs[0].ID)
	}
}

func idsOf[T any](items []T, id func(T) dataset.Slug) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = string(id(it))
	}
	return out
}

// rowLinks returns the ids of the entity pages the row headers of a list
// page's table (id LIST-table) link, in order.
func rowLinks(page, list string) []string {
	re := regexp.MustCompile(`<th scope="row"><a href="(?:\.\./)*` + list + `/([a-z0-9-]+)/">`)
	if i := strings.Index(page, `id="`+list+`-table"`); i >= 0 {
		page = page[i:]
		page = page[:strings.Index(page, "</table>")]
	}
	var out []string
	for _, m := range re.FindAllStringSubmatch(page, -1) {
		out = append(out, m[1])
	}
	return out
}

// readFacet loads the site's data with the download at csvPath read in
// place of the data set list: its rows first, then the data set's other
// rows (from the data set's own download), so that every reference
// resolves. The first rows read back are the download's.
func readFacet(t *testing.T, src string, out fs.FS, list, csvPath string) *dataset.Data {
	t.Helper()
	fsys := fstest.MapFS{}
	for _, name := range dataset.Names {
		data, err := os.ReadFile(filepath.Join(src, "data", name+".csv"))
		if err != nil {
			t.Fatal(err)
		}
		fsys["data/"+name+".csv"] = &fstest.MapFile{Data: data}
	}
	manifest, err := os.ReadFile(filepath.Join(src, "data", dataset.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}
	fsys["data/"+dataset.ManifestFile] = &fstest.MapFile{Data: manifest}
	facet := csvRecords(t, plainCSV(t, out, csvPath))
	seen := map[string]bool{}
	for _, r := range facet[1:] {
		seen[r[0]] = true
	}
	for _, r := range csvRecords(t, plainCSV(t, out, "data/"+list+".csv"))[1:] {
		if !seen[r[0]] {
			facet = append(facet, r)
		}
	}
	fsys["data/"+list+".csv"] = &fstest.MapFile{Data: csvOf(t, facet)}
	d, errs := dataset.Load(context.Background(), fsys, "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatalf("reading %s back:\n%s", csvPath, errs.Format(20))
	}
	return d
}

func csvRecords(t *testing.T, data []byte) [][]string {
	t.Helper()
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return records
}

// facetRows are the rows of a data set as the cells' texts, in order;
// as a map, by id.
func facetRows(d *dataset.Data, list string) rowTexts {
	var out rowTexts
	add := func(cols []dataset.Column, row any) {
		var texts []string
		for _, c := range cols {
			texts = append(texts, c.Of(row).CSV())
		}
		out = append(out, texts)
	}
	switch list {
	case "agreements":
		for i := range d.Agreements.Rows {
			add(d.Agreements.Columns, &d.Agreements.Rows[i])
		}
	case "facilities":
		for i := range d.Facilities.Rows {
			add(d.Facilities.Columns, &d.Facilities.Rows[i])
		}
	case "carriers":
		for i := range d.Carriers.Rows {
			add(d.Carriers.Columns, &d.Carriers.Rows[i])
		}
	default:
		panic(fmt.Sprint("no facets of ", list))
	}
	return out
}

type rowTexts [][]string

func (r rowTexts) get(id string) []string {
	for _, row := range r {
		if row[0] == id {
			return row
		}
	}
	return nil
}
