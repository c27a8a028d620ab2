package dataset_test

import (
	"bytes"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// Seed inputs live in testdata/fuzz/<FuzzName>/.

var plainAmount = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,2})?$`)

// FuzzParseCents: an accepted amount is plain dollars and cents, never
// negative, and its String form parses back to the same amount.
func FuzzParseCents(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		c, err := dataset.ParseCents(s)
		if err != nil {
			return
		}
		if !plainAmount.MatchString(s) {
			t.Errorf("ParseCents(%q) = %d, want error (not plain dollars and cents)", s, int64(c))
		}
		if c < 0 {
			t.Errorf("ParseCents(%q) = %d, want >= 0", s, int64(c))
		}
		back, err := dataset.ParseCents(c.String())
		if err != nil || back != c {
			t.Errorf("ParseCents(%q) = %d, %v, want %d (from ParseCents(%q))", c.String(), int64(back), err, int64(c), s)
		}
	})
}

// FuzzParseDate: an accepted date formats back to the text it came from.
func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := dataset.ParseDate(s)
		if err != nil {
			return
		}
		if got := d.String(); got != s {
			t.Errorf("ParseDate(%q).String() = %q, want %q", s, got, s)
		}
		if back, err := dataset.ParseDate(d.String()); err != nil || back != d {
			t.Errorf("ParseDate(%q) = %+v, %v, want %+v", d.String(), back, err, d)
		}
		if s != "" && d.Time().Format("2006-01-02") != s {
			t.Errorf("ParseDate(%q).Time() = %v, want that day", s, d.Time())
		}
	})
}

var suggestion = regexp.MustCompile(`\(like "([^"]*)"\)`)

// FuzzParseSlug: an accepted id is a slug and safe as one path segment; a
// refused one comes with a suggestion that is itself a slug.
func FuzzParseSlug(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		id, err := dataset.ParseSlug(s)
		if err != nil {
			m := suggestion.FindStringSubmatch(err.Error())
			if m == nil || !dataset.IsSlug(m[1]) {
				t.Errorf("ParseSlug(%q) error = %q, want a suggestion that is an id", s, err)
			}
			return
		}
		if s == "" {
			if id != "" {
				t.Errorf(`ParseSlug("") = %q, want ""`, id)
			}
			return
		}
		if !dataset.IsSlug(string(id)) {
			t.Errorf("ParseSlug(%q) = %q, but IsSlug is false", s, id)
		}
		if strings.ContainsAny(string(id), `/.\`) || len(id) > dataset.MaxSlugLen {
			t.Errorf("ParseSlug(%q) = %q, want no '/', '.' or '\\' and at most %d bytes", s, id, dataset.MaxSlugLen)
		}
	})
}

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

// readEnum reads v into a T the way gocsv does and returns what was kept.
func readEnum[T ~string, P interface {
	*T
	UnmarshalCSV(string) error
}](v string) (string, error) {
	var x T
	err := P(&x).UnmarshalCSV(v)
	return string(x), err
}

// FuzzEnum reads arbitrary text as every enumerated column: a value is
// accepted exactly when it is blank or one of the column's values, as
// written (no case folding, no trimming), and a refusal quotes the value.
func FuzzEnum(f *testing.F) {
	enums := []struct {
		column string
		read   func(string) (string, error)
		values []string
	}{
		{"carriers.kind", readEnum[dataset.CarrierKind], dataset.CarrierKinds},
		{"facilities.type", readEnum[dataset.FacilityType], dataset.FacilityTypes},
		{"facilities.state", readEnum[dataset.StateCode], dataset.USStates},
		{"agreements.status", readEnum[dataset.AgreementStatus], dataset.AgreementStatuses},
		{"agreements.terms_public", readEnum[dataset.TermsPublic], dataset.TermsPublicValues},
		{"auctions.status", readEnum[dataset.AuctionStatus], dataset.AuctionStatuses},
		{"auctions.award_rule", readEnum[dataset.AwardRule], dataset.AwardRules},
		{"participation.status", readEnum[dataset.ParticipationStatus], dataset.ParticipationStatuses},
	}
	f.Fuzz(func(t *testing.T, v string) {
		for _, e := range enums {
			got, err := e.read(v)
			allowed := v == "" || slices.Contains(e.values, v)
			switch {
			case err == nil && !allowed:
				t.Errorf("%s: UnmarshalCSV(%q) accepted it, want an error (not one of %q)", e.column, v, e.values)
			case err != nil && allowed:
				t.Errorf("%s: UnmarshalCSV(%q) = %v, want it accepted", e.column, v, err)
			case err == nil && got != v:
				t.Errorf("%s: UnmarshalCSV(%q) kept %q, want the value as written", e.column, v, got)
			case err != nil && !strings.Contains(err.Error(), strconv.Quote(v)):
				t.Errorf("%s: UnmarshalCSV(%q) error %q does not quote the value", e.column, v, err)
			}
		}
	})
}
