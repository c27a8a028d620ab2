package keys

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"slices"
	"testing"
	"weak"

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
	p, objects := bundledObjects(t)
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
		if got, want := single(nil, e), walk(reflect.ValueOf(e), false); !sameObjects(got, want) {
			t.Errorf("single(%s) lists %d objects, its fields reach %d: declare the new field in reads.go", name, len(got), len(want))
		}
	}
}

// TestOneWalkHashesOwnAndAll checks that the walk that makes an object's
// own and all hashes together writes what two walks, without and with
// self, write: the selfOnly figures and the lengths of lists of objects
// go to all only.
func TestOneWalkHashesOwnAndAll(t *testing.T) {
	t.Parallel()
	_, objects := bundledObjects(t)
	differ := 0
	for _, e := range objects {
		var all, own, wantAll, wantOwn keyBuf
		valueHasher{h: &all, own: &own, self: true}.walk(reflect.ValueOf(e), true)
		hashValue(&wantAll, reflect.ValueOf(e), true)
		hashValue(&wantOwn, reflect.ValueOf(e), false)
		if !bytes.Equal(all, wantAll) || !bytes.Equal(own, wantOwn) {
			t.Fatalf("%T: one walk wrote %d and %d bytes, two walks %d and %d", e, len(all), len(own), len(wantAll), len(wantOwn))
		}
		if !bytes.Equal(all, own) {
			differ++
		}
	}
	if differ == 0 {
		t.Error("no object's own fields differ from all its fields: the test checks nothing")
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
			if isRow(f) {
				continue // the object's own row, which the model points to
			}
			if _, ok := twinReads[typ][f.Name]; !ok && f.IsExported() && f.Type != keyMemoType && holdsPointer(f.Type, map[reflect.Type]bool{}) {
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

// bundledObjects links the bundled portal and lists its objects: the
// members of its lists and its awarded capacity.
func bundledObjects(t *testing.T) (*model.Portal, []any) {
	d, errs := dataset.Load(context.Background(), os.DirFS("../.."), "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	p := model.New(d, dataset.MustDate("2026-11-25"))
	objects := appendAll(nil, p.Carriers, p.Facilities, p.Agreements, p.Auctions, p.Lots, p.Participation, p.States)
	return p, append(objects, &p.Awarded)
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

// TestForgetKeepsEveryKey checks that the keys made after Forget are the
// keys made before it, and that Forget lets go of every object's hashes.
func TestForgetKeepsEveryKey(t *testing.T) {
	t.Parallel()
	p, _ := bundledObjects(t)
	k := New("render key", &pages.Site{Portal: p})
	var plan []*pages.Page
	for _, c := range p.Carriers {
		plan = append(plan, &pages.Page{Kind: "carrier", URL: "/carriers/" + string(c.Carrier.ID) + "/", Entity: c})
	}
	for _, f := range p.Facilities {
		plan = append(plan, &pages.Page{Kind: "facility", URL: "/facilities/" + string(f.Facility.ID) + "/", Entity: f})
	}
	plan = append(plan, &pages.Page{Kind: "agreements", URL: "/agreements/", Items: p.Agreements})
	keyAll := func() (out [][16]byte) {
		for _, pg := range plan {
			key, ok := k.Page(pg)
			if !ok {
				t.Fatalf("%s has no key", pg.URL)
			}
			out = append(out, key)
		}
		return out
	}
	before := keyAll()
	if len(k.kept) == 0 || len(k.sums) == 0 {
		t.Fatalf("hashes kept in %d objects and %d by pointer: want both", len(k.kept), len(k.sums))
	}
	kept := slices.Clone(k.kept)
	k.Forget()
	if len(k.kept) != 0 || len(k.sums) != 0 {
		t.Errorf("after Forget, the hashes of %d objects are kept", len(k.kept)+len(k.sums))
	}
	for _, e := range kept {
		if e.memo.Load() != nil {
			t.Fatal("after Forget, an object keeps its hashes")
		}
	}
	if after := keyAll(); !slices.Equal(before, after) {
		t.Error("keys made after Forget differ from those made before")
	}
	var none *Keys
	none.Forget() // no keys: nothing to forget
}

// TestHashesKeptAreTheirKeysOwn: an object's hashes kept in it are used
// only by the keys that made them, and only for it. Another build's keys
// (here after the object changed) make their own, and hashes that came
// with a copied struct are not the copy's.
func TestHashesKeptAreTheirKeysOwn(t *testing.T) {
	t.Parallel()
	p, _ := bundledObjects(t)
	c, d := p.Carriers[0], p.Carriers[1]
	k1 := New("render key", &pages.Site{Portal: p})
	before := k1.allOf(c)
	if c.KeyMemo.Load() == nil {
		t.Fatal("the carrier keeps no hashes")
	}
	name := c.Carrier.Name
	c.Carrier.Name += " renamed"
	defer func() { c.Carrier.Name = name }()
	k2 := New("render key", &pages.Site{Portal: p})
	after := k2.allOf(c)
	if after == before {
		t.Error("a second build's keys used the first build's hash of a changed carrier")
	}
	if got := k1.allOf(c); got != after { // the object keeps one build's hashes: the other hashes it as it is
		t.Error("the first build's keys, asked again, did not hash the carrier as it is")
	}
	want := New("other", &pages.Site{Portal: p}).allOf(d)
	k2.allOf(c)
	d.KeyMemo.Keep(d.KeyMemo.Load(), c.KeyMemo.Load()) // as if d were a copy of c, made after k2 hashed c
	if got := k2.allOf(d); got != want {
		t.Error("a carrier used the hashes of the carrier it was copied from")
	}
}

// TestForgetDropsOnlyItsOwn: keys that forget drop the hashes they kept in
// the objects, not those another build's keys kept there since; and the
// hashes an object keeps do not keep the keys that made them alive.
func TestForgetDropsOnlyItsOwn(t *testing.T) {
	t.Parallel()
	p, _ := bundledObjects(t)
	c := p.Carriers[0]
	k1 := New("render key", &pages.Site{Portal: p})
	k1.subject(c)
	k2 := New("render key", &pages.Site{Portal: p})
	k2.subject(c)
	k1.Forget()
	if h := c.KeyMemo.Load(); h == nil || h.Owner != k2.number {
		t.Fatal("the first keys' Forget dropped the hashes the second kept")
	}
	gone := weak.Make(k2)
	k2 = nil
	runtime.GC()
	if gone.Value() != nil {
		t.Error("the hashes kept in an object keep their keys alive")
	}
	if c.KeyMemo.Load() == nil {
		t.Fatal("the object let go of its hashes with no Forget")
	}
	var none *model.Carrier
	New("render key", &pages.Site{Portal: p}).allOf(none) // a nil object hashes as nil, through the map
}

// TestIsRow: the rows model objects embed by pointer are hashed as if in
// place, and no other embedded pointer is (an update's page is a link).
func TestIsRow(t *testing.T) {
	t.Parallel()
	field := func(typ reflect.Type, name string) reflect.StructField {
		f, ok := typ.FieldByName(name)
		if !ok {
			t.Fatalf("%s has no field %s", typ, name)
		}
		return f
	}
	for _, tc := range []struct {
		f    reflect.StructField
		want bool
	}{
		{field(reflect.TypeFor[model.Carrier](), "Carrier"), true},
		{field(reflect.TypeFor[model.Lot](), "Result"), true},
		{field(reflect.TypeFor[model.Participation](), "Participation"), true},
		{field(reflect.TypeFor[model.Lot](), "KeyMemo"), false},
		{field(reflect.TypeFor[model.Lot](), "Winner"), false},
		{field(reflect.TypeFor[pages.Update](), "Page"), false},
	} {
		if got := isRow(tc.f); got != tc.want {
			t.Errorf("isRow(%s %s) = %v, want %v", tc.f.Name, tc.f.Type, got, tc.want)
		}
	}
}
