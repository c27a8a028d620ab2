package site

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

// TestDataBlocks renders ```portal blocks in a page of the fixture: each
// case gives the block and either what the page must contain or the exact
// error, with the markdown file and line.
func TestDataBlocks(t *testing.T) {
	const head = "---\ntitle: Blocks\n---\n\nIntro.\n\n" // the fence opens on line 7
	for _, tc := range []struct {
		name, block string
		want        []string // substrings of the rendered page
		err         string   // exact error, instead
	}{
		{
			name:  "table with where, columns, sort and limit",
			block: "table: auction_results\nwhere: auction_id = a1\ncolumns: lot_id, facility, winner, capacity_parcels_per_day, clearing_price_usd\nsort: -capacity_parcels_per_day\nlimit: 2",
			want: []string{
				`<caption>auction_results where auction_id = a1 (first 2 of 4 rows)</caption>`,
				`<th scope="col">lot_id</th><th scope="col">facility_id</th><th scope="col">winner_id</th><th scope="col" class="num">capacity_parcels_per_day</th>`,
				`<th scope="row">lot-1</th><td><a href="../facilities/rpdc-a/">Alpha RPDC</a></td><td><a href="../carriers/acme/">Acme Parcel &lt;Co&gt;</a></td><td class="num">5,000</td><td class="num">$150</td>`,
				`<th scope="row">lot-2</th>`,
				`<a href="../data/auction_results.csv">auction_results.csv</a>`,
			},
		},
		{
			name:  "redacted and unknown values keep their markers",
			block: "table: auction_results\nwhere: winner_id = redacted\ncolumns: lot_id, winner_id, clearing_price_usd",
			want:  []string{`<th scope="row">lot-3</th><td><span class="redacted"`, `>redacted</span></td><td class="num"><span class="redacted"`},
		},
		{
			name:  "!= and and",
			block: "table: agreements\nwhere: shipper_id != redacted and terms_public = yes\ncolumns: id, shipper",
			want:  []string{`<a href="../agreements/old-1/">old-1</a>`, `<a href="../carriers/bigbox/">BigBox Stores, Inc.</a>`},
		},
		{name: "chart of shares by kind", block: "chart: shares auction=a1 by=kind", want: []string{`<figcaption>Share of awarded capacity by kind of carrier, in Spring capacity round</figcaption><svg class="chart"`, "Regional carrier: 62.5%"}},
		// Alpha RPDC: acme 5,000 and bigbox 3,000 parcels/day: 62.5² + 37.5² = 5,312.5.
		{name: "hhi figure", block: "figure: hhi facility=rpdc-a", want: []string{`<span class="figure-value">5,313 (highly concentrated)</span>`, "at Alpha RPDC"}},
		{name: "timeline of a shipper", block: "chart: timeline\nshipper: acme", want: []string{`<svg class="chart timeline"`, "Parcel Select Contract 1: from 2024-02-01, expires 2026-12-31"}},
		{name: "unknown data set", block: "table: lots", err: `content/blocks.md:8: portal block: table: unknown data set "lots"; want one of carriers, facilities, agreements, auctions, auction_results, participation`},
		{name: "unknown column in columns", block: "table: carriers\ncolumns: id, colour", err: `content/blocks.md:9: portal block: columns: unknown column "colour" in carriers; want one of id, name, kind, parent, hq_state, website, source`},
		{name: "unknown id in where", block: "table: auction_results\nwhere: auction_id = nope", err: `content/blocks.md:9: portal block: where: no auction with id "nope"`},
		{name: "unknown figure", block: "figure: median", err: `content/blocks.md:8: portal block: figure: unknown figure "median"; want hhi, capacity, top-share, active-agreements or expiring-agreements`},
		{name: "unknown facility in figure", block: "figure: hhi facility=zzz", err: `content/blocks.md:8: portal block: facility: no facility with id "zzz"`},
		{name: "unknown key", block: "table: carriers\ncolour: red", err: `content/blocks.md:9: portal block: colour: unknown key for a table block; want table, where, columns, sort, limit, caption`},
		{name: "bad limit", block: "table: carriers\nlimit: lots", err: `content/blocks.md:9: portal block: limit: "lots": want a whole number from 1 to 1000`},
		{name: "not key value", block: "table: carriers\njust words", err: `content/blocks.md:9: portal block: "just words" is not a key: value line`},
		{name: "no kind", block: "where: id = acme", err: `content/blocks.md:7: portal block: want exactly one of table:, chart: or figure:`},
		{name: "unknown chart", block: "chart: pie", err: `content/blocks.md:8: portal block: chart: unknown chart "pie"; want shares, hhi or timeline`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fsys := fixture(t)
			fsys["content/blocks.md"] = file(head + "```portal\n" + tc.block + "\n```\n\nAfter.\n")
			b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), NoMinify: true}
			files, _, err := b.Generate(context.Background())
			if tc.err != "" {
				var ie *InputError
				if !errors.As(err, &ie) {
					t.Fatalf("generate = %v, want input error %q", err, tc.err)
				}
				if got := ie.List.Format(0); got != tc.err+"\n" {
					t.Errorf("error =\n%s\nwant\n%s", got, tc.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("generate: %v", err)
			}
			var page string
			for _, f := range files {
				if f.Path == "blocks/index.html" {
					page = string(f.Data)
				}
			}
			for _, w := range tc.want {
				if !strings.Contains(page, w) {
					t.Errorf("page does not contain %q", w)
				}
			}
			if strings.Contains(page, "```") || strings.Contains(page, "language-portal") {
				t.Errorf("the fence itself was rendered")
			}
		})
	}
}
