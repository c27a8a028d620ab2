package keys

import (
	"context"
	"fmt"
	"os"
	"reflect"
	"slices"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
)

// TestDeclaredReads checks shows and single against every object of the
// bundled portal: they must list exactly the objects reachable from the
// object's fields without following a pointer (all of them for shows,
// the single pointers outside lists and selfOnly figures for single).
// A pointer added to a model type fails it until reads.go declares it.
func TestDeclaredReads(t *testing.T) {
	t.Parallel()
	p := bundledPortal(t)
	var objects []any
	objects = appendAll(objects, p.Carriers, p.Facilities, p.Agreements, p.Auctions, p.Lots, p.Participation, p.States)
	objects = append(objects, &p.Awarded)
	for _, c := range p.Carriers {
		for _, w := range c.Wins {
			objects = append(objects, w)
		}
	}
	for _, f := range p.Facilities {
		for _, s := range f.Concentration.ByCarrier {
			objects = append(objects, s, &s)
		}
	}
	for _, e := range objects {
		name := fmt.Sprintf("%T", e)
		if got, want := shows(e), walk(reflect.ValueOf(e), true); isSubject(e) && !sameObjects(got, want) {
			t.Errorf("shows(%s) lists %d objects, its fields reach %d: declare the new field in reads.go", name, len(got), len(want))
		}
		if _, subjectOnly := e.(*model.Concentration); subjectOnly {
			continue
		}
		if got, want := single(e), walk(reflect.ValueOf(e), false); !sameObjects(got, want) {
			t.Errorf("single(%s) lists %d objects, its fields reach %d: declare the new field in reads.go", name, len(got), len(want))
		}
	}
}

// TestSelfOnlyNamesFields checks that every field selfOnly and twinReads
// name exists.
func TestSelfOnlyNamesFields(t *testing.T) {
	t.Parallel()
	for name, decl := range map[string]map[reflect.Type]map[string]bool{"selfOnly": selfOnly, "twinReads": twinReads} {
		for typ, fields := range decl {
			for f := range fields {
				if _, ok := typ.FieldByName(f); !ok {
					t.Errorf("%s names %s.%s, which is no field", name, typ, f)
				}
			}
		}
	}
}

// TestTwinReadsClassifyLinks checks that twinReads classifies every field
// of every subject type that can hold a pointer to another object, so
// that a field added to a model type must be declared as shown by its
// JSON twin or not.
func TestTwinReadsClassifyLinks(t *testing.T) {
	t.Parallel()
	for _, typ := range []reflect.Type{reflect.TypeFor[model.Carrier](), reflect.TypeFor[model.Facility](),
		reflect.TypeFor[model.Agreement](), reflect.TypeFor[model.Auction](), reflect.TypeFor[model.State]()} {
		for i := range typ.NumField() {
			f := typ.Field(i)
			if _, ok := twinReads[typ][f.Name]; !ok && f.IsExported() && holdsPointer(f.Type, map[reflect.Type]bool{}) {
				t.Errorf("twinReads does not classify %s.%s, which links to other objects: say whether its JSON twin shows them", typ, f.Name)
			}
		}
	}
}

// holdsPointer reports whether a value of type t can hold a pointer.
func holdsPointer(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Interface, reflect.Map:
		return true
	case reflect.Slice, reflect.Array:
		return holdsPointer(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if holdsPointer(t.Field(i).Type, seen) {
				return true
			}
		}
	}
	return false
}

func isSubject(e any) bool {
	switch e.(type) {
	case *model.Carrier, *model.Facility, *model.Agreement, *model.Auction, *model.State, *model.Concentration:
		return true
	}
	return false
}

func appendAll(out []any, lists ...any) []any {
	for _, l := range lists {
		v := reflect.ValueOf(l)
		for i := range v.Len() {
			out = append(out, v.Index(i).Interface())
		}
	}
	return out
}

func sameObjects(a []any, b []any) bool {
	key := func(l []any) []string {
		out := make([]string, len(l))
		for i, x := range l {
			out[i] = fmt.Sprintf("%p", x)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(key(a), key(b))
}

// walk is the reference the declarations are checked against: the
// non-nil pointers reachable from v without following one, through
// structs and, with all, the elements of slices; without all, not the
// fields that are lists or selfOnly figures.
func walk(v reflect.Value, all bool) []any {
	var out []any
	var rec func(v reflect.Value, top bool)
	rec = func(v reflect.Value, top bool) {
		switch v.Kind() {
		case reflect.Pointer:
			if v.IsNil() {
				return
			}
			if top {
				rec(v.Elem(), false)
				return
			}
			out = append(out, v.Interface())
		case reflect.Struct:
			for i := range v.NumField() {
				f := v.Type().Field(i)
				if !f.IsExported() || !all && (selfOnly[v.Type()][f.Name] || f.Type.Kind() == reflect.Slice) {
					continue
				}
				rec(v.Field(i), f.Anonymous && f.Type.Kind() == reflect.Pointer)
			}
		case reflect.Slice:
			if all {
				for i := range v.Len() {
					rec(v.Index(i), false)
				}
			}
		}
	}
	rec(v, true)
	return out
}

// TestPagesDone checks that PagesDone forgets the hashes only pages use,
// and that a page's key is the same when it is made again after it.
func TestPagesDone(t *testing.T) {
	t.Parallel()
	p := bundledPortal(t)
	k := New("test", &pages.Site{Portal: p})
	page := &pages.Page{Kind: "carrier", URL: "/carriers/x/", Entity: p.Carriers[0]}
	before, _ := k.Page(page)
	if len(k.entity) == 0 {
		t.Fatal("a carrier page's key memoized no subject")
	}
	k.PagesDone()
	if len(k.entity)+len(k.near) != 0 {
		t.Errorf("after PagesDone %d subjects and %d near hashes are held, want none", len(k.entity), len(k.near))
	}
	if after, _ := k.Page(page); after != before {
		t.Errorf("the page's key changed after PagesDone: %x, then %x", before, after)
	}
}

// bundledPortal is the portal of the project's own data.
func bundledPortal(t *testing.T) *model.Portal {
	t.Helper()
	d, errs := dataset.Load(context.Background(), os.DirFS("../.."), "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	return model.New(d, dataset.MustDate("2026-11-25"))
}
