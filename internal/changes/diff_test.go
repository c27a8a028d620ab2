package changes_test

import (
	"context"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/changes"
	"github.com/postal-access/portal/internal/dataset"
)

// bundled returns the bundled portal's data files, to change per case.
func bundled(t *testing.T) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, f := range changes.Files {
		b, err := os.ReadFile("../../data/" + f)
		if err != nil {
			t.Fatal(err)
		}
		files[f] = string(b)
	}
	return files
}

func load(t *testing.T, files map[string]string) *dataset.Data {
	t.Helper()
	fsys := fstest.MapFS{}
	for name, s := range files {
		fsys["data/"+name] = &fstest.MapFile{Data: []byte(s)}
	}
	d, errs := dataset.Load(context.Background(), fsys, "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatalf("loading: %v", errs)
	}
	return d
}

// summary writes a diff compactly: one line per data set that changed,
// "+id" added, "-id" removed, "~id[col:before→after]" changed, "cols+x"
// a column added; then the notes.
func summary(d changes.Diff) string {
	var b strings.Builder
	for _, s := range d.Sets {
		if s.Empty() {
			continue
		}
		fmt.Fprintf(&b, "%s:", s.Name)
		for _, c := range s.ColumnsAdded {
			fmt.Fprintf(&b, " cols+%s", c)
		}
		for _, c := range s.ColumnsRemoved {
			fmt.Fprintf(&b, " cols-%s", c)
		}
		for _, r := range s.Added {
			fmt.Fprintf(&b, " +%s", r.ID())
		}
		for _, r := range s.Removed {
			fmt.Fprintf(&b, " -%s", r.ID())
		}
		for _, r := range s.Changed {
			fmt.Fprintf(&b, " ~%s", r.ID())
			for _, c := range r.Changes {
				fmt.Fprintf(&b, "[%s:%s→%s]", c.Column.Name, c.Before.CSV(), c.After.CSV())
			}
		}
		b.WriteString("\n")
	}
	for _, n := range d.Notes {
		fmt.Fprintf(&b, "note %s: %s\n", n.Kind, n.Text)
	}
	return b.String()
}

func replace(file, old, new string) func(map[string]string) {
	return func(f map[string]string) {
		if !strings.Contains(f[file], old) {
			panic(fmt.Sprintf("%s has no %q", file, old))
		}
		f[file] = strings.Replace(f[file], old, new, 1)
	}
}

func TestCompare(t *testing.T) {
	const ups = "ups,\"United Parcel Service, Inc.\",national-carrier,,GA,https://www.ups.com/,https://www.vault.com/company-profiles/airlines/united-parcel-service-co\n"
	tests := []struct {
		name     string
		old, new func(map[string]string) // edits of the bundled data; nil for none
		want     string
	}{
		{"no change", nil, nil, ""},
		{"added", nil, appendRow("carriers.csv", newco), "carriers: +newco\n"},
		{"removed", appendRow("carriers.csv", newco), nil, "carriers: -newco\n"},
		{"changed", nil, replace("carriers.csv", "fedex,FedEx Corporation,national-carrier,,TN", "fedex,FedEx Corp.,national-carrier,,DE"),
			"carriers: ~fedex[name:FedEx Corporation→FedEx Corp.][hq_state:TN→DE]\n"},
		{"unsealed customer", nil, replace("agreements.csv", "pm-ga-contract-536,redacted,", "pm-ga-contract-536,ups,"),
			"agreements: ~pm-ga-contract-536[shipper_id:redacted→ups]\nnote unsealed: Agreement pm-ga-contract-536: customer unsealed: redacted → ups\n"},
		{"sealed again", replace("agreements.csv", "pm-ga-contract-536,redacted,", "pm-ga-contract-536,ups,"), nil,
			"agreements: ~pm-ga-contract-536[shipper_id:ups→redacted]\n"},
		{"status", nil, replace("auctions.csv", "2026-01-20,,closed,", "2026-01-20,,awarded,"),
			"auctions: ~usps-last-mile-2026[status:closed→awarded]\nnote status: Auction usps-last-mile-2026: status closed → awarded\n"},
		{"same value written otherwise", nil, replace("auction_results.csv", "lpc-atlanta-a,lpc-atlanta,48000,2026-07-01,2027-06-30,312000.00,", "lpc-atlanta-a,lpc-atlanta,48000,2026-07-01,2027-06-30,312000,"), ""},
		{"reordered rows", nil, func(f map[string]string) {
			f["carriers.csv"] = strings.Replace(f["carriers.csv"], ups, "", 1) + ups
		}, ""},
		{"renamed id", appendRow("carriers.csv", newco), appendRow("carriers.csv", strings.Replace(newco, "newco,", "newco-inc,", 1)), "carriers: +newco-inc -newco\n"},
		{"lot key is auction and lot", nil, replace("auction_results.csv", "usps-last-mile-2026,lpc-atlanta-c,", "usps-last-mile-2026,lpc-atlanta-z,"),
			"auction_results: +usps-last-mile-2026/lpc-atlanta-z -usps-last-mile-2026/lpc-atlanta-c\nnote results: Auction usps-last-mile-2026: results published for 1 lot\n"},
		{"new filing", nil, appendRow("agreements.csv", "nsa-new,redacted,Parcel Select Contract 9,CP2026-12,MC2026-13,2026-02-01,,,,,,,,,no,,\n"),
			"agreements: +nsa-new\nnote filing: New filing: agreement nsa-new (CP2026-12), Parcel Select Contract 9\n"},
		{"header only, both", headerOnly, headerOnly, ""},
		{"column added", func(f map[string]string) { f["agreements.csv"] = dropColumn(f["agreements.csv"], "terminated") }, nil,
			"agreements: cols+terminated\n"},
		{"column removed", nil, func(f map[string]string) { f["agreements.csv"] = dropColumn(f["agreements.csv"], "terminated") },
			"agreements: cols-terminated\n"},
	}
	base := bundled(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			old, new := maps(base), maps(base)
			if tc.old != nil {
				tc.old(old)
			}
			if tc.new != nil {
				tc.new(new)
			}
			d := changes.Compare(load(t, old), load(t, new), nil)
			if got := summary(d); got != tc.want {
				t.Errorf("Compare:\n%s\nwant:\n%s", got, tc.want)
			}
			checkRows(t, d)
		})
	}
}

