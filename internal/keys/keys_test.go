package keys

import (
	"bytes"
	"context"
	"os"
	"reflect"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

// TestOneWalkHashesOwnAndAll checks that the walk that makes an object's
// own and all hashes together writes what two walks, without and with
// self, write: the selfOnly figures and the lengths of lists of objects
// go to all only.
func TestOneWalkHashesOwnAndAll(t *testing.T) {
	t.Parallel()
	d, errs := dataset.Load(context.Background(), os.DirFS("../.."), "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	p := model.New(d, dataset.MustDate("2026-11-25"))
	objects := appendAll(nil, p.Carriers, p.Facilities, p.Agreements, p.Auctions, p.Lots, p.Participation, p.States)
	differ := 0
	for _, e := range append(objects, &p.Awarded) {
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
