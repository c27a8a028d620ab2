package site

import (
	"io/fs"
	"os"
	"path"
	"strings"
	"testing"
	"testing/fstest"
)

// fixture is a small portal: two carriers (one parent of the other), three
// facilities in two states, three agreements (one sealed, one expiring
// soon), one auction with a redacted winner and an unawarded lot, and
// one update (about acme and the auction, by two authors, corrected
// after it was published) and one page. The repository's templates and static files
// render it.
func fixture(t testing.TB) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{
		"data/carriers.csv": file(`id,name,kind,parent,hq_state,website,source
acme,Acme Parcel <Co>,regional-carrier,,VA,https://acme.example/,https://acme.example/about
bigbox,"BigBox Stores, Inc.",national-retailer,,TX,,
bigbox-logistics,BigBox Logistics,consolidator,bigbox,TX,,
`),
		"data/facilities.csv": file(`id,name,type,parent_id,city,state,zip,daily_parcel_capacity,latitude,longitude,source
rpdc-a,Alpha RPDC,RPDC,,Richmond,VA,23219,,,,https://usps.example/l601
lpc-b,Beta LPC,LPC,rpdc-a,Norfolk,VA,23501,120000,36.85,-76.29,
ddu-c,Gamma DDU,DDU,,Austin,TX,,,,,
`),
		"data/agreements.csv": file(`id,shipper_id,product,docket,mc_docket,filed,signed,effective,expires,status,min_annual_parcels,est_annual_revenue_usd,terms_public,source,notes
acme-2024,acme,Parcel Select Contract 1,CP2024-10,MC2024-11,2024-01-05,,2024-02-01,2026-12-31,,500000,1200000.50,partial,https://prc.example/cp2024-10,
sealed-1,redacted,Priority Mail Contract 9,K2025-602,MC2025-603,2024-12-04,,,,,redacted,redacted,no,,
old-1,bigbox,Ground Advantage Contract 3,CP2020-5,,2019-12-01,,2020-01-01,2021-01-01,,,,yes,,"Ended; see ""notes"""
`),
		"data/auctions.csv": file(`id,title,award_rule,opens,closes,status,source
a1,Spring capacity round,highest-price,2026-01-20,2026-02-10,awarded,https://usps.example/a1
`),
		"data/auction_results.csv": file(`auction_id,lot_id,facility_id,capacity_parcels_per_day,window_start,window_end,reserve_price_usd,winner_id,clearing_price_usd,bids_received
a1,lot-1,rpdc-a,5000,2026-07-01,2027-06-30,100.00,acme,150.00,3
a1,lot-2,rpdc-a,3000,2026-07-01,2027-06-30,100.00,bigbox,120.00,2
a1,lot-3,lpc-b,2000,2026-07-01,2027-06-30,80.00,redacted,redacted,4
a1,lot-4,ddu-c,1000,,,50.00,,,0
`),
		"data/participation.csv": file(`auction_id,carrier_id,status,lots_bid,lots_won,capacity_won_parcels_per_day
a1,acme,bid,2,1,5000
a1,bigbox,bid,1,1,3000
a1,bigbox-logistics,withdrew,,,
`),
		"data/datasets.yaml": file(`datasets:
  carriers: {title: Carriers, description: Shippers and carriers., source: Company filings, license: CC0, updated: 2026-11-01, illustrative: false}
  facilities: {title: Facilities, description: Postal facilities., source: USPS DMM L601, source_url: "https://usps.example/l601", license: Public domain, updated: 2026-11-01, illustrative: false}
  agreements: {title: Agreements, description: NSAs., source: PRC filings, license: Public domain, updated: 2026-11-01, illustrative: false}
  auctions: {title: Auctions, description: Auction rounds., source: USPS, license: Public domain, updated: 2026-11-01, illustrative: false}
  auction_results: {title: Auction results, description: Lots., source: Invented, license: CC0, updated: 2026-11-01, illustrative: true}
  participation: {title: Participation, description: Bidders., source: Invented, license: CC0, updated: 2026-11-01, illustrative: true}
`),
		"content/about.md":         file("---\ntitle: About the <portal>\nsummary: What this is.\n---\n\nThis is **about** the portal. See [the carriers](/carriers/).\n"),
		"content/methodology.md":   file("---\ntitle: Methodology\n---\n\n## Shares\n\nHHI is the sum of squared shares.\n"),
		"content/updates/first.md": file("---\ntitle: First update\ndate: 2026-02-11\nsummary: The round closed.\naliases: [/news/first/]\nabout: [carriers/acme, auctions/a1]\nauthor: [Ana Díaz, Bo Li]\nlastmod: 2026-02-14\n---\n\nThe round [closed](/auctions/a1/).\n\n<script>alert(1)</script>\n"),
		"content/updates/draft.md": file("---\ntitle: Not yet\ndate: 2026-03-01\ndraft: true\n---\n\nDraft.\n"),
		"content/carriers/acme.md": file("---\ntitle: Note on Acme\n---\n\nAcme is a *regional* carrier.\n"),
	}
	for _, dir := range []string{"templates", "static"} {
		err := fs.WalkDir(os.DirFS("../.."), dir, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path.Join("../..", p))
			m[p] = &fstest.MapFile{Data: data}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	return m
}

func file(s string) *fstest.MapFile {
	return &fstest.MapFile{Data: []byte(strings.TrimPrefix(s, "\n"))}
}
