package site

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

// blocksPage builds the fixture with content/blocks.md holding body after
// three lines of front matter and a blank line (its first line is line 5),
// and returns the page or the build's error.
func blocksPage(t *testing.T, body string) (string, error) {
	t.Helper()
	fsys := fixture(t)
	fsys["content/blocks.md"] = file("---\ntitle: Blocks\n---\n\n" + body)
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), NoMinify: true}
	files, _, err := b.Generate(context.Background())
	if err != nil {
		return "", err
	}
	for _, f := range files {
		if f.Path == "blocks/index.html" {
			return string(f.Data), nil
		}
	}
	t.Fatal("no blocks/index.html")
	return "", nil
}

// TestDataBlocks renders ```portal blocks and inline figures in a page of
// the fixture: each case gives the markdown and what the page must contain.
// The full output is pinned by internal/render's golden test.
func TestDataBlocks(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, block string
		want        []string // substrings of the rendered page
	}{
		{
			name:  "table with where, columns, sort and limit",
			block: "table: auction_results\nwhere: auction_id = a1\ncolumns: lot_id, facility, winner, capacity_parcels_per_day, clearing_price_usd\nsort: -capacity_parcels_per_day\nlimit: 2",
			want: []string{
				`<caption>Auction results, where Auction is Spring capacity round (first 2 of 4 rows)</caption>`,
				`<th scope="col">Lot</th><th scope="col">Facility</th><th scope="col">Winner</th><th scope="col" class="num">Capacity (parcels/day)</th><th scope="col" class="num">Clearing price</th>`,
				`<th scope="row">lot-1</th><td><a href="../facilities/rpdc-a/">Alpha RPDC</a></td><td><a href="../carriers/acme/">Acme Parcel &lt;Co&gt;</a></td><td class="num">5,000</td><td class="num">$150</td>`,
				`<th scope="row">lot-2</th>`,
				`<a href="../data/auction_results.csv">auction_results.csv</a>`,
			},
		},
		{
			name:  "columns relabelled",
			block: "table: auction_results\ncolumns: lot, winner as Won by, clearing_price_usd as \"Price, in dollars\"\nlimit: 1",
			want:  []string{`<th scope="col">Lot</th><th scope="col">Won by</th><th scope="col" class="num">Price, in dollars</th>`},
		},
		{
			name:  "redacted and unknown values keep their markers",
			block: "table: auction_results\nwhere: winner_id = redacted\ncolumns: lot_id, winner_id, clearing_price_usd",
			want:  []string{`<caption>Auction results, where Winner is redacted</caption>`, `<th scope="row">lot-3</th><td><span class="redacted"`, `>redacted</span></td><td class="num"><span class="redacted"`},
		},
		{
			name:  "an unawarded lot says so, as on entity pages",
			block: "table: auction_results\nwhere: winner_id = \ncolumns: lot_id, winner",
			want:  []string{`<caption>Auction results, where Winner is blank</caption>`, `<th scope="row">lot-4</th><td><span class="unknown" title="No winner is recorded for this lot">not awarded</span></td>`},
		},
		{
			name:  "!= and and",
			block: "table: agreements\nwhere: shipper_id != redacted and terms_public = yes\ncolumns: id, shipper",
			want:  []string{`<caption>Agreements, where Customer is not redacted and Terms public is yes</caption>`, `<th scope="col">Agreement</th><th scope="col">Customer</th>`, `<a href="../agreements/old-1/">old-1</a>`, `<a href="../carriers/bigbox/">BigBox Stores, Inc.</a>`},
		},
		{name: "chart of shares by kind", block: "chart: shares auction=a1 by=kind", want: []string{`<figcaption>Share of awarded capacity by kind of carrier, in Spring capacity round</figcaption><svg class="chart"`, "Regional carrier: 62.5%"}},
		// Alpha RPDC: acme 5,000 and bigbox 3,000 parcels/day: 62.5² + 37.5² = 5,312.5.
		{name: "hhi figure links to the lots it counts", block: "figure: hhi facility=rpdc-a", want: []string{`<span class="figure-value">5,313 (highly concentrated)</span>`, "at Alpha RPDC", `(<a href="../facilities/rpdc-a/#lots">the 2 lots</a>; as of 25 November 2026)`}},
		{name: "agreement figure links to the agreements", block: "figure: active-agreements", want: []string{`<a href="../agreements/">the 3 agreements</a>`}},
		{name: "timeline of a shipper", block: "chart: timeline\nshipper: acme", want: []string{`<svg class="chart timeline"`, "Parcel Select Contract 1: from 2024-02-01, expires 2026-12-31"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			page, err := blocksPage(t, "Intro.\n\n```portal\n"+tc.block+"\n```\n\nAfter.\n")
			if err != nil {
				t.Fatalf("generate: %v", err)
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

// TestInlineFigures renders figures inside sentences: the value alone,
// with what it counts and the as-of date on hover.
func TestInlineFigures(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ body, want string }{
		{"USPS awarded :figure[capacity]{auction=a1}.", `<p>USPS awarded <span class="figure-inline" title="Awarded in Spring capacity round, from 2 of 3 awarded lots; as of 25 November 2026">8,000 parcels a day</span>.</p>`},
		{"HHI :figure[hhi]{facility=rpdc-a}, all: :figure[hhi].", `<p>HHI <span class="figure-inline" title="Concentration of awarded capacity (HHI) at Alpha RPDC; as of 25 November 2026">5,313 (highly concentrated)</span>, all: <span class="figure-inline" title="Concentration of awarded capacity (HHI) in all auctions; as of 25 November 2026">5,313 (highly concentrated)</span>.</p>`},
		{"- In Virginia, :figure[top-share]{ state=VA }", `<li>In Virginia, <span class="figure-inline" title="Held by Acme Parcel &lt;Co&gt;, the largest share of awarded capacity in Virginia; as of 25 November 2026">62.5%</span></li>`},
		{"*:figure[active-agreements]* of them", `<p><em><span class="figure-inline" title="Agreement active; status known for 2 of 3; as of 25 November 2026">1</span></em> of them</p>`},
		{"Not figures: a:b, :figure, `:figure[capacity]` and \\:figure[capacity].", `<p>Not figures: a:b, :figure, <code>:figure[capacity]</code> and :figure[capacity].</p>`},
	} {
		page, err := blocksPage(t, tc.body+"\n")
		if err != nil {
			t.Errorf("%q: generate: %v", tc.body, err)
			continue
		}
		if !strings.Contains(page, tc.want) {
			t.Errorf("%q: page does not contain\n%s", tc.body, tc.want)
		}
	}
}

// TestBlockErrors gives, for data blocks and inline figures, the exact
// message and its position: the field or word at fault. "Intro." is on
// line 5 of the page.
func TestBlockErrors(t *testing.T) {
	t.Parallel()
	const fence = "Intro.\n\n```portal\n" // the fence opens on line 7
	for _, tc := range []struct{ body, err string }{
		{fence + "table: lots\n```\n", `content/blocks.md:8:1: portal block: table: unknown data set "lots"; want one of carriers, facilities, agreements, auctions, auction_results, participation`},
		{fence + "table: carriers\ncolumns: id, colour\n```\n", `content/blocks.md:9:1: portal block: columns: unknown column "colour" in carriers; want one of id, name, kind, parent, hq_state, website, source`},
		{fence + "table: carriers\ncolumns: id as \n```\n", `content/blocks.md:9:1: portal block: columns: "id as": want a label after as, in double quotes if it holds a comma`},
		{fence + "table: carriers\ncolumns: id as \"\"\n```\n", `content/blocks.md:9:1: portal block: columns: "id as \"\"": want a label after as, in double quotes if it holds a comma`},
		{fence + "table: auction_results\n  where: auction_id = nope\n```\n", `content/blocks.md:9:3: portal block: where: no auction with id "nope"`},
		{fence + "figure: median\n```\n", `content/blocks.md:8:1: portal block: figure: unknown figure "median"; want hhi, capacity, top-share, active-agreements or expiring-agreements`},
		{fence + "figure: hhi facility=zzz\n```\n", `content/blocks.md:8:13: portal block: facility: no facility with id "zzz"`},
		{fence + "figure: hhi   auction=a1 state=zz\n```\n", `content/blocks.md:8:26: portal block: state: no facilities in a state "zz"`},
		{fence + "figure: active-agreements auction=a1\n```\n", `content/blocks.md:8:27: portal block: auction: this figure takes no scope`},
		{fence + "table: carriers\ncolour: red\n```\n", `content/blocks.md:9:1: portal block: colour: unknown key for a table block; want table, where, columns, sort, limit, caption`},
		{fence + "table: carriers\nlimit: lots\n```\n", `content/blocks.md:9:1: portal block: limit: "lots": want a whole number from 1 to 1000`},
		{fence + "table: carriers\njust words\n```\n", `content/blocks.md:9:1: portal block: "just words" is not a key: value line`},
		{fence + "where: id = acme\n```\n", `content/blocks.md:7:1: portal block: want exactly one of table:, chart:, figure: or definitions:`},
		{fence + "chart: pie\n```\n", `content/blocks.md:8:1: portal block: chart: unknown chart "pie"; want shares, hhi or timeline`},
		{fence + "chart: shares by=size\n```\n", `content/blocks.md:8:15: portal block: by: "size": want carrier or kind`},
		{"Intro.\n\nIt awarded :figure[median].\n", `content/blocks.md:7:20: inline figure: unknown figure "median"; want hhi, capacity, top-share, active-agreements or expiring-agreements`},
		{"Intro.\n\n> It awarded :figure[ capacity ]{auction=nope}.\n", `content/blocks.md:7:34: inline figure: auction: no auction with id "nope"`},
		{"Intro.\n\nIt awarded :figure[capacity]{facility=rpdc-a colour=red}.\n", `content/blocks.md:7:46: inline figure: colour: unknown key for a figure; want auction, facility, state`},
		{"Intro.\n\nIt awarded :figure[capacity]{auction=a1 auction=a1}.\n", `content/blocks.md:7:41: inline figure: auction: given twice`},
		{"Intro.\n\nIt awarded :figure[capacity]{a1}.\n", `content/blocks.md:7:30: inline figure: "a1": want key=value after the name`},
		{"Intro.\n\nIt awarded :figure[capacity\nof a1].\n", `content/blocks.md:7:12: inline figure: want :figure[NAME] or :figure[NAME]{key=value ...}, on one line`},
		{"Intro.\n\nIt awarded :figure[capacity]{auction=a1.\n", `content/blocks.md:7:12: inline figure: want :figure[NAME] or :figure[NAME]{key=value ...}, on one line`},
		{"Intro.\n\nIt awarded :figure[].\n", `content/blocks.md:7:20: inline figure: "": want the name of one figure`},
		{"Intro.\n\nIt awarded :figure[active-agreements]{state=VA}.\n", `content/blocks.md:7:39: inline figure: state: this figure takes no scope`},
		{"Intro.\n\nTwo :figure[hhi]{auction=a1 facility=rpdc-a}.\n", `content/blocks.md:7:5: inline figure: give at most one of auction, facility and state`},
		{"Intro.\n\n| a | b |\n|---|---|\n| x | :figure[hhi]{facility=q} |\n", `content/blocks.md:9:20: inline figure: facility: no facility with id "q"`},
	} {
		_, err := blocksPage(t, tc.body)
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("%q: generate = %v, want input error %q", tc.body, err, tc.err)
			continue
		}
		if got := ie.List.Format(0); got != tc.err+"\n" {
			t.Errorf("%q: error =\n%s\nwant\n%s", tc.body, got, tc.err)
		}
	}
}
