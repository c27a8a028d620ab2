package cell

import (
	"reflect"
	"testing"
)

// TestFieldCSVRoundTrip checks that each field type's CSV text reads
// back to the same value, that AppendCSV appends that text, that a value
// is a JSON number exactly when its column is of numbers and it is
// known, and that Show agrees on whether it is known.
func TestFieldCSVRoundTrip(t *testing.T) {
	t.Parallel()
	cases := []struct {
		zero Field
		text string
	}{
		{Slug(""), "acme"}, {Ref{}, "acme"}, {Ref{}, "redacted"}, {Ref{}, ""},
		{Text(""), "Ended; see \"notes\""}, {Link(""), "https://prc.example/a"}, {StateCode(""), "VA"}, {ZIP(""), "22102-1234"},
		{Latitude{}, "-36.85"}, {Longitude{}, "-176.29"}, {Money{}, "1200000.50"}, {Money{}, "redacted"}, {Money{}, ""},
		{Volume{}, "5000"}, {Volume{}, "redacted"}, {Count{}, "0"}, {Count{}, ""}, {Date{}, "2026-02-10"},
		{ContractDocket{}, "K2025-834"}, {ClassDocket{}, "MC2025-833"}, {CarrierKind(""), "consolidator"},
		{FacilityType(""), "S&DC"}, {AgreementStatus(""), "active"}, {AuctionStatus(""), "awarded"},
		{AwardRule(""), "lowest-price"}, {ParticipationStatus(""), "bid"}, {TermsPublic(""), "partial"},
	}
	for _, c := range cases {
		p := reflect.New(reflect.TypeOf(c.zero))
		if err := p.Interface().(interface{ UnmarshalCSV(string) error }).UnmarshalCSV(c.text); err != nil {
			t.Errorf("%T.UnmarshalCSV(%q): %v", c.zero, c.text, err)
			continue
		}
		f := p.Elem().Interface().(Field)
		if got := f.CSV(); got != c.text {
			t.Errorf("%T read from %q: CSV() = %q, want %q", c.zero, c.text, got, c.text)
		}
		if got := string(f.AppendCSV([]byte("x,"))); got != "x,"+c.text {
			t.Errorf("%T read from %q: AppendCSV(\"x,\") = %q, want %q", c.zero, c.text, got, "x,"+c.text)
		}
		typ := f.Schema().Type
		if got, want := f.JSONNumber(), (typ == "number" || typ == "integer") && c.text != "" && c.text != RedactedWord; got != want {
			t.Errorf("%T read from %q: JSONNumber() = %v, want %v", c.zero, c.text, got, want)
		}
		if got := f.Show().Known(); got != (c.text != "" && c.text != RedactedWord) {
			t.Errorf("%T read from %q: Show().Known() = %v", c.zero, c.text, got)
		}
	}
}
