package dataset_test

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// The valid fixture: six small data sets and a manifest that load without
// a single diagnostic. Tests change one file (or one line of one file) and
// check the exact messages that change produces. Line numbers in the
// expected messages refer to these files, so keep them stable: add rows at
// the end.
var validFiles = map[string]string{
	"carriers.csv": `id,name,kind,parent,hq_state,website,source
amazon,"Amazon.com, Inc.",ecommerce-platform,,WA,https://www.amazon.com/,https://www.aboutamazon.com/
ups,"United Parcel Service, Inc.",national-carrier,,GA,https://www.ups.com/,
ontrac,OnTrac,regional-carrier,,CA,,
lasership,LaserShip,regional-carrier,ontrac,VA,,
`,
	"facilities.csv": `id,name,type,parent_id,city,state,zip,daily_parcel_capacity,latitude,longitude,source
rpdc-atlanta,Atlanta RPDC,RPDC,,Palmetto,GA,30268,,33.5312,-84.6694,
lpc-atlanta,Atlanta LPC,LPC,rpdc-atlanta,Atlanta,GA,303,250000,,,
ddu-richmond,Richmond DDU,DDU,,Richmond,VA,23219-1234,,,,
`,
	"agreements.csv": `id,shipper_id,product,docket,mc_docket,filed,signed,effective,expires,status,min_annual_parcels,est_annual_revenue_usd,terms_public,source,notes
nsa-amazon,amazon,Parcel Select Contract 1,CP2025-123,MC2025-456,2024-12-04,2024-12-01,2025-01-01,2026-10-01,,1000000,6000000000.00,partial,https://www.prc.gov/,
nsa-sealed,redacted,Priority Mail Contract 880,K2025-602,MC2025-603,2024-12-04,,,,,redacted,redacted,no,,"Customer, prices and volumes filed under seal."
`,
	"auctions.csv": `id,title,award_rule,opens,closes,status,source
last-mile,Last-mile bid solicitation,highest-price,2026-01-20,2026-02-10,closed,
linehaul,Linehaul reverse auction,lowest-price,2026-03-01,2026-03-15,awarded,
`,
	"auction_results.csv": `auction_id,lot_id,facility_id,capacity_parcels_per_day,window_start,window_end,reserve_price_usd,winner_id,clearing_price_usd,bids_received
last-mile,lot-1,lpc-atlanta,48000,2026-07-01,2027-06-30,312000.00,amazon,418050.00,6
last-mile,lot-2,ddu-richmond,22000,2026-07-01,2027-06-30,143000,ups,150000.5,3
last-mile,lot-3,ddu-richmond,5000,2026-07-01,2027-06-30,40000,,,0
linehaul,lot-1,rpdc-atlanta,redacted,2026-08-01,2027-07-31,90000,redacted,85000,4
`,
	"participation.csv": `auction_id,carrier_id,status,lots_bid,lots_won,capacity_won_parcels_per_day
last-mile,amazon,bid,3,1,48000
last-mile,ups,bid,2,1,22000
last-mile,ontrac,withdrew,0,0,
`,
	"datasets.yaml": `datasets:
  carriers:
    title: Carriers and shippers
    updated: 2026-01-31
    illustrative: false
  facilities:
    title: Postal facilities
    source_url: https://about.usps.com/
    updated: 2026-01-31
    illustrative: false
  agreements:
    title: Negotiated service agreements
    license: Public domain
    updated: 2026-01-31
    illustrative: false
  auctions:
    title: Auctions
    updated: 2026-01-31
    illustrative: true
  auction_results:
    title: Auction results
    updated: 2026-01-31
    illustrative: true
  participation:
    title: Participation
    updated: 2026-01-31
    illustrative: true
`,
}

// dataFS returns the valid fixture under data/, with each file named in
// replace (e.g. "carriers.csv") given the new content instead.
func dataFS(replace map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, src := range validFiles {
		fsys["data/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	for name, src := range replace {
		fsys["data/"+name] = &fstest.MapFile{Data: []byte(src)}
	}
	return fsys
}

// edited returns the content of the fixture file with old, which must
// occur exactly once, replaced by new.
func edited(t testing.TB, file, old, new string) string {
	t.Helper()
	src, ok := validFiles[file]
	if !ok {
		t.Fatalf("edited: no fixture file %q", file)
	}
	if n := strings.Count(src, old); n != 1 {
		t.Fatalf("edited: %q occurs %d times in %s, want once", old, n, file)
	}
	return strings.Replace(src, old, new, 1)
}

// load runs dataset.Load on fsys's data/ folder with the given limits (the
// defaults when zero).
func load(fsys fstest.MapFS, lim dataset.Limits) (*dataset.Data, diag.List) {
	return dataset.Load(context.Background(), fsys, "data", dataset.Options{Limits: lim})
}

// messages formats every diagnostic as the command prints it.
func messages(l diag.List) []string {
	var out []string
	for _, d := range l {
		out = append(out, d.Error())
	}
	return out
}

// checkMessages fails unless got formats to exactly want, in order.
func checkMessages(t *testing.T, call string, got diag.List, want []string) {
	t.Helper()
	g := messages(got)
	if strings.Join(g, "\n") == strings.Join(want, "\n") {
		return
	}
	t.Errorf("%s: got %d diagnostics:\n\t%s\nwant %d:\n\t%s", call, len(g), strings.Join(g, "\n\t"), len(want), strings.Join(want, "\n\t"))
}
