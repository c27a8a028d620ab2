package model_test

import (
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

func TestHHI(t *testing.T) {
	tests := []struct {
		name       string
		capacities []int64
		want       int
	}{
		// 50² + 30² + 20² = 2500 + 900 + 400
		{"shares 50/30/20", []int64{50, 30, 20}, 3800},
		// the same shares from parcel counts: only proportions matter
		{"48000/28800/19200 parcels", []int64{48000, 28800, 19200}, 3800},
		{"single holder", []int64{12345}, 10000},
		// 4 × 25²
		{"four equal holders", []int64{7, 7, 7, 7}, 2500},
		// 3 × (100/3)² = 3333.33…
		{"three equal holders, rounded", []int64{1, 1, 1}, 3333},
		// 62.5² + 37.5² = 3906.25 + 1406.25 = 5312.5, rounded half away from zero
		{"62.5/37.5, a half rounds up", []int64{50000, 30000}, 5313},
		// 10 × 10²
		{"ten equal holders", []int64{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 1000},
		{"no holders", nil, 0},
		{"nothing awarded", []int64{0, 0}, 0},
	}
	for _, tt := range tests {
		shares := make([]model.Share, len(tt.capacities))
		for i, c := range tt.capacities {
			shares[i] = model.Share{Won: model.Won{Capacity: c}}
		}
		if got := model.HHI(shares); got != tt.want {
			t.Errorf("HHI(%v) = %d, want %d (%s)", tt.capacities, got, tt.want, tt.name)
		}
	}
}

func TestBandOf(t *testing.T) {
	tests := []struct {
		hhi  int
		want model.Band
	}{
		{0, model.Unconcentrated},
		{999, model.Unconcentrated},
		{1000, model.Moderate},
		{1800, model.Moderate}, // "above 1,800" is highly concentrated: 1,800 itself is not
		{1801, model.High},
		{10000, model.High},
	}
	for _, tt := range tests {
		if got := model.BandOf(tt.hhi); got != tt.want {
			t.Errorf("BandOf(%d) = %q, want %q", tt.hhi, got, tt.want)
		}
	}
}

// lot builds an auction lot won by winner (nil: not awarded) with the
// given capacity field ("48000", "redacted" or "").
func lot(t *testing.T, winner *model.Carrier, capacity string) *model.Lot {
	t.Helper()
	l := &model.Lot{Result: &dataset.Result{}, Winner: winner}
	if winner != nil {
		l.WinnerID = dataset.Ref{State: dataset.Known, ID: winner.ID}
	}
	if err := l.Capacity.UnmarshalCSV(capacity); err != nil {
		t.Fatal(err)
	}
	return l
}

func sealedLot(t *testing.T, capacity string) *model.Lot {
	l := lot(t, nil, capacity)
	l.WinnerID = dataset.Ref{State: dataset.Redacted}
	return l
}

func carrier(id, kind string) *model.Carrier {
	c := &model.Carrier{Carrier: &dataset.Carrier{}}
	c.ID, c.Kind = dataset.Slug(id), dataset.CarrierKind(kind)
	return c
}

func TestConcentrate(t *testing.T) {
	amazon := carrier("amazon", "ecommerce-platform")
	ups := carrier("ups", "national-carrier")
	ontrac := carrier("ontrac", "regional-carrier")
	lasership := carrier("lasership", "regional-carrier")
	lots := []*model.Lot{
		lot(t, amazon, "30000"),
		lot(t, ups, "30000"),
		lot(t, lasership, "10000"),
		lot(t, amazon, "20000"),
		lot(t, ontrac, "10000"),
		sealedLot(t, "10000"),    // awarded, winner under seal
		lot(t, ups, "redacted"),  // awarded, capacity under seal
		lot(t, ups, ""),          // awarded, capacity not public
		lot(t, nil, "9999"),      // not awarded
		sealedLot(t, "redacted"), // awarded, both under seal
	}
	c := model.Concentrate(lots)

	counts := []struct {
		name      string
		got, want int
	}{
		{"Lots", c.Lots, 10},
		{"Awarded", c.Awarded, 9},
		{"Disclosed", c.Disclosed, 5},
		{"Sealed", c.Sealed, 2},
		{"NoCapacity", c.NoCapacity, 2},
		{"CapRedacted", c.CapRedacted, 1},
		{"Named", c.Named(), 7},
		{"Undisclosed", c.Undisclosed, 4},
	}
	for _, n := range counts {
		if n.got != n.want {
			t.Errorf("Concentrate(lots).%s = %d, want %d", n.name, n.got, n.want)
		}
	}
	if c.Total != 100000 {
		t.Errorf("Concentrate(lots).Total = %d, want 100000", c.Total)
	}

	// Shares: amazon 50%, ups 30%, lasership and ontrac 10% each (a tie
	// broken by id). HHI = 2500 + 900 + 100 + 100.
	wantCarriers := []model.Share{
		{Key: "amazon", Carrier: amazon, Won: model.Won{Capacity: 50000, Lots: 2}, Percent: 50},
		{Key: "ups", Carrier: ups, Won: model.Won{Capacity: 30000, Lots: 3, Redacted: 1, Unknown: 1}, Percent: 30},
		{Key: "lasership", Carrier: lasership, Won: model.Won{Capacity: 10000, Lots: 1}, Percent: 10},
		{Key: "ontrac", Carrier: ontrac, Won: model.Won{Capacity: 10000, Lots: 1}, Percent: 10},
	}
	checkShares(t, "ByCarrier", c.ByCarrier, wantCarriers)
	checkShares(t, "ByKind", c.ByKind, []model.Share{
		{Key: "ecommerce-platform", Won: model.Won{Capacity: 50000, Lots: 2}, Percent: 50},
		{Key: "national-carrier", Won: model.Won{Capacity: 30000, Lots: 3, Redacted: 1, Unknown: 1}, Percent: 30},
		{Key: "regional-carrier", Won: model.Won{Capacity: 20000, Lots: 2}, Percent: 20},
	})
	if !c.HasHHI || c.HHI != 3600 || c.Band != model.High {
		t.Errorf("Concentrate(lots) HHI = %d (HasHHI %v), band %q; want 3600, true, %q", c.HHI, c.HasHHI, c.Band, model.High)
	}
	if c.Top == nil || c.Top.Carrier != amazon || c.Top.Percent != 50 {
		t.Errorf("Concentrate(lots).Top = %+v, want amazon at 50%%", c.Top)
	}
}

func TestConcentrateNothingDisclosed(t *testing.T) {
	ups := carrier("ups", "national-carrier")
	c := model.Concentrate([]*model.Lot{sealedLot(t, "5000"), lot(t, ups, "redacted"), lot(t, nil, "")})
	if c.Lots != 3 || c.Awarded != 2 || c.Disclosed != 0 || c.Sealed != 1 || c.NoCapacity != 1 || c.Undisclosed != 2 {
		t.Errorf("Concentrate(sealed lots) = %d lots, %d awarded, %d disclosed, %d sealed, %d without capacity, %d undisclosed; want 3, 2, 0, 1, 1, 2",
			c.Lots, c.Awarded, c.Disclosed, c.Sealed, c.NoCapacity, c.Undisclosed)
	}
	if c.HasHHI || c.HHI != 0 || c.Band != "" || c.Top != nil || c.Total != 0 || len(c.ByCarrier) != 0 || len(c.ByKind) != 0 {
		t.Errorf("Concentrate(sealed lots) = HHI %d (HasHHI %v), band %q, top %v, total %d, %d carrier shares; want no HHI, band, top, total or shares",
			c.HHI, c.HasHHI, c.Band, c.Top, c.Total, len(c.ByCarrier))
	}
	if empty := model.Concentrate(nil); empty.Lots != 0 || empty.HasHHI || empty.Top != nil {
		t.Errorf("Concentrate(nil) = %+v, want zero", empty)
	}
}

func checkShares(t *testing.T, what string, got, want []model.Share) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("Concentrate(lots).%s has %d shares %+v, want %d", what, len(got), got, len(want))
		return
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("Concentrate(lots).%s[%d] = %+v, want %+v", what, i, got[i], want[i])
		}
	}
}
