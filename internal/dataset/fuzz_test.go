package dataset_test

import (
	"bytes"
	"regexp"
	"slices"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// Seed inputs live in testdata/fuzz/<FuzzName>/.

// FuzzLoadCarriers loads arbitrary bytes as carriers.csv beside the valid
// fixture: Load never panics, every message about the file points inside
// it, and a file without errors holds only valid ids.
func FuzzLoadCarriers(f *testing.F) {
	f.Fuzz(func(t *testing.T, src []byte) {
		fsys := dataFS(map[string]string{"carriers.csv": string(src)})
		d, errs := load(fsys, dataset.Limits{})
		lines := bytes.Split(src, []byte("\n"))
		inFile := func(what string, p diag.Pos, d *diag.Diagnostic) {
			if p.File != "data/carriers.csv" {
				return
			}
			if p.Line < 1 || p.Line > len(lines)+1 {
				t.Errorf("%s line %d of %q, want 1..%d (file has %d lines)", what, p.Line, d.Error(), len(lines)+1, len(lines))
				return
			}
			if p.Col < 0 {
				t.Errorf("%s column %d of %q, want >= 0", what, p.Col, d.Error())
			}
			if p.Line <= len(lines) && p.Col > len(lines[p.Line-1])+2 {
				t.Errorf("%s column %d of %q, want at most %d (line %d is %q)", what, p.Col, d.Error(), len(lines[p.Line-1])+2, p.Line, lines[p.Line-1])
			}
		}
		carrierErrors := 0
		for _, e := range errs {
			inFile("diagnostic", e.Pos, e)
			if e.Related != nil {
				inFile("related", *e.Related, e)
			}
			if e.File == "data/carriers.csv" && e.Severity == diag.Error {
				carrierErrors++
			}
		}
		if carrierErrors > 0 {
			return
		}
		for i, c := range d.Carriers.Rows {
			if !dataset.IsSlug(string(c.ID)) {
				t.Errorf("Load: carriers.csv has no errors, but row %d has id %q", i+1, c.ID)
			}
		}
	})
}

var didYouMean = regexp.MustCompile(`; did you mean "([^"]*)"\?$`)

// FuzzReferenceSuggestion writes an arbitrary id as an agreement's
// shipper: an unknown one is reported, and offered a carrier exactly when
// one is fewer than 3 edits away; what is offered is a real carrier, and
// no other is nearer.
func FuzzReferenceSuggestion(f *testing.F) {
	carriers := []string{"amazon", "ups", "ontrac", "lasership"} // the fixture's
	f.Fuzz(func(t *testing.T, id string) {
		if !dataset.IsSlug(id) || id == dataset.RedactedWord {
			return
		}
		src := edited(t, "agreements.csv", "nsa-sealed,redacted,", "nsa-sealed,"+id+",")
		_, errs := load(dataFS(map[string]string{"agreements.csv": src}), dataset.Limits{})
		nearest, nearestD := "", 3
		for _, c := range carriers {
			if d := dataset.EditDistance(id, c, nearestD); d < nearestD {
				nearest, nearestD = c, d
			}
		}
		if slices.Contains(carriers, id) {
			if len(errs) > 0 {
				t.Errorf("Load with shipper %q: %v, want no diagnostics", id, errs)
			}
			return
		}
		if len(errs) != 1 {
			t.Fatalf("Load with shipper %q: %d diagnostics %q, want 1", id, len(errs), messages(errs))
		}
		msg := errs[0].Error()
		m := didYouMean.FindStringSubmatch(msg)
		switch {
		case nearest == "" && m != nil:
			t.Errorf("Load with shipper %q: %q, want no suggestion (no carrier is within 2 edits)", id, msg)
		case nearest != "" && m == nil:
			t.Errorf("Load with shipper %q: %q, want a suggestion (%q is %d edits away)", id, msg, nearest, nearestD)
		case m != nil && !slices.Contains(carriers, m[1]):
			t.Errorf("Load with shipper %q: %q suggests %q, which is not a carrier", id, msg, m[1])
		case m != nil && dataset.EditDistance(id, m[1], 3) != nearestD:
			t.Errorf("Load with shipper %q: %q suggests %q, but %q is nearer", id, msg, m[1], nearest)
		}
	})
}
