// Package corpus writes synthetic portals of any size for benchmarks: the
// six data sets of the design, valid under every rule, and dated updates.
// The same scale and seed always give the same bytes.
package corpus

import (
	"encoding/csv"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"strings"
)

// Sizes at scale 1; every count grows linearly with the scale.
const (
	Carriers   = 200
	Facilities = 1000
	Agreements = 2000
	Auctions   = 8
	Lots       = 4000
	Updates    = 300
)

var (
	states   = strings.Fields("AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY")
	kinds    = []string{"ecommerce-platform", "national-retailer", "regional-carrier", "national-carrier", "consolidator"}
	ftypes   = []string{"RPDC", "LPC", "S&DC", "P&DC", "NDC", "DDU"}
	products = []string{"Parcel Select", "Priority Mail", "USPS Ground Advantage", "Priority Mail Express", "Parcel Return Service"}
	words    = strings.Fields("capacity parcel facility carrier auction agreement volume regional national network delivery postal service rate bid lot window access reserve clearing price shipper contract docket commission review transparency market share concentration route sort station")
)

// Write writes data/*.csv, data/datasets.yaml, content/methodology.md and content/updates/*.md
// under dir for the given scale (1 is about 3,500 pages).
func Write(dir string, scale int, seed int64) error {
	if scale < 1 {
		return fmt.Errorf("scale %d: want 1 or more", scale)
	}
	for _, d := range []string{"data", filepath.Join("content", "updates")} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return err
		}
	}
	// Every step draws from one random source: the same seed gives the
	// same bytes only while the steps keep this order.
	g := &generator{
		w: &writer{dir: dir}, r: rand.New(rand.NewSource(seed)),
		nCar: Carriers * scale, nFac: Facilities * scale, nAgr: Agreements * scale, nLot: Lots * scale, nUpd: Updates * scale,
	}
	g.carriers()
	g.facilities()
	g.agreements()
	g.auctions()
	g.participation(g.results())
	g.w.file(filepath.Join("data", "datasets.yaml"), manifest)
	// The default templates link to the methodology page.
	g.w.file(filepath.Join("content", "methodology.md"), "---\ntitle: Methodology\nsummary: How the figures are computed.\n---\n\nSynthetic data for benchmarks.\n")
	g.updates()
	return g.w.err
}

// generator writes one corpus: how many of each kind, and the random source.
type generator struct {
	w                            *writer
	r                            *rand.Rand
	nCar, nFac, nAgr, nLot, nUpd int
}

// won is what one carrier won in one auction.
type won struct{ lots, capacity int }

func (g *generator) carriers() {
	r := g.r
	g.w.table("carriers", []string{"id", "name", "kind", "parent", "hq_state", "website", "source"}, g.nCar, func(i int) []string {
		parent := ""
		if i%10 == 9 {
			parent = fmt.Sprintf("carrier-%d", i-1)
		}
		return []string{fmt.Sprintf("carrier-%d", i), fmt.Sprintf("Carrier %d %s", i, title(r)), kinds[i%len(kinds)], parent, states[r.Intn(len(states))], fmt.Sprintf("https://carrier%d.example/", i), ""}
	})
}

func (g *generator) facilities() {
	r := g.r
	g.w.table("facilities", []string{"id", "name", "type", "parent_id", "city", "state", "zip", "daily_parcel_capacity", "latitude", "longitude", "source"}, g.nFac, func(i int) []string {
		parent := ""
		if i%ftypesLen() != 0 {
			parent = fmt.Sprintf("facility-%d", i-i%ftypesLen())
		}
		// A quarter of the facilities are in California, as the largest
		// states hold many: its facility table runs to several pages.
		state := states[r.Intn(len(states))]
		if i%4 == 0 {
			state = "CA"
		}
		return []string{fmt.Sprintf("facility-%d", i), fmt.Sprintf("Facility %d %s", i, title(r)), ftypes[i%len(ftypes)], parent, "Springfield", state, fmt.Sprintf("%05d", 10000+r.Intn(89999)), fmt.Sprint(10000 + r.Intn(900000)), fmt.Sprintf("%.4f", 25+r.Float64()*23), fmt.Sprintf("%.4f", -124+r.Float64()*57), ""}
	})
}

