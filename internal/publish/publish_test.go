package publish

import (
	"testing"

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
