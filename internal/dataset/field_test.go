package dataset

import (
	"reflect"
	"testing"
)

// TestColumnsAreFields checks every csv-tagged column of every row type:
// its type must be a Field (so that it publishes, declares itself and
// shows without a fallback) and read itself from CSV (gocsv calls
// UnmarshalCSV), and it must have a label for readers. A new column type
// that forgets a method, or a new column without a label, fails here.
func TestColumnsAreFields(t *testing.T) {
	field := reflect.TypeFor[Field]()
	unmarshaler := reflect.TypeFor[interface{ UnmarshalCSV(string) error }]()
	rows := rowTypes
	if len(rows) != len(Names) {
		t.Fatalf("%d row types listed, want one per data set (%d)", len(rows), len(Names))
	}
	for _, rt := range rows {
		for i := range rt.NumField() {
			f := rt.Field(i)
			if name := f.Tag.Get("csv"); name == "" || name == "-" {
				continue
			}
			if !f.Type.Implements(field) {
				t.Errorf("%s.%s is a %s, which does not implement dataset.Field", rt.Name(), f.Name, f.Type)
			}
			if !reflect.PointerTo(f.Type).Implements(unmarshaler) {
				t.Errorf("%s.%s: *%s has no UnmarshalCSV", rt.Name(), f.Name, f.Type)
			}
			if f.Tag.Get("label") == "" {
				t.Errorf("%s.%s has no label tag", rt.Name(), f.Name)
			}
		}
	}
}

// TestFieldCSVRoundTrip checks that each field type's CSV text reads
// back to the same value, and that JSON and Show agree with it on
// whether the value is known.
func TestFieldCSVRoundTrip(t *testing.T) {
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
		if got := f.JSON() == nil; got != (c.text == "") {
			t.Errorf("%T read from %q: JSON() = %v, want null only for a blank", c.zero, c.text, f.JSON())
		}
		if got := f.Show().Known(); got != (c.text != "" && c.text != RedactedWord) {
			t.Errorf("%T read from %q: Show().Known() = %v", c.zero, c.text, got)
		}
	}
}
