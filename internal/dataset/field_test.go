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
	t.Parallel()
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