func (g *generator) agreements() {
	r, nCar := g.r, g.nCar
	g.w.table("agreements", []string{"id", "shipper_id", "product", "docket", "mc_docket", "filed", "signed", "effective", "expires", "status", "min_annual_parcels", "est_annual_revenue_usd", "terms_public", "source", "notes"}, g.nAgr, func(i int) []string {
		y := 2018 + r.Intn(8)
		shipper := fmt.Sprintf("carrier-%d", r.Intn(nCar))
		revenue := fmt.Sprintf("%d.%02d", r.Intn(50000000), r.Intn(100))
		if i%4 == 0 {
			shipper, revenue = "redacted", "redacted"
		}
		return []string{fmt.Sprintf("agreement-%d", i), shipper, products[r.Intn(len(products))], fmt.Sprintf("CP%d-%d", y, 1+r.Intn(900)), fmt.Sprintf("MC%d-%d", y, 1+r.Intn(900)),
			fmt.Sprintf("%d-%02d-01", y, 1+r.Intn(12)), "", fmt.Sprintf("%d-%02d-15", y, 1+r.Intn(12)), fmt.Sprintf("%d-%02d-28", y+1+r.Intn(4), 1+r.Intn(12)), "",
			fmt.Sprint(1000 * r.Intn(100000)), revenue, []string{"yes", "no", "partial"}[r.Intn(3)], "", sentence(r, 8)}
	})
}

func (g *generator) auctions() {
	g.w.table("auctions", []string{"id", "title", "award_rule", "opens", "closes", "status", "source"}, Auctions, func(i int) []string {
		return []string{fmt.Sprintf("auction-%d", i), fmt.Sprintf("Capacity auction round %d", i+1), "highest-price", fmt.Sprintf("2026-%02d-01", 1+i), fmt.Sprintf("2026-%02d-20", 1+i), "awarded", ""}
	})
}

// results writes the auctions' lots and returns, for each auction, what
// each carrier won in it.
func (g *generator) results() []map[int]*won {
	r, nCar, nFac := g.r, g.nCar, g.nFac
	wins := make([]map[int]*won, Auctions)
	for a := range wins {
		wins[a] = map[int]*won{}
	}
	g.w.table("auction_results", []string{"auction_id", "lot_id", "facility_id", "capacity_parcels_per_day", "window_start", "window_end", "reserve_price_usd", "winner_id", "clearing_price_usd", "bids_received"}, g.nLot, func(i int) []string {
		a := i % Auctions
		capacity := 1000 + r.Intn(50000)
		reserve := 1 + r.Intn(3)
		winner, clearing := "", ""
		switch {
		case i%20 == 7: // not awarded
		case i%20 == 13:
			winner, clearing = "redacted", "redacted"
		default:
			// One dominant winner takes a fifth of the awarded lots, as a
			// large platform would; the rest spread over every carrier.
			c := r.Intn(nCar)
			if i%5 == 0 {
				c = 0
			}
			if wins[a][c] == nil {
				wins[a][c] = &won{}
			}
			wins[a][c].lots++
			wins[a][c].capacity += capacity
			winner, clearing = fmt.Sprintf("carrier-%d", c), fmt.Sprintf("%d.%02d", reserve+1+r.Intn(3), r.Intn(100))
		}
		return []string{fmt.Sprintf("auction-%d", a), fmt.Sprintf("lot-%d", i), fmt.Sprintf("facility-%d", r.Intn(nFac)), fmt.Sprint(capacity), "2026-07-01", "2027-06-30", fmt.Sprintf("%d.%02d", reserve, r.Intn(100)), winner, clearing, fmt.Sprint(1 + r.Intn(12))}
	})
	return wins
}

