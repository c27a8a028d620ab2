package model_test

import (
	"context"
	"maps"
	"slices"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

func TestDeriveStatus(t *testing.T) {
	asOf := dataset.MustDate("2026-05-01")
	tests := []struct {
		name                      string
		status, effective, expiry string
		want                      string
		derived                   bool
	}{
		{"a filed status wins over the dates", "terminated", "2025-01-01", "2027-01-01", "terminated", false},
		{"a filed active wins even after expiry", "active", "2020-01-01", "2021-01-01", "active", false},
		{"expired the day before", "", "2025-01-01", "2026-04-30", "expired", true},
		{"expiring on the as-of date is still active", "", "2025-01-01", "2026-05-01", "active", true},
		{"effective the day after is pending", "", "2026-05-02", "2027-01-01", "pending", true},
		{"effective on the as-of date is active", "", "2026-05-01", "2027-01-01", "active", true},
		{"effective with no expiry is active", "", "2024-01-01", "", "active", true},
		{"an expiry in the past is enough to say expired", "", "", "2025-12-31", "expired", true},
		{"an expiry in the future alone does not say", "", "", "2027-01-01", "unknown", true},
		{"no dates", "", "", "", "unknown", true},
	}
	for _, tt := range tests {
		var a dataset.Agreement
		a.Status = dataset.AgreementStatus(tt.status)
		a.Effective, _ = dataset.ParseDate(tt.effective)
		a.Expires, _ = dataset.ParseDate(tt.expiry)
		got, derived := model.DeriveStatus(a, asOf)
		if got != tt.want || derived != tt.derived {
			t.Errorf("DeriveStatus(status %q, effective %q, expires %q, as of %s) = %q, %v, want %q, %v (%s)",
				tt.status, tt.effective, tt.expiry, asOf, got, derived, tt.want, tt.derived, tt.name)
		}
	}
}

func TestSumMoney(t *testing.T) {
	vs := []dataset.Money{
		{State: dataset.Known, Cents: 123456},
		{State: dataset.Redacted},
		{State: dataset.Known, Cents: 44},
		{State: dataset.Unknown},
		{State: dataset.Redacted},
		{State: dataset.Known, Cents: 0},
	}
	got := model.SumMoney(vs)
	want := model.MoneySum{Total: 123500, Disclosed: 3, Redacted: 2, Unknown: 1}
	if got != want {
		t.Errorf("SumMoney(%v) = %+v, want %+v", vs, got, want)
	}
	if got.Count() != 6 {
		t.Errorf("SumMoney(...).Count() = %d, want 6", got.Count())
	}
	if z := model.SumMoney(nil); z != (model.MoneySum{}) {
		t.Errorf("SumMoney(nil) = %+v, want zero", z)
	}
}

// The portal fixture, as of 2026-07-01. Agreements, by expiry:
//
//	nsa-sealed-2  sealed     2025-01-01 – 2026-07-01  active, 0 days left
//	nsa-sealed-1  sealed     2025-01-01 – 2026-08-15  active, 45 days left
//	nsa-ups       ups        2024-01-01 – 2026-09-29  active, 90 days left
//	nsa-amazon    amazon     2023-10-01 – 2026-10-01  active, 92 days left
//	nsa-old       ups        2020-01-01 – 2023-01-01  expired
//	nsa-future    amazon     2026-09-01 –             pending
//	nsa-ended     lasership  2025-01-01 – 2026-08-01  filed terminated
//	nsa-stale     ontrac     2021-01-01 – 2022-01-01  filed active, 1642 days past expiry
//	nsa-undated   sealed                              unknown
//
// Lots of last-mile: amazon 50000 and ups 30000 at lpc-atlanta (GA), a
// sealed winner of 8000 at rpdc-atlanta (GA), ontrac and lasership 10000
// each at ddu-richmond (VA), and an unawarded lot at ddu-richmond.
var portalFiles = map[string]string{
	"carriers.csv": `id,name,kind,parent
amazon,Amazon,ecommerce-platform,
ups,UPS,national-carrier,
ontrac,OnTrac,regional-carrier,
lasership,LaserShip,regional-carrier,ontrac
`,
	"facilities.csv": `id,name,type,parent_id,state
rpdc-atlanta,Atlanta RPDC,RPDC,,GA
lpc-atlanta,Atlanta LPC,LPC,rpdc-atlanta,GA
ddu-richmond,Richmond DDU,DDU,,VA
ndc-unknown,Unknown NDC,NDC,,
`,
	"agreements.csv": `id,shipper_id,product,effective,expires,status,est_annual_revenue_usd
nsa-amazon,amazon,Parcel Select,2023-10-01,2026-10-01,,6000000000
nsa-ups,ups,Ground Saver,2024-01-01,2026-09-29,,1234.56
nsa-sealed-1,redacted,Priority Mail 880,2025-01-01,2026-08-15,,redacted
nsa-sealed-2,redacted,Priority Mail 536,2025-01-01,2026-07-01,,
nsa-old,ups,Parcel Select 2020,2020-01-01,2023-01-01,,99
nsa-future,amazon,Parcel Select 2027,2026-09-01,,,5
nsa-ended,lasership,Ground Advantage,2025-01-01,2026-08-01,terminated,7
nsa-stale,ontrac,Parcel Return,2021-01-01,2022-01-01,active,100
nsa-undated,redacted,First-Class,,,,redacted
`,
	"auctions.csv": `id,title,award_rule,status
last-mile,Last-mile bid solicitation,highest-price,awarded
empty-round,A round without results,highest-price,scheduled
`,
	"auction_results.csv": `auction_id,lot_id,facility_id,capacity_parcels_per_day,winner_id
last-mile,lot-1,lpc-atlanta,50000,amazon
last-mile,lot-2,lpc-atlanta,30000,ups
last-mile,lot-3,ddu-richmond,10000,ontrac
last-mile,lot-4,ddu-richmond,10000,lasership
last-mile,lot-5,rpdc-atlanta,8000,redacted
last-mile,lot-6,ddu-richmond,,
`,
	"participation.csv": `auction_id,carrier_id,status,lots_won
last-mile,amazon,bid,1
last-mile,ups,bid,1
last-mile,ontrac,bid,1
last-mile,lasership,bid,1
empty-round,amazon,registered,
`,
	"datasets.yaml": "datasets: {}\n",
}

func newPortal(t *testing.T) *model.Portal {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, src := range portalFiles {
		fsys["data/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	d, errs := dataset.Load(context.Background(), fsys, "data", dataset.Options{})
	if err := errs.Err(); err != nil {
		t.Fatalf("Load(portal fixture): %s", errs.Format(0))
	}
	return model.New(d, dataset.MustDate("2026-07-01"))
}

func ids[T any](xs []T, id func(T) dataset.Slug) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = string(id(x))
	}
	return out
}

func agreementIDs(as []*model.Agreement) []string {
	return ids(as, func(a *model.Agreement) dataset.Slug { return a.ID })
}

func lotIDs(ls []*model.Lot) []string {
	return ids(ls, func(l *model.Lot) dataset.Slug { return l.LotID })
}

func facilityIDs(fs []*model.Facility) []string {
	return ids(fs, func(f *model.Facility) dataset.Slug { return f.ID })
}

func carrierIDs(cs []*model.Carrier) []string {
	return ids(cs, func(c *model.Carrier) dataset.Slug { return c.ID })
}

func checkIDs(t *testing.T, what string, got []string, want ...string) {
	t.Helper()
	if !slices.Equal(got, want) {
		t.Errorf("%s = %q, want %q", what, got, want)
	}
}

func TestNewLinksBothWays(t *testing.T) {
	p := newPortal(t)
	amazon, ups, ontrac, lasership := p.Carrier("amazon"), p.Carrier("ups"), p.Carrier("ontrac"), p.Carrier("lasership")
	if amazon == nil || ups == nil || ontrac == nil || lasership == nil {
		t.Fatalf("Carrier(amazon, ups, ontrac, lasership) = %v, %v, %v, %v, want all four", amazon, ups, ontrac, lasership)
	}
	if p.Carrier("fedex") != nil {
		t.Errorf("Carrier(fedex) = %v, want nil", p.Carrier("fedex"))
	}

	// Carriers and agreements.
	checkIDs(t, "amazon.Agreements", agreementIDs(amazon.Agreements), "nsa-amazon", "nsa-future")
	checkIDs(t, "ups.Agreements", agreementIDs(ups.Agreements), "nsa-ups", "nsa-old")
	if a := p.Agreement("nsa-amazon"); a == nil || a.Shipper != amazon {
		t.Errorf("Agreement(nsa-amazon).Shipper = %v, want amazon", a)
	}
	if a := p.Agreement("nsa-sealed-1"); a == nil || a.Shipper != nil || !a.Sealed() {
		t.Errorf("Agreement(nsa-sealed-1): Shipper %v, Sealed() %v; want nil, true", a.Shipper, a.Sealed())
	}
	// Parent companies.
	if lasership.Parent != ontrac {
		t.Errorf("lasership.Parent = %v, want ontrac", lasership.Parent)
	}
	checkIDs(t, "ontrac.Subsidiaries", carrierIDs(ontrac.Subsidiaries), "lasership")

	// Facilities, their hierarchy and lots.
	rpdc, lpc, ddu := p.Facility("rpdc-atlanta"), p.Facility("lpc-atlanta"), p.Facility("ddu-richmond")
	if lpc.Parent != rpdc {
		t.Errorf("lpc-atlanta.Parent = %v, want rpdc-atlanta", lpc.Parent)
	}
	checkIDs(t, "rpdc-atlanta.Children", facilityIDs(rpdc.Children), "lpc-atlanta")
	checkIDs(t, "ddu-richmond.Lots", lotIDs(ddu.Lots), "lot-3", "lot-4", "lot-6")
	checkIDs(t, "lpc-atlanta.Lots", lotIDs(lpc.Lots), "lot-1", "lot-2")
	for _, l := range ddu.Lots {
		if l.Facility != ddu {
			t.Errorf("%s.Facility = %v, want ddu-richmond", l.LotID, l.Facility)
		}
	}

	// Auctions, lots, participants and winners.
	a := p.Auction("last-mile")
	checkIDs(t, "last-mile.Lots", lotIDs(a.Lots), "lot-1", "lot-2", "lot-3", "lot-4", "lot-5", "lot-6")
	checkIDs(t, "last-mile.Facilities", facilityIDs(a.Facilities), "ddu-richmond", "lpc-atlanta", "rpdc-atlanta")
	var participants []string
	for _, pt := range a.Participants {
		participants = append(participants, string(pt.Carrier.ID))
		if pt.Auction != a {
			t.Errorf("participant %s: Auction = %v, want last-mile", pt.CarrierID, pt.Auction)
		}
	}
	checkIDs(t, "last-mile.Participants", participants, "amazon", "ups", "ontrac", "lasership")
	if got := amazon.Participations; len(got) != 2 || got[0].Auction != a || got[1].Auction != p.Auction("empty-round") {
		t.Errorf("amazon.Participations = %v, want last-mile and empty-round", got)
	}
	checkIDs(t, "amazon.LotsWon", lotIDs(amazon.LotsWon), "lot-1")
	if got := p.Auction("empty-round"); len(got.Lots) != 0 || got.Concentration.Lots != 0 || got.Concentration.HasHHI {
		t.Errorf("Auction(empty-round): %d lots, concentration %+v; want none", len(got.Lots), got.Concentration)
	}
	for _, l := range a.Lots {
		if l.Auction != a {
			t.Errorf("%s.Auction = %v, want last-mile", l.LotID, l.Auction)
		}
	}
	if l := a.Lots[4]; l.Winner != nil || !l.Awarded() {
		t.Errorf("lot-5 (sealed winner): Winner %v, Awarded() %v; want nil, true", l.Winner, l.Awarded())
	}
	if l := a.Lots[5]; l.Winner != nil || l.Awarded() {
		t.Errorf("lot-6 (not awarded): Winner %v, Awarded() %v; want nil, false", l.Winner, l.Awarded())
	}
	if l := a.Lots[5]; l.Clearing.State != dataset.Unknown || l.ClearingPrice().State != dataset.NotApplicable {
		t.Errorf("lot-6 (not awarded): row's clearing price %s, shown %s; want the row's blank kept, shown not applicable",
			l.Clearing.State, l.ClearingPrice().State)
	}
}

// The model points to the rows the data sets hold rather than copying
// them (a copy of every row was a tenth of a build's live memory), so
// the model and the downloads read the same rows.
func TestNewPointsToTheRows(t *testing.T) {
	p := newPortal(t)
	d := p.Data
	same := func(name string, n int, at func(i int) (model, row any)) {
		t.Helper()
		if n == 0 {
			t.Fatalf("%s: no rows: the test checks nothing", name)
		}
		for i := range n {
			if m, r := at(i); m != r {
				t.Errorf("%s %d: the model's row is %p, the data set's %p", name, i, m, r)
			}
		}
	}
	same("carriers", len(p.Carriers), func(i int) (any, any) { return p.Carriers[i].Carrier, &d.Carriers.Rows[i] })
	same("facilities", len(p.Facilities), func(i int) (any, any) { return p.Facilities[i].Facility, &d.Facilities.Rows[i] })
	same("agreements", len(p.Agreements), func(i int) (any, any) { return p.Agreements[i].Agreement, &d.Agreements.Rows[i] })
	same("auctions", len(p.Auctions), func(i int) (any, any) { return p.Auctions[i].Auction, &d.Auctions.Rows[i] })
	same("lots", len(p.Lots), func(i int) (any, any) { return p.Lots[i].Result, &d.Results.Rows[i] })
	same("participation", len(p.Participation), func(i int) (any, any) { return p.Participation[i].Participation, &d.Participation.Rows[i] })
}

func TestNewStates(t *testing.T) {
	p := newPortal(t)
	// Sorted by code; ndc-unknown has no state and is in none.
	var codes []string
	for _, s := range p.States {
		codes = append(codes, s.Code)
	}
	checkIDs(t, "States", codes, "GA", "VA")
	ga := p.State("ga")
	if ga == nil || ga.Name != "Georgia" || ga.Slug != "ga" {
		t.Fatalf("State(ga) = %+v, want Georgia", ga)
	}
	if p.State("GA") != nil {
		t.Errorf("State(GA) = %v, want nil: states are looked up by lower-case slug", p.State("GA"))
	}
	checkIDs(t, "GA.Facilities", facilityIDs(ga.Facilities), "rpdc-atlanta", "lpc-atlanta")
	checkIDs(t, "GA.Lots", lotIDs(ga.Lots), "lot-1", "lot-2", "lot-5")
	if p.Facility("lpc-atlanta").State != ga || p.Facility("ndc-unknown").State != nil {
		t.Errorf("lpc-atlanta.State, ndc-unknown.State = %v, %v; want GA, nil", p.Facility("lpc-atlanta").State, p.Facility("ndc-unknown").State)
	}
	// GA: amazon 50000, ups 30000 disclosed, 8000 sealed.
	// 62.5² + 37.5² = 5312.5 → 5313.
	if c := ga.Concentration; c.Total != 80000 || c.HHI != 5313 || c.Sealed != 1 || c.Band != model.High {
		t.Errorf("GA.Concentration: total %d, HHI %d, sealed %d, band %q; want 80000, 5313, 1, %q", c.Total, c.HHI, c.Sealed, c.Band, model.High)
	}
	// VA: ontrac and lasership 10000 each. 50² + 50² = 5000.
	if c := p.State("va").Concentration; c.Total != 20000 || c.HHI != 5000 || c.Lots != 3 || c.Awarded != 2 {
		t.Errorf("VA.Concentration: total %d, HHI %d, lots %d, awarded %d; want 20000, 5000, 3, 2", c.Total, c.HHI, c.Lots, c.Awarded)
	}
}

func TestNewAwarded(t *testing.T) {
	p := newPortal(t)
	// 50000, 30000, 10000, 10000 of 100000 disclosed: 2500 + 900 + 100 + 100.
	c := p.Awarded
	if c.Total != 100000 || c.HHI != 3600 || c.Awarded != 5 || c.Disclosed != 4 || c.Sealed != 1 {
		t.Errorf("Awarded: total %d, HHI %d, awarded %d, disclosed %d, sealed %d; want 100000, 3600, 5, 4, 1", c.Total, c.HHI, c.Awarded, c.Disclosed, c.Sealed)
	}
	for _, w := range []struct {
		id       dataset.Slug
		capacity int64
		share    float64
	}{{"amazon", 50000, 50}, {"ups", 30000, 30}, {"ontrac", 10000, 10}, {"lasership", 10000, 10}} {
		if c := p.Carrier(w.id); c.CapacityWon != w.capacity || c.Share != w.share {
			t.Errorf("%s: CapacityWon %d, Share %v; want %d, %v", w.id, c.CapacityWon, c.Share, w.capacity, w.share)
		}
	}
	if f := p.Facility("lpc-atlanta").Concentration; f.HHI != 5313 || f.Top == nil || f.Top.Key != "amazon" || f.Top.Percent != 62.5 {
		t.Errorf("lpc-atlanta.Concentration: HHI %d, top %+v; want 5313, amazon at 62.5%%", f.HHI, f.Top)
	}
	if f := p.Facility("rpdc-atlanta").Concentration; f.HasHHI || f.Sealed != 1 {
		t.Errorf("rpdc-atlanta.Concentration: HasHHI %v, sealed %d; want false, 1 (its only lot is sealed)", f.HasHHI, f.Sealed)
	}
}

func TestNewAgreements(t *testing.T) {
	p := newPortal(t)
	statuses := map[dataset.Slug]struct {
		status   string
		derived  bool
		daysLeft int
		soon     bool
	}{
		"nsa-sealed-2": {"active", true, 0, true},
		"nsa-sealed-1": {"active", true, 45, true},
		"nsa-ups":      {"active", true, 90, true},
		"nsa-amazon":   {"active", true, 92, false},
		"nsa-old":      {"expired", true, 0, false},
		"nsa-future":   {"pending", true, 0, false},
		"nsa-ended":    {"terminated", false, 0, false},
		"nsa-stale":    {"active", false, -1642, false},
		"nsa-undated":  {"unknown", true, 0, false},
	}
	for id, w := range statuses {
		a := p.Agreement(id)
		if a.Status != w.status || a.StatusDerived != w.derived || a.DaysLeft != w.daysLeft || a.ExpiringSoon != w.soon {
			t.Errorf("Agreement(%s): Status %q, StatusDerived %v, DaysLeft %d, ExpiringSoon %v; want %q, %v, %d, %v",
				id, a.Status, a.StatusDerived, a.DaysLeft, a.ExpiringSoon, w.status, w.derived, w.daysLeft, w.soon)
		}
	}
	// Within 90 days of 2026-07-01, soonest first.
	checkIDs(t, "ExpiringSoon", agreementIDs(p.ExpiringSoon), "nsa-sealed-2", "nsa-sealed-1", "nsa-ups")

	wantCounts := map[string]int{"active": 5, "expired": 1, "pending": 1, "terminated": 1, "unknown": 1}
	if !maps.Equal(p.StatusCounts, wantCounts) {
		t.Errorf("StatusCounts = %v, want %v", p.StatusCounts, wantCounts)
	}
	if p.SealedAgreements != 3 {
		t.Errorf("SealedAgreements = %d, want 3 (nsa-sealed-1, nsa-sealed-2, nsa-undated)", p.SealedAgreements)
	}
	// Active: amazon 6000000000, ups 1234.56, sealed-1 redacted,
	// sealed-2 blank, stale 100 (filed active).
	want := model.MoneySum{Total: 600_000_000_000 + 123456 + 10000, Disclosed: 3, Redacted: 1, Unknown: 1}
	if p.Revenue != want {
		t.Errorf("Revenue = %+v, want %+v", p.Revenue, want)
	}
}

func TestActiveOn(t *testing.T) {
	p := newPortal(t)
	tests := []struct {
		date string
		want int
		why  string
	}{
		{"2019-12-31", 0, "nothing in effect yet"},
		{"2020-01-01", 1, "nsa-old takes effect"},
		{"2021-06-01", 2, "nsa-old, nsa-stale"},
		{"2022-06-01", 1, "nsa-old"},
		{"2023-01-01", 1, "nsa-old expires that day: still active"},
		{"2023-01-02", 0, "nsa-old expired"},
		{"2026-07-01", 4, "amazon, ups, sealed-1, sealed-2 (expires that day); nsa-ended is terminated"},
		{"2026-07-02", 3, "sealed-2 expired"},
		{"2026-09-01", 3, "amazon, ups, future"},
		{"2026-10-02", 1, "only nsa-future, which has no expiry"},
	}
	for _, tt := range tests {
		if got := p.ActiveOn(dataset.MustDate(tt.date)); got != tt.want {
			t.Errorf("ActiveOn(%s) = %d, want %d (%s)", tt.date, got, tt.want, tt.why)
		}
	}
}

// TestTerminated checks that an agreement's terminated date counts on
// every status figure: active before it ended, terminated from that day,
// whatever the status column says.
func TestTerminated(t *testing.T) {
	fsys := fstest.MapFS{}
	for name, src := range portalFiles {
		fsys["data/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	fsys["data/agreements.csv"] = &fstest.MapFile{Data: []byte(`id,shipper_id,product,effective,expires,terminated,status
cut,ups,Ground Saver,2025-01-01,2026-12-31,2025-06-30,
cut-filed,ups,Ground Saver 2,2025-01-01,2026-12-31,2025-06-30,terminated
filed-no-date,ups,Ground Saver 3,2025-01-01,2026-12-31,,terminated
`)}
	d, errs := dataset.Load(context.Background(), fsys, "data", dataset.Options{})
	if err := errs.Err(); err != nil {
		t.Fatalf("Load: %s", errs.Format(0))
	}
	for _, tt := range []struct {
		date   string
		active int
		status map[string]string
	}{
		{"2025-03-01", 2, map[string]string{"cut": "active", "cut-filed": "active", "filed-no-date": "terminated"}},
		{"2025-06-29", 2, map[string]string{"cut": "active", "cut-filed": "active", "filed-no-date": "terminated"}},
		{"2025-06-30", 0, map[string]string{"cut": "terminated", "cut-filed": "terminated", "filed-no-date": "terminated"}},
		{"2026-01-01", 0, map[string]string{"cut": "terminated", "cut-filed": "terminated", "filed-no-date": "terminated"}},
	} {
		p := model.New(d, dataset.MustDate(tt.date))
		if got := p.ActiveOn(dataset.MustDate(tt.date)); got != tt.active {
			t.Errorf("ActiveOn(%s) = %d, want %d", tt.date, got, tt.active)
		}
		for _, a := range p.Agreements {
			if want := tt.status[string(a.ID)]; a.Status != want {
				t.Errorf("as of %s, %s has status %q, want %q", tt.date, a.ID, a.Status, want)
			}
		}
	}
}
