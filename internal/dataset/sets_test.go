package dataset

import (
	"context"
	"os"
	"reflect"
	"slices"
	"testing"
)

// TestSetsCoverData checks that Sets and Data agree: every table field of
// Data is the table of exactly one Set, loaded under that Set's name,
// and each Set's key columns are columns of its schema.
func TestSetsCoverData(t *testing.T) {
	t.Parallel()
	d, errs := Load(context.Background(), os.DirFS("../.."), "data", Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	v := reflect.ValueOf(d).Elem()
	tables := 0
	for i := range v.NumField() {
		f := v.Field(i)
		tab, ok := f.Interface().(AnyTable)
		if !ok {
			continue
		}
		tables++
		n := 0
		for _, s := range Sets {
			if s.Of(d) == tab {
				n++
				if h := tab.Head(); h.Name != s.Name {
					t.Errorf("Data.%s is loaded as %q, its Set is %q", v.Type().Field(i).Name, h.Name, s.Name)
				}
			}
		}
		if n != 1 {
			t.Errorf("Data.%s is the table of %d Sets, want 1: add its row to Sets", v.Type().Field(i).Name, n)
		}
	}
	if tables != len(Sets) {
		t.Errorf("Data has %d tables, Sets lists %d", tables, len(Sets))
	}
	for _, s := range Sets {
		var cols []string
		for _, c := range s.Of(d).Head().Columns {
			cols = append(cols, c.Name)
		}
		for _, k := range append(slices.Clone(s.Key), s.Label) {
			if k != "" && !slices.Contains(cols, k) {
				t.Errorf("set %s names column %q, which its schema lacks", s.Name, k)
			}
		}
	}
}