// participation writes who took part in each auction: every winner, with
// its wins, and a third of the other carriers.
func (g *generator) participation(wins []map[int]*won) {
	r := g.r
	var rows [][]string
	for a := 0; a < Auctions; a++ {
		for c := 0; c < g.nCar; c++ {
			wn, ok := wins[a][c]
			switch {
			case ok:
				rows = append(rows, []string{fmt.Sprintf("auction-%d", a), fmt.Sprintf("carrier-%d", c), "bid", fmt.Sprint(wn.lots + r.Intn(5)), fmt.Sprint(wn.lots), fmt.Sprint(wn.capacity)})
			case r.Intn(3) == 0:
				rows = append(rows, []string{fmt.Sprintf("auction-%d", a), fmt.Sprintf("carrier-%d", c), []string{"registered", "qualified", "bid", "withdrew"}[r.Intn(4)], "", "0", ""})
			}
		}
	}
	g.w.table("participation", []string{"auction_id", "carrier_id", "status", "lots_bid", "lots_won", "capacity_won_parcels_per_day"}, len(rows), func(i int) []string { return rows[i] })
}

func (g *generator) updates() {
	r, nCar := g.r, g.nCar
	for i := 0; i < g.nUpd; i++ {
		var b strings.Builder
		fmt.Fprintf(&b, "---\ntitle: \"Update %d: %s\"\ndate: 2026-%02d-%02d\nsummary: \"%s\"\n---\n\n", i, title(r), 1+i%12, 1+i%28, sentence(r, 12))
		for s := 0; s < 6; s++ {
			fmt.Fprintf(&b, "## %s\n\n%s **%s** %s [a link](https://example.org/%d) %s.\n\n", title(r), sentence(r, 30), sentence(r, 3), sentence(r, 20), s, sentence(r, 10))
			fmt.Fprintf(&b, "- %s\n- %s\n- `%s`\n\n", sentence(r, 8), sentence(r, 8), sentence(r, 2))
			if s%3 == 0 {
				fmt.Fprintf(&b, "| Carrier | Lots | Share |\n|---|---:|---:|\n| carrier-%d | %d | %d%% |\n| carrier-%d | %d | %d%% |\n\n", r.Intn(nCar), r.Intn(99), r.Intn(99), r.Intn(nCar), r.Intn(99), r.Intn(99))
			}
			fmt.Fprintf(&b, "> %s\n\n", sentence(r, 15))
		}
		g.w.file(filepath.Join("content", "updates", fmt.Sprintf("update-%d.md", i)), b.String())
	}
}

func ftypesLen() int { return len(ftypes) }

const manifest = `datasets:
  carriers: {title: Carriers, description: Synthetic carriers for benchmarks., source: portal corpus generator, license: CC0, updated: 2026-11-01, illustrative: true}
  facilities: {title: Facilities, description: Synthetic facilities., source: portal corpus generator, license: CC0, updated: 2026-11-01, illustrative: true}
  agreements: {title: Agreements, description: Synthetic agreements., source: portal corpus generator, license: CC0, updated: 2026-11-01, illustrative: true}
  auctions: {title: Auctions, description: Synthetic auctions., source: portal corpus generator, license: CC0, updated: 2026-11-01, illustrative: true}
  auction_results: {title: Auction results, description: Synthetic lots., source: portal corpus generator, license: CC0, updated: 2026-11-01, illustrative: true}
  participation: {title: Participation, description: Synthetic participation., source: portal corpus generator, license: CC0, updated: 2026-11-01, illustrative: true}
`

// writer remembers the first error, so the generator reads as a list.
type writer struct {
	dir string
	err error
}

func (w *writer) file(name, data string) {
	if w.err == nil {
		w.err = os.WriteFile(filepath.Join(w.dir, name), []byte(data), 0o644)
	}
}

func (w *writer) table(name string, header []string, n int, row func(int) []string) {
	if w.err != nil {
		return
	}
	f, err := os.Create(filepath.Join(w.dir, "data", name+".csv"))
	if err != nil {
		w.err = err
		return
	}
	cw := csv.NewWriter(f)
	_ = cw.Write(header)
	for i := 0; i < n; i++ {
		_ = cw.Write(row(i))
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		w.err = err
	}
	if err := f.Close(); err != nil && w.err == nil {
		w.err = err
	}
}

func title(r *rand.Rand) string {
	s := sentence(r, 3)
	return strings.ToUpper(s[:1]) + s[1:]
}

func sentence(r *rand.Rand, n int) string {
	ws := make([]string, n)
	for i := range ws {
		ws[i] = words[r.Intn(len(words))]
	}
	return strings.Join(ws, " ")
}
