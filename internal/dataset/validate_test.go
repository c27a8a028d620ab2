package dataset_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/costtest"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// Each case edits one line of one file of the valid fixture (see
// fixture_test.go for the files and their line numbers) and lists every
// message the cross-file rules then report. An empty want means the edit is
// accepted.
func TestValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		file     string
		old, new string // the edit: old occurs once in file
		want     []string
	}{
		// Ids are unique.
		{
			name: "duplicate carrier id",
			file: "carriers.csv",
			old:  "lasership,LaserShip,regional-carrier,ontrac,VA,,\n",
			new:  "lasership,LaserShip,regional-carrier,ontrac,VA,,\nups,UPS again,national-carrier,,GA,,\n",
			want: []string{`data/carriers.csv:6:1: id "ups": duplicate, first defined on line 3 (see data/carriers.csv:3:1)`},
		},
		{
			name: "duplicate facility id",
			file: "facilities.csv",
			old:  "ddu-richmond,Richmond DDU,DDU,,Richmond,VA,23219-1234,,,,\n",
			new:  "ddu-richmond,Richmond DDU,DDU,,Richmond,VA,23219-1234,,,,\nddu-richmond,Richmond DDU 2,DDU,,Richmond,VA,,,,,\n",
			want: []string{`data/facilities.csv:5:1: id "ddu-richmond": duplicate, first defined on line 4 (see data/facilities.csv:4:1)`},
		},
		{
			name: "duplicate agreement id",
			file: "agreements.csv",
			old:  "nsa-sealed,redacted,",
			new:  "nsa-amazon,redacted,",
			want: []string{`data/agreements.csv:3:1: id "nsa-amazon": duplicate, first defined on line 2 (see data/agreements.csv:2:1)`},
		},
		{
			name: "duplicate auction id",
			file: "auctions.csv",
			old:  "linehaul,Linehaul reverse auction,lowest-price,2026-03-01,2026-03-15,awarded,\n",
			new:  "linehaul,Linehaul reverse auction,lowest-price,2026-03-01,2026-03-15,awarded,\nlast-mile,Second round,highest-price,,,scheduled,\n",
			want: []string{`data/auctions.csv:4:1: id "last-mile": duplicate, first defined on line 2 (see data/auctions.csv:2:1)`},
		},
		{
			name: "duplicate lot within an auction",
			file: "auction_results.csv",
			old:  "last-mile,lot-3,",
			new:  "last-mile,lot-2,",
			want: []string{`data/auction_results.csv:4:11: lot_id "lot-2": duplicate, first defined on line 3 (see data/auction_results.csv:3:11)`},
		},
		{
			name: "the same lot id in another auction is a different lot",
			file: "auction_results.csv",
			old:  "linehaul,lot-1,",
			new:  "linehaul,lot-1,", // the fixture already has lot-1 in both auctions
		},
		{
			name: "a carrier twice in one auction",
			file: "participation.csv",
			old:  "last-mile,ontrac,withdrew,0,0,\n",
			new:  "last-mile,ontrac,withdrew,0,0,\nlast-mile,ups,registered,,,\n",
			want: []string{`data/participation.csv:5:11: carrier_id "ups": duplicate, first defined on line 3 (see data/participation.csv:3:11)`},
		},

		// Every reference resolves.
		{
			name: "unknown parent carrier",
			file: "carriers.csv",
			old:  "regional-carrier,ontrac,VA",
			new:  "regional-carrier,on-trac,VA",
			want: []string{`data/carriers.csv:5:38: parent "on-trac": no such carrier (carriers are defined in data/carriers.csv); did you mean "ontrac"?`},
		},
		{
			name: "a carrier that is its own parent",
			file: "carriers.csv",
			old:  "ontrac,OnTrac,regional-carrier,,",
			new:  "ontrac,OnTrac,regional-carrier,ontrac,",
			want: []string{`data/carriers.csv:4:32: parent "ontrac": a carrier cannot be its own parent`},
		},
		{
			name: "carriers that are each other's parent",
			file: "carriers.csv",
			old:  "ontrac,OnTrac,regional-carrier,,",
			new:  "ontrac,OnTrac,regional-carrier,lasership,",
			want: []string{
				`data/carriers.csv:4:32: parent "lasership": carrier "ontrac" is, through its parents, its own parent`,
				`data/carriers.csv:5:38: parent "ontrac": carrier "lasership" is, through its parents, its own parent`,
			},
		},
		{
			name: "unknown parent facility",
			file: "facilities.csv",
			old:  "ddu-richmond,Richmond DDU,DDU,,",
			new:  "ddu-richmond,Richmond DDU,DDU,rpdc-richmond,",
			want: []string{`data/facilities.csv:4:31: parent_id "rpdc-richmond": no such facility (facilities are defined in data/facilities.csv)`},
		},
		{
			name: "unknown parent facility, with a likely fix",
			file: "facilities.csv",
			old:  "ddu-richmond,Richmond DDU,DDU,,",
			new:  "ddu-richmond,Richmond DDU,DDU,lpc-atlnta,",
			want: []string{`data/facilities.csv:4:31: parent_id "lpc-atlnta": no such facility (facilities are defined in data/facilities.csv); did you mean "lpc-atlanta"?`},
		},
		{
			name: "a facility that is its own parent",
			file: "facilities.csv",
			old:  "ddu-richmond,Richmond DDU,DDU,,",
			new:  "ddu-richmond,Richmond DDU,DDU,ddu-richmond,",
			want: []string{`data/facilities.csv:4:31: parent_id "ddu-richmond": facility "ddu-richmond" is, through its parents, its own parent`},
		},
		{
			// Only the facilities on the cycle are reported, not
			// ddu-richmond, which hangs off it.
			name: "parent cycle of facilities",
			file: "facilities.csv",
			old:  "rpdc-atlanta,Atlanta RPDC,RPDC,,Palmetto,GA,30268,,33.5312,-84.6694,\nlpc-atlanta,Atlanta LPC,LPC,rpdc-atlanta,Atlanta,GA,303,250000,,,\nddu-richmond,Richmond DDU,DDU,,",
			new:  "rpdc-atlanta,Atlanta RPDC,RPDC,lpc-atlanta,Palmetto,GA,30268,,33.5312,-84.6694,\nlpc-atlanta,Atlanta LPC,LPC,rpdc-atlanta,Atlanta,GA,303,250000,,,\nddu-richmond,Richmond DDU,DDU,lpc-atlanta,",
			want: []string{
				`data/facilities.csv:2:32: parent_id "lpc-atlanta": facility "rpdc-atlanta" is, through its parents, its own parent`,
				`data/facilities.csv:3:29: parent_id "rpdc-atlanta": facility "lpc-atlanta" is, through its parents, its own parent`,
			},
		},
		{
			name: "unknown shipper",
			file: "agreements.csv",
			old:  "nsa-sealed,redacted,",
			new:  "nsa-sealed,acme,",
			want: []string{`data/agreements.csv:3:12: shipper_id "acme": no such carrier (carriers are defined in data/carriers.csv)`},
		},
		{
			name: "unknown shipper, with a likely fix",
			file: "agreements.csv",
			old:  "nsa-sealed,redacted,",
			new:  "nsa-sealed,upss,",
			want: []string{`data/agreements.csv:3:12: shipper_id "upss": no such carrier (carriers are defined in data/carriers.csv); did you mean "ups"?`},
		},
		{
			// Three edits away is too far to be a likely typo.
			name: "unknown shipper, three edits from a carrier",
			file: "agreements.csv",
			old:  "nsa-sealed,redacted,",
			new:  "nsa-sealed,ups-us,",
			want: []string{`data/agreements.csv:3:12: shipper_id "ups-us": no such carrier (carriers are defined in data/carriers.csv)`},
		},
		{
			name: "a sealed customer needs no carrier",
			file: "agreements.csv",
			old:  "nsa-amazon,amazon,",
			new:  "nsa-amazon,redacted,",
		},
		{
			name: "unknown auction of a lot",
			file: "auction_results.csv",
			old:  "linehaul,lot-1,",
			new:  "line-haul,lot-1,",
			want: []string{`data/auction_results.csv:5:1: auction_id "line-haul": no such auction (auctions are defined in data/auctions.csv); did you mean "linehaul"?`},
		},
		{
			name: "unknown facility of a lot",
			file: "auction_results.csv",
			old:  "lot-2,ddu-richmond,",
			new:  "lot-2,ddu-norfolk,",
			want: []string{`data/auction_results.csv:3:17: facility_id "ddu-norfolk": no such facility (facilities are defined in data/facilities.csv)`},
		},
		{
			name: "unknown facility of a lot, with a likely fix",
			file: "auction_results.csv",
			old:  "lot-2,ddu-richmond,",
			new:  "lot-2,ddu-richmnd,",
			want: []string{`data/auction_results.csv:3:17: facility_id "ddu-richmnd": no such facility (facilities are defined in data/facilities.csv); did you mean "ddu-richmond"?`},
		},
		{
			name: "unknown winner",
			file: "auction_results.csv",
			old:  "40000,,,0",
			new:  "40000,fedex,,0",
			want: []string{`data/auction_results.csv:4:63: winner_id "fedex": no such carrier (carriers are defined in data/carriers.csv)`},
		},
		{
			name: "unknown winner, with a likely fix",
			file: "auction_results.csv",
			old:  "40000,,,0",
			new:  "40000,amazn,,0",
			want: []string{`data/auction_results.csv:4:63: winner_id "amazn": no such carrier (carriers are defined in data/carriers.csv); did you mean "amazon"?`},
		},
		{
			name: "unknown auction of a participant",
			file: "participation.csv",
			old:  "last-mile,ontrac,",
			new:  "last-mile-2,ontrac,",
			want: []string{`data/participation.csv:4:1: auction_id "last-mile-2": no such auction (auctions are defined in data/auctions.csv); did you mean "last-mile"?`},
		},
		{
			name: "unknown participant",
			file: "participation.csv",
			old:  "last-mile,ontrac,",
			new:  "last-mile,fedex,",
			want: []string{`data/participation.csv:4:11: carrier_id "fedex": no such carrier (carriers are defined in data/carriers.csv)`},
		},
		{
			name: "unknown participant, with a likely fix",
			file: "participation.csv",
			old:  "last-mile,ontrac,",
			new:  "last-mile,on-track,",
			want: []string{`data/participation.csv:4:11: carrier_id "on-track": no such carrier (carriers are defined in data/carriers.csv); did you mean "ontrac"?`},
		},

		// A carrier cannot win a lot in an auction it did not take part in.
		{
			name: "winner not in participation",
			file: "auction_results.csv",
			old:  "40000,,,0",
			new:  "40000,lasership,,0",
			want: []string{`data/auction_results.csv:4:63: winner_id "lasership" did not take part in auction "last-mile": add a row with status bid to data/participation.csv`},
		},
		{
			// ontrac withdrew: the lot it is said to win contradicts both
			// its status and its lots_won of 0.
			name: "winner whose status is not bid",
			file: "auction_results.csv",
			old:  "40000,,,0",
			new:  "40000,ontrac,,0",
			want: []string{
				`data/auction_results.csv:4:63: winner_id "ontrac" won a lot in auction "last-mile" but its participation status is "withdrew", not bid (see data/participation.csv:4:18)`,
				`data/participation.csv:4:29: lots_won 0 disagrees with data/auction_results.csv, where "ontrac" won 1 lots in auction "last-mile"`,
			},
		},
		{
			name: "a sealed winner needs no participation row",
			file: "auction_results.csv",
			old:  "40000,,,0",
			new:  "40000,redacted,,0",
		},

		// lots_won and capacity_won_parcels_per_day agree with the results.
		{
			name: "lots_won disagrees",
			file: "participation.csv",
			old:  "last-mile,amazon,bid,3,1,48000",
			new:  "last-mile,amazon,bid,3,2,48000",
			want: []string{`data/participation.csv:2:24: lots_won 2 disagrees with data/auction_results.csv, where "amazon" won 1 lots in auction "last-mile"`},
		},
		{
			name: "lots_won of a carrier that won nothing",
			file: "participation.csv",
			old:  "last-mile,ontrac,withdrew,0,0,",
			new:  "last-mile,ontrac,withdrew,0,1,",
			want: []string{
				`data/participation.csv:4:29: lots_won 1 disagrees with data/auction_results.csv, where "ontrac" won 0 lots in auction "last-mile"`,
				`data/participation.csv:4:29: lots_won 1 is more than lots_bid 0 (see data/participation.csv:4:27)`,
			},
		},
		{
			name: "capacity_won disagrees",
			file: "participation.csv",
			old:  "last-mile,amazon,bid,3,1,48000",
			new:  "last-mile,amazon,bid,3,1,50000",
			want: []string{`data/participation.csv:2:26: capacity_won_parcels_per_day 50000 disagrees with data/auction_results.csv, where "amazon" won 48000 parcels/day in auction "last-mile"`},
		},
		{
			name: "blank lots_won and capacity_won are not checked",
			file: "participation.csv",
			old:  "last-mile,amazon,bid,3,1,48000",
			new:  "last-mile,amazon,bid,3,,",
		},
		{
			name: "capacity_won is not checked when a won lot's capacity is redacted",
			file: "auction_results.csv",
			old:  "lpc-atlanta,48000,",
			new:  "lpc-atlanta,redacted,",
		},
		{
			name: "lots_won more than lots_bid",
			file: "participation.csv",
			old:  "last-mile,ups,bid,2,1,",
			new:  "last-mile,ups,bid,0,1,",
			want: []string{`data/participation.csv:3:21: lots_won 1 is more than lots_bid 0 (see data/participation.csv:3:19)`},
		},

		// Dates come in order.
		{
			name: "expires before effective",
			file: "agreements.csv",
			old:  "2025-01-01,2026-10-01,",
			new:  "2025-01-01,2024-12-15,",
			want: []string{`data/agreements.csv:2:99: expires 2024-12-15 is before effective 2025-01-01 (see data/agreements.csv:2:88)`},
		},
		{
			name: "expires before effective and signed",
			file: "agreements.csv",
			old:  "2025-01-01,2026-10-01,",
			new:  "2025-01-01,2024-10-01,",
			want: []string{
				`data/agreements.csv:2:99: expires 2024-10-01 is before effective 2025-01-01 (see data/agreements.csv:2:88)`,
				`data/agreements.csv:2:99: expires 2024-10-01 is before signed 2024-12-01 (see data/agreements.csv:2:77)`,
			},
		},
		{
			name: "expires on the day it takes effect",
			file: "agreements.csv",
			old:  "2025-01-01,2026-10-01,",
			new:  "2025-01-01,2025-01-01,",
		},
		{
			name: "window_end before window_start",
			file: "auction_results.csv",
			old:  "2026-07-01,2027-06-30,312000.00",
			new:  "2026-07-01,2026-06-30,312000.00",
			want: []string{`data/auction_results.csv:2:46: window_end 2026-06-30 is before window_start 2026-07-01 (see data/auction_results.csv:2:35)`},
		},
		{
			name: "closes before opens",
			file: "auctions.csv",
			old:  "2026-01-20,2026-02-10,",
			new:  "2026-01-20,2026-01-10,",
			want: []string{`data/auctions.csv:2:63: closes 2026-01-10 is before opens 2026-01-20 (see data/auctions.csv:2:52)`},
		},

		// A clearing price respects the award rule against the reserve.
		{
			name: "highest-price: clearing below reserve",
			file: "auction_results.csv",
			old:  "amazon,418050.00,",
			new:  "amazon,300000,",
			want: []string{`data/auction_results.csv:2:74: clearing_price_usd 300000.00 is below reserve_price_usd 312000.00, but auction "last-mile" awards to the highest price (see data/auctions.csv:2:38)`},
		},
		{
			name: "highest-price: clearing at the reserve",
			file: "auction_results.csv",
			old:  "amazon,418050.00,",
			new:  "amazon,312000,",
		},
		{
			name: "lowest-price: clearing above reserve, winner sealed",
			file: "auction_results.csv",
			old:  "redacted,85000,",
			new:  "redacted,90000.01,",
			want: []string{`data/auction_results.csv:5:75: clearing_price_usd 90000.01 is above reserve_price_usd 90000.00, but auction "linehaul" awards to the lowest price (see data/auctions.csv:3:35)`},
		},
		{
			name: "lowest-price: clearing at the reserve",
			file: "auction_results.csv",
			old:  "redacted,85000,",
			new:  "redacted,90000,",
		},
		{
			name: "a redacted clearing price is not compared",
			file: "auction_results.csv",
			old:  "amazon,418050.00,",
			new:  "amazon,redacted,",
		},
		{
			name: "clearing price on an unawarded lot",
			file: "auction_results.csv",
			old:  "40000,,,0",
			new:  "40000,,41000,0",
			want: []string{`data/auction_results.csv:4:64: clearing_price_usd 41000.00 given for a lot with no winner: fill in winner_id (or redacted), or leave the price blank`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := edited(t, tt.file, tt.old, tt.new)
			_, errs := load(dataFS(map[string]string{tt.file: src}), dataset.Limits{})
			checkMessages(t, "Load", errs, tt.want)
		})
	}
}