// checkRows checks that each row of d carries the release rows it came
// from: an added row the newer, a removed one the older, a changed one
// both, whose fields are the change's before and after.
func checkRows(t *testing.T, d changes.Diff) {
	t.Helper()
	for _, s := range d.Sets {
		for _, r := range s.Added {
			if r.Old != nil || r.New == nil {
				t.Errorf("%s: added %s: Old %v, New %v; want nil and its row", s.Name, r.ID(), r.Old, r.New)
			}
		}
		for _, r := range s.Removed {
			if r.Old == nil || r.New != nil {
				t.Errorf("%s: removed %s: Old %v, New %v; want its row and nil", s.Name, r.ID(), r.Old, r.New)
			}
		}
		for _, r := range s.Changed {
			if r.Old == nil || r.New == nil {
				t.Fatalf("%s: changed %s: Old %v, New %v; want both rows", s.Name, r.ID(), r.Old, r.New)
			}
			for _, c := range r.Changes {
				if b, a := c.Column.Of(r.Old).CSV(), c.Column.Of(r.New).CSV(); b != c.Before.CSV() || a != c.After.CSV() {
					t.Errorf("%s: changed %s: rows hold %s %q → %q, the change %q → %q", s.Name, r.ID(), c.Column.Name, b, a, c.Before.CSV(), c.After.CSV())
				}
			}
		}
	}
}

const newco = "newco,New Co,regional-carrier,,OH,,\n"

func appendRow(file, row string) func(map[string]string) {
	return func(f map[string]string) { f[file] += row }
}

// headerOnly empties the auction's results and participation: an auction
// whose results are not out yet.
func headerOnly(f map[string]string) {
	f["participation.csv"] = "auction_id,carrier_id,status,lots_bid,lots_won,capacity_won_parcels_per_day\n"
	f["auction_results.csv"] = "auction_id,lot_id,facility_id,capacity_parcels_per_day,window_start,window_end,reserve_price_usd,winner_id,clearing_price_usd,bids_received\n"
}

// TestCompareHeaderOnlyToRows is an auction's results published: a
// header-only file gains its rows.
func TestCompareHeaderOnlyToRows(t *testing.T) {
	old, new := bundled(t), bundled(t)
	headerOnly(old)
	d := changes.Compare(load(t, old), load(t, new), nil)
	got := summary(d)
	if !strings.Contains(got, "note results: Auction usps-last-mile-2026: results published for 79 lots\n") {
		t.Errorf("Compare: no results note in\n%s", got)
	}
	for _, s := range d.Sets {
		if s.Name == "auction_results" && (len(s.Added) != 79 || len(s.Removed)+len(s.Changed) != 0) {
			t.Errorf("auction_results: %d added, %d removed, %d changed; want 79, 0, 0", len(s.Added), len(s.Removed), len(s.Changed))
		}
	}
}

func TestCompareSkip(t *testing.T) {
	old, new := bundled(t), bundled(t)
	new["carriers.csv"] += newco
	d := changes.Compare(load(t, old), load(t, new), func(name string) bool { return name == "carriers" })
	if got := summary(d); got != "" {
		t.Errorf("Compare skipping carriers = %q, want nothing", got)
	}
}

func maps(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}

// dropColumn removes a column from a CSV file with no quoted commas
// before it.
func dropColumn(file, col string) string {
	lines := strings.SplitAfter(file, "\n")
	i := slices.Index(strings.Split(strings.TrimSpace(lines[0]), ","), col)
	for n, l := range lines {
		parts := strings.SplitN(l, ",", i+2)
		if len(parts) < i+2 {
			continue
		}
		lines[n] = strings.Join(append(parts[:i:i], parts[i+1]), ",")
	}
	return strings.Join(lines, "")
}
