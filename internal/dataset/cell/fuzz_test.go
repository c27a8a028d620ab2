package cell_test

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset/cell"
)

// Seed inputs live in testdata/fuzz/<FuzzName>/.

var plainAmount = regexp.MustCompile(`^[0-9]+(\.[0-9]{1,2})?$`)

// FuzzParseCents: an accepted amount is plain dollars and cents, never
// negative, and its String form parses back to the same amount.
func FuzzParseCents(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		c, err := cell.ParseCents(s)
		if err != nil {
			return
		}
		if !plainAmount.MatchString(s) {
			t.Errorf("ParseCents(%q) = %d, want error (not plain dollars and cents)", s, int64(c))
		}
		if c < 0 {
			t.Errorf("ParseCents(%q) = %d, want >= 0", s, int64(c))
		}
		back, err := cell.ParseCents(c.String())
		if err != nil || back != c {
			t.Errorf("ParseCents(%q) = %d, %v, want %d (from ParseCents(%q))", c.String(), int64(back), err, int64(c), s)
		}
	})
}

// FuzzParseDate: an accepted date formats back to the text it came from.
func FuzzParseDate(f *testing.F) {
	f.Fuzz(func(t *testing.T, s string) {
		d, err := cell.ParseDate(s)
		if err != nil {
			return
		}
		if got := d.String(); got != s {
			t.Errorf("ParseDate(%q).String() = %q, want %q", s, got, s)
		}
		if back, err := cell.ParseDate(d.String()); err != nil || back != d {
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
		id, err := cell.ParseSlug(s)
		if err != nil {
			m := suggestion.FindStringSubmatch(err.Error())
			if m == nil || !cell.IsSlug(m[1]) {
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
		if !cell.IsSlug(string(id)) {
			t.Errorf("ParseSlug(%q) = %q, but IsSlug is false", s, id)
		}
		if strings.ContainsAny(string(id), `/.\`) || len(id) > cell.MaxSlugLen {
			t.Errorf("ParseSlug(%q) = %q, want no '/', '.' or '\\' and at most %d bytes", s, id, cell.MaxSlugLen)
		}
	})
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
		{"carriers.kind", readEnum[cell.CarrierKind], cell.CarrierKinds},
		{"facilities.type", readEnum[cell.FacilityType], cell.FacilityTypes},
		{"facilities.state", readEnum[cell.StateCode], cell.USStates},
		{"agreements.status", readEnum[cell.AgreementStatus], cell.AgreementStatuses},
		{"agreements.terms_public", readEnum[cell.TermsPublic], cell.TermsPublicValues},
		{"auctions.status", readEnum[cell.AuctionStatus], cell.AuctionStatuses},
		{"auctions.award_rule", readEnum[cell.AwardRule], cell.AwardRules},
		{"participation.status", readEnum[cell.ParticipationStatus], cell.ParticipationStatuses},
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

// readEnum reads v into a T the way gocsv does and returns what was kept.
func readEnum[T ~string, P interface {
	*T
	UnmarshalCSV(string) error
}](v string) (string, error) {
	var x T
	err := P(&x).UnmarshalCSV(v)
	return string(x), err
}