// The cross-file rules run only when every file loaded: on a file that
// failed they would only repeat its problems as unknown references.
func TestValidateWaitsForCleanFiles(t *testing.T) {
	t.Parallel()
	carriers := edited(t, "carriers.csv", "ups,", "UPS,")
	_, errs := load(dataFS(map[string]string{"carriers.csv": carriers}), dataset.Limits{})
	checkMessages(t, "Load", errs, []string{
		`data/carriers.csv:3:1: id: "UPS" is not an id: use lowercase letters, digits and single hyphens (like "ups"), at most 100 characters`,
	})
}

// The terminated column is optional; when given, its date comes between
// effective and expires and agrees with the status.
func TestTerminatedDate(t *testing.T) {
	t.Parallel()
	// The fixture with the column added: the sealed row gains a blank,
	// and the amazon row (its status blank) the values under test.
	withColumn := func(row, terminated, status string) string {
		src := edited(t, "agreements.csv", "expires,status,", "expires,terminated,status,")
		src = strings.Replace(src, "2024-12-04,,,,,redacted", "2024-12-04,,,,,,redacted", 1)
		return strings.Replace(src, row+",", row+terminated+","+status+",", 1)
	}
	amazon := "nsa-amazon,amazon,Parcel Select Contract 1,CP2025-123,MC2025-456,2024-12-04,2024-12-01,2025-01-01,2026-10-01,"
	tests := []struct {
		name, terminated, status string
		want                     []string
	}{
		{"blank", "", "", nil},
		{"ended early, status blank", "2025-06-30", "", nil},
		{"ended early, filed terminated", "2025-06-30", "terminated", nil},
		{"before effective", "2024-12-31", "", []string{
			`data/agreements.csv:2:110: terminated 2024-12-31 is before effective 2025-01-01 (see data/agreements.csv:2:88)`}},
		{"after expires", "2026-10-02", "", []string{
			`data/agreements.csv:2:110: terminated 2026-10-02 is after expires 2026-10-01: an agreement that ran to its end expired (see data/agreements.csv:2:99)`}},
		{"status says active", "2025-06-30", "active", []string{
			`data/agreements.csv:2:121: status "active", but the agreement has a terminated date (2025-06-30): leave status blank, or write terminated (see data/agreements.csv:2:110)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := withColumn(amazon, tt.terminated, tt.status)
			_, errs := load(dataFS(map[string]string{"agreements.csv": src}), dataset.Limits{})
			checkMessages(t, "Load", errs, tt.want)
		})
	}
}

// References are looked up in maps; only the few that miss are compared
// with ids for a suggestion, and only with ids of a near length. A large
// data set whose references mostly resolve, and one whose references
// miss by the thousand, both load quickly.
func TestUnknownIDsAtScale(t *testing.T) {
	var carriers, agreements strings.Builder
	carriers.WriteString(validFiles["carriers.csv"])
	agreements.WriteString("id,shipper_id,product\n")
	const n = 20_000
	for i := range n {
		fmt.Fprintf(&carriers, "carrier-%d,Carrier %d,regional-carrier,,,,\n", i, i)
		shipper := fmt.Sprintf("carrier-%d", i)
		switch {
		case i == 0:
			shipper = "carier-0" // a typo
		case i%10 == 0:
			shipper = fmt.Sprintf("shipper-%d", i) // nothing like it
		}
		fmt.Fprintf(&agreements, "nsa-%d,%s,Parcel Select\n", i, shipper)
	}
	fsys := dataFS(map[string]string{"carriers.csv": carriers.String(), "agreements.csv": agreements.String()})
	var errs diag.List
	elapsed, alloc := costtest.Measure(func() { _, errs = load(fsys, dataset.Limits{}) })
	if got, want := len(errs), n/10; got != want {
		t.Fatalf("Load: %d diagnostics, want %d (one per unknown shipper)", got, want)
	}
	if got, want := errs[0].Error(), `data/agreements.csv:2:7: shipper_id "carier-0": no such carrier (carriers are defined in data/carriers.csv); did you mean "carrier-0"?`; got != want {
		t.Errorf("Load: first diagnostic\n\t%s\nwant\n\t%s", got, want)
	}
	costtest.Within(t, "Load with 2,000 unknown shippers among 20,000 carriers", elapsed, alloc, 3*time.Second, 256<<20)
}

// The est_annual_revenue_qualifier column is optional; when given, it
// reads a disclosed amount as a bound or an estimate, and is one of
// dataset.Qualifiers.
func TestRevenueQualifier(t *testing.T) {
	t.Parallel()
	// The fixture with the column added: the amazon row gets the
	// qualifier under test with the given amount, the sealed row a blank.
	withColumn := func(amount, qual string) string {
		src := edited(t, "agreements.csv", "est_annual_revenue_usd,", "est_annual_revenue_usd,est_annual_revenue_qualifier,")
		src = strings.Replace(src, ",redacted,redacted,no,", ",redacted,redacted,,no,", 1)
		return strings.Replace(src, ",1000000,6000000000.00,partial,", ",1000000,"+amount+","+qual+",partial,", 1)
	}
	tests := []struct {
		name, amount, qual string
		want               []string
	}{
		{"blank", "6000000000.00", "", nil},
		{"a lower bound", "6000000000.00", "more-than", nil},
		{"an estimate", "6000000000.00", "about", nil},
		{"not a qualifier", "6000000000.00", "over", []string{
			`data/agreements.csv:2:133: est_annual_revenue_qualifier: "over" is not allowed: want one of about, at-least, more-than, at-most`}},
		{"wrong case", "6000000000.00", "About", []string{
			`data/agreements.csv:2:133: est_annual_revenue_qualifier: "About" is not allowed: did you mean "about"? (one of about, at-least, more-than, at-most)`}},
		{"no amount", "", "at-least", []string{
			`data/agreements.csv:2:120: est_annual_revenue_qualifier "at-least", but est_annual_revenue_usd is blank: a qualifier needs an amount to qualify (see data/agreements.csv:2:119)`}},
		{"amount under seal", "redacted", "about", []string{
			`data/agreements.csv:2:128: est_annual_revenue_qualifier "about", but est_annual_revenue_usd is redacted: a qualifier needs an amount to qualify (see data/agreements.csv:2:119)`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, errs := load(dataFS(map[string]string{"agreements.csv": withColumn(tt.amount, tt.qual)}), dataset.Limits{})
			checkMessages(t, "Load", errs, tt.want)
		})
	}
}
