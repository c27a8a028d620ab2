package publish

import (
	"math"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

// TestConcentrationAsObject holds the concentration written directly to
// the same object as an Object, in the bytes a twin holds, or the same
// error: with and without an HHI, with no shares, with hostile keys and
// with percents that are not plain numbers.
func TestConcentrationAsObject(t *testing.T) {
	share := func(key string, capacity int64, lots int, pct float64) model.Share {
		return model.Share{Key: key, Won: model.Won{Lots: lots, Capacity: capacity}, Percent: pct}
	}
	for _, c := range []model.Concentration{
		{},
		{Lots: 3, Awarded: 2, Disclosed: 1, Sealed: 1, NoCapacity: 0, Total: 0, ByCarrier: []model.Share{}},
		{Lots: 300, Awarded: 280, Disclosed: 270, Sealed: 5, NoCapacity: 5, Total: 1 << 40, HHI: 5313, HasHHI: true, Band: "highly concentrated",
			ByCarrier: []model.Share{share("acme", 1<<33, 200, 62.5), share(`q"u<o>te&\`, 0, 0, 0), share("é-ü", -1, -2, 0.005), share("", 7, 1, 99.995)}},
		{HasHHI: true, Band: `"<band>"`, ByCarrier: []model.Share{share("x", 1, 1, math.MaxFloat64)}},
		{ByCarrier: []model.Share{share("nan", 1, 1, math.NaN())}},
		{ByCarrier: []model.Share{share("inf", 1, 1, math.Inf(1))}},
		{ByCarrier: []model.Share{share("neg", 1, 1, math.Copysign(0, -1))}},
	} {
		got, gotErr := dataset.Record{More: dataset.Object{concentration(c)}}.AppendJSON(nil)
		want, wantErr := dataset.Record{More: dataset.Object{concentrationObject(c)}}.AppendJSON(nil)
		if string(got) != string(want) || (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%+v:\n got %s (%v)\nwant %s (%v)", c, got, gotErr, want, wantErr)
		}
	}
}
