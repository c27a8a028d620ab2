package publish

import (
	"bytes"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/pages"
)

// Every output is of a kind in pages.Kinds, which gives its address, and
// each kind is made by one row.
func TestOutputsAreKinds(t *testing.T) {
	seen := map[string]bool{}
	for _, o := range outputs {
		if pages.KindOf(o.kind) == nil {
			t.Errorf("output %q is not a kind in pages.Kinds", o.kind)
		}
		if seen[o.kind] {
			t.Errorf("output %q is made by two rows", o.kind)
		}
		seen[o.kind] = true
	}
}

// A kind with a JSON twin says how its twin is made.
func TestEveryTwinKindHasAnObject(t *testing.T) {
	for _, k := range pages.Kinds {
		if k.Twin && twinObjects[k.Name] == nil {
			t.Errorf("pages of kind %s have a JSON twin (Twin in pages.Kinds), but twinObjects has no row for it", k.Name)
		}
	}
	for name := range twinObjects {
		if k := pages.KindOf(name); k == nil || !k.Twin {
			t.Errorf("twinObjects has a row for %s, which is not a kind with a JSON twin", name)
		}
	}
}

// ids keeps the first of each id, in order, in short lists (a scan) and
// long ones (a map from the seventeenth id on).
func TestIDsDropRepeats(t *testing.T) {
	for _, n := range []int{0, 1, 15, 16, 17, 40} {
		var in, want []string
		for i := range n {
			s := fmt.Sprint(i)
			in = append(in, s, fmt.Sprint(i/2)) // i/2 is always seen already, but for i = 0
			want = append(want, s)
		}
		got := ids("x", in, func(s string) string { return s }).JSON.([]string)
		if !slices.Equal(got, want) {
			t.Errorf("ids(%d ids, each then a repeat) = %q, want %q", n, got, want)
		}
	}
}

// The search index is made an entry at a time: it must be the same bytes
// as marshalling all its entries at once, and null when there are none.
func TestSearchIndexJSONIsTheWholeArray(t *testing.T) {
	plan := []*pages.Page{
		{Kind: "carrier", URL: "/carriers/a/", Title: "A & <b>", Description: "ships \u2028 \"fast\""},
		{Kind: "carrier", URL: "/carriers/a/2/", Title: "A", Part: "agreements"},
		{Kind: "home", URL: "/", Title: "Home"},
		{Kind: "facility", URL: "/facilities/b/", Title: "Bé", Description: "Bé"},
	}
	var many []*pages.Page // past the entries that tell the size of the rest
	for i := range 10 * sampleRows {
		many = append(many, &pages.Page{Kind: "carrier", URL: fmt.Sprintf("/carriers/c%d/", i), Title: strings.Repeat("C", i%7)}, plan[1], plan[2])
	}
	for _, plan := range [][]*pages.Page{plan, plan[:1], plan[1:3], nil, many} {
		for _, indent := range []bool{false, true} {
			got, err := SearchIndexJSON(plan, indent)
			if err != nil {
				t.Fatal(err)
			}
			want, err := Marshal(SearchIndex(plan), indent)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%d pages (indent %v): entry by entry gives\n%s\nwant\n%s", len(plan), indent, got, want)
			}
			if cap(got) > len(got)*5/4+4096 {
				t.Errorf("%d pages (indent %v): an index of %d bytes holds %d", len(plan), indent, len(got), cap(got))
			}
		}
	}
}

// A writer writes JSON twins into memory it reuses: each twin must be
// Marshal's bytes, and stay so while the next ones are written.
func TestMarshalReusesNoTwin(t *testing.T) {
	w := &writer{}
	var got, want [][]byte
	for _, n := range []int{3, 300, 1, 40, 0} {
		o := dataset.Object{{Name: "id", JSON: fmt.Sprint("x", n)}}
		for i := range n {
			o = append(o, dataset.Pair{Name: fmt.Sprint("f", i), JSON: strings.Repeat("<&>", i%5)})
		}
		data, err := w.marshal(dataset.Record{More: o})
		if err != nil {
			t.Fatal(err)
		}
		m, err := Marshal(o, false)
		if err != nil {
			t.Fatal(err)
		}
		got, want = append(got, data), append(want, m)
	}
	for i := range got {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("twin %d: marshal gave\n%s\nwant\n%s", i, got[i], want[i])
		}
	}
}
