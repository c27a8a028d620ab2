package dataset

import (
	"fmt"
	"strings"

	"github.com/postal-access/portal/internal/dataset/cell"
	"github.com/postal-access/portal/internal/diag"
)

// validate applies the rules that compare rows and files: unique ids,
// references that resolve, and figures that must agree.
func (d *Data) validate(errs *diag.List) {
	v := newChecker(d, errs)
	v.checkCarriers()
	v.checkFacilities()
	v.checkAgreements()
	checkDates(d.Auctions, auctionDates, errs)
	wins := v.checkResults()
	v.checkParticipation(wins)
}

// checker holds what the cross-file rules share: the data, the data sets
// that references point into, and where the problems go.
type checker struct {
	d                              *Data
	errs                           *diag.List
	carriers, facilities, auctions target
	parts                          map[string]int // participation rows by auction/carrier
}

// target is a data set that references point into: its rows by id, and
// for an id that is not there, its nearest one.
type target struct {
	*idSuggester
	what string // one row, as messages name it: "carrier"
	file string // where its rows are defined
}

// newChecker indexes the ids of every data set, reporting duplicates.
func newChecker(d *Data, errs *diag.List) *checker {
	carriers := uniqueIDs(d.Carriers, "id", func(r *Carrier) string { return string(r.ID) }, errs)
	facilities := uniqueIDs(d.Facilities, "id", func(r *Facility) string { return string(r.ID) }, errs)
	uniqueIDs(d.Agreements, "id", func(r *Agreement) string { return string(r.ID) }, errs)
	auctions := uniqueIDs(d.Auctions, "id", func(r *Auction) string { return string(r.ID) }, errs)
	uniqueIDs(d.Results, "lot_id", func(r *Result) string { return string(r.AuctionID) + "/" + string(r.LotID) }, errs)
	parts := uniqueIDs(d.Participation, "carrier_id", func(r *Participation) string { return string(r.AuctionID) + "/" + string(r.CarrierID) }, errs)
	return &checker{
		d:          d,
		errs:       errs,
		carriers:   target{&idSuggester{ids: carriers}, "carrier", d.Carriers.File},
		facilities: target{&idSuggester{ids: facilities}, "facility", d.Facilities.File},
		auctions:   target{&idSuggester{ids: auctions}, "auction", d.Auctions.File},
		parts:      parts,
	}
}

// ref reports id, the value of field at pos, when no row of in has it,
// and says whether one has.
func (v *checker) ref(pos diag.Pos, field string, id cell.Slug, in target) bool {
	if _, ok := in.ids[string(id)]; ok {
		return true
	}
	plural := in.what + "s"
	if strings.HasSuffix(in.what, "y") {
		plural = strings.TrimSuffix(in.what, "y") + "ies"
	}
	hint := ""
	if s := in.suggest(string(id)); s != "" {
		hint = fmt.Sprintf("; did you mean %q?", s)
	}
	v.errs.Add(pos, "", "%s %q: no such %s (%s are defined in %s)%s", field, id, in.what, plural, in.file, hint).Names(field)
	return false
}

func (v *checker) checkCarriers() {
	t := v.d.Carriers
	for i, c := range t.Rows {
		if c.Parent != "" && c.Parent == c.ID {
			v.errs.Add(t.Pos(i, "parent"), "", "parent %q: a carrier cannot be its own parent", c.Parent).Names("parent")
		}
	}
	checkParents(v, t, "parent", v.carriers, func(c *Carrier) (id, parent cell.Slug) {
		if c.Parent == c.ID {
			return c.ID, "" // reported above
		}
		return c.ID, c.Parent
	})
}

func (v *checker) checkFacilities() {
	checkParents(v, v.d.Facilities, "parent_id", v.facilities, func(f *Facility) (id, parent cell.Slug) {
		return f.ID, f.ParentID
	})
}

// checkParents checks column col of t, which holds the id of another row
// of t, its parent (in): the parent must exist, and following parents
// must not lead back to the row.
func checkParents[T any](v *checker, t *Table[T], col string, in target, ids func(*T) (id, parent cell.Slug)) {
	parentOf := func(j int) cell.Slug {
		_, p := ids(&t.Rows[j])
		return p
	}
	for i := range t.Rows {
		id, parent := ids(&t.Rows[i])
		if parent == "" {
			continue
		}
		at := t.Pos(i, col)
		if v.ref(at, col, parent, in) && parentCycle(parentOf, in.ids, i) {
			v.errs.Add(at, "", "%s %q: %s %q is, through its parents, its own parent", col, parent, in.what, id).Names(col)
		}
	}
}

func (v *checker) checkAgreements() {
	t := v.d.Agreements
	for i, a := range t.Rows {
		if a.ShipperID.State == cell.Known {
			v.ref(t.Pos(i, "shipper_id"), "shipper_id", a.ShipperID.ID, v.carriers)
		}
		if a.RevenueQual != "" && a.EstRevenue.State != cell.Known {
			what := "blank"
			if a.EstRevenue.State == cell.Redacted {
				what = "redacted"
			}
			v.errs.Add(t.Pos(i, "est_annual_revenue_qualifier"), "", "est_annual_revenue_qualifier %q, but est_annual_revenue_usd is %s: a qualifier needs an amount to qualify", a.RevenueQual, what).Names("est_annual_revenue_qualifier").Related = ptr(t.Pos(i, "est_annual_revenue_usd"))
		}
		if a.Terminated.IsZero() {
			continue
		}
		if !a.Expires.IsZero() && a.Expires.Before(a.Terminated) {
			v.errs.Add(t.Pos(i, "terminated"), "", "terminated %s is after expires %s: an agreement that ran to its end expired", a.Terminated, a.Expires).Names("terminated").Related = ptr(t.Pos(i, "expires"))
		}
		if a.Status != "" && a.Status != "terminated" {
			v.errs.Add(t.Pos(i, "status"), "", "status %q, but the agreement has a terminated date (%s): leave status blank, or write terminated", a.Status, a.Terminated).Names("status").Related = ptr(t.Pos(i, "terminated"))
		}
	}
	checkDates(t, agreementDates, v.errs)
}

// won is what one carrier won in one auction, summed over the lots.
type won struct {
	lots, capacity int64
	capKnown       bool
}

// checkResults checks each lot and returns what each carrier won, by
// auction/carrier, for checkParticipation.
func (v *checker) checkResults() map[string]*won {
	t := v.d.Results
	wins := map[string]*won{}
	for i := range t.Rows {
		r := &t.Rows[i]
		ai, auctionOK := v.auctions.ids[string(r.AuctionID)]
		if !auctionOK {
			v.ref(t.Pos(i, "auction_id"), "auction_id", r.AuctionID, v.auctions)
		}
		v.ref(t.Pos(i, "facility_id"), "facility_id", r.FacilityID, v.facilities)
		switch r.WinnerID.State {
		case cell.Unknown:
			if r.Clearing.State == cell.Known {
				v.errs.Add(t.Pos(i, "clearing_price_usd"), "", "clearing_price_usd %s given for a lot with no winner: fill in winner_id (or redacted), or leave the price blank", r.Clearing).Names("clearing_price_usd")
			}
		case cell.Known:
			if v.ref(t.Pos(i, "winner_id"), "winner_id", r.WinnerID.ID, v.carriers) && auctionOK {
				v.checkWinner(i, r, wins)
			}
		}
		if auctionOK && r.WinnerID.State != cell.Unknown && r.Reserve.State == cell.Known && r.Clearing.State == cell.Known {
			v.checkClearing(i, r, ai)
		}
	}
	checkDates(t, resultDates, v.errs)
	return wins
}

// checkWinner checks that lot i's winner bid in the lot's auction, and
// counts the lot among its wins.
func (v *checker) checkWinner(i int, r *Result, wins map[string]*won) {
	at := v.d.Results.Pos(i, "winner_id")
	key := string(r.AuctionID) + "/" + string(r.WinnerID.ID)
	parts := v.d.Participation
	pi, ok := v.parts[key]
	switch {
	case !ok:
		v.errs.Add(at, "", "winner_id %q did not take part in auction %q: add a row with status bid to %s", r.WinnerID.ID, r.AuctionID, parts.File).Names("winner_id")
	case parts.Rows[pi].Status != "bid":
		v.errs.Add(at, "", "winner_id %q won a lot in auction %q but its participation status is %q, not bid", r.WinnerID.ID, r.AuctionID, parts.Rows[pi].Status).Names("winner_id").Related = ptr(parts.Pos(pi, "status"))
	}
	w := wins[key]
	if w == nil {
		w = &won{capKnown: true}
		wins[key] = w
	}
	w.lots++
	if r.Capacity.State == cell.Known {
		w.capacity += r.Capacity.N
	} else {
		w.capKnown = false
	}
}

// checkClearing checks lot i's clearing price against its reserve, by the
// award rule of its auction, row ai.
func (v *checker) checkClearing(i int, r *Result, ai int) {
	a := v.d.Auctions.Rows[ai]
	at := v.d.Results.Pos(i, "clearing_price_usd")
	switch {
	case a.AwardRule == "highest-price" && r.Clearing.Cents < r.Reserve.Cents:
		v.errs.Add(at, "", "clearing_price_usd %s is below reserve_price_usd %s, but auction %q awards to the highest price", r.Clearing, r.Reserve, a.ID).Names("clearing_price_usd").Related = ptr(v.d.Auctions.Pos(ai, "award_rule"))
	case a.AwardRule == "lowest-price" && r.Clearing.Cents > r.Reserve.Cents:
		v.errs.Add(at, "", "clearing_price_usd %s is above reserve_price_usd %s, but auction %q awards to the lowest price", r.Clearing, r.Reserve, a.ID).Names("clearing_price_usd").Related = ptr(v.d.Auctions.Pos(ai, "award_rule"))
	}
}

// checkParticipation checks each carrier's part in an auction against
// what the results say it won.
func (v *checker) checkParticipation(wins map[string]*won) {
	t := v.d.Participation
	results := v.d.Results.File
	for i, p := range t.Rows {
		pos := func(col string) diag.Pos { return t.Pos(i, col) }
		v.ref(pos("auction_id"), "auction_id", p.AuctionID, v.auctions)
		v.ref(pos("carrier_id"), "carrier_id", p.CarrierID, v.carriers)
		w := wins[string(p.AuctionID)+"/"+string(p.CarrierID)]
		if w == nil {
			w = &won{capKnown: true}
		}
		if p.LotsWon.Known && p.LotsWon.N != w.lots {
			v.errs.Add(pos("lots_won"), "", "lots_won %d disagrees with %s, where %q won %d lots in auction %q", p.LotsWon.N, results, p.CarrierID, w.lots, p.AuctionID).Names("lots_won")
		}
		if p.LotsWon.Known && p.LotsBid.Known && p.LotsWon.N > p.LotsBid.N {
			v.errs.Add(pos("lots_won"), "", "lots_won %d is more than lots_bid %d", p.LotsWon.N, p.LotsBid.N).Names("lots_won").Related = ptr(pos("lots_bid"))
		}
		if p.CapacityWon.Known && w.capKnown && p.CapacityWon.N != w.capacity {
			v.errs.Add(pos("capacity_won_parcels_per_day"), "", "capacity_won_parcels_per_day %d disagrees with %s, where %q won %d parcels/day in auction %q", p.CapacityWon.N, results, p.CarrierID, w.capacity, p.AuctionID).Names("capacity_won_parcels_per_day")
		}
	}
}

// dateOrder is the rule that a row's date in column later is not before
// its date in column earlier, when both are known.
type dateOrder[T any] struct {
	earlier, later string
	dates          func(*T) (earlier, later cell.Date)
}

// The order of each data set's dates.
var (
	agreementDates = []dateOrder[Agreement]{
		{"effective", "expires", func(a *Agreement) (cell.Date, cell.Date) { return a.Effective, a.Expires }},
		{"signed", "expires", func(a *Agreement) (cell.Date, cell.Date) { return a.Signed, a.Expires }},
		{"effective", "terminated", func(a *Agreement) (cell.Date, cell.Date) { return a.Effective, a.Terminated }},
	}
	auctionDates = []dateOrder[Auction]{
		{"opens", "closes", func(a *Auction) (cell.Date, cell.Date) { return a.Opens, a.Closes }},
	}
	resultDates = []dateOrder[Result]{
		{"window_start", "window_end", func(r *Result) (cell.Date, cell.Date) { return r.WindowStart, r.WindowEnd }},
	}
)

// checkDates reports, in every row of t, the dates out of the order rules
// give, at the later column.
func checkDates[T any](t *Table[T], rules []dateOrder[T], errs *diag.List) {
	for i := range t.Rows {
		for _, r := range rules {
			earlier, later := r.dates(&t.Rows[i])
			if !earlier.IsZero() && !later.IsZero() && later.Before(earlier) {
				errs.Add(t.Pos(i, r.later), "", "%s %s is before %s %s", r.later, later, r.earlier, earlier).Names(r.later).Related = ptr(t.Pos(i, r.earlier))
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

// uniqueIDs indexes rows by key and reports each duplicate with the place
// of the first.
func uniqueIDs[T any](t *Table[T], col string, key func(*T) string, errs *diag.List) map[string]int {
	idx := make(map[string]int, len(t.Rows))
	for i := range t.Rows {
		k := key(&t.Rows[i])
		if first, ok := idx[k]; ok {
			errs.Add(t.Pos(i, col), "", "%s %q: duplicate, first defined on line %d", col, lastPart(k), t.Line(first)).Names(col).Related = ptr(t.Pos(first, col))
			continue
		}
		idx[k] = i
	}
	return idx
}

func lastPart(k string) string {
	for i := len(k) - 1; i >= 0; i-- {
		if k[i] == '/' {
			return k[i+1:]
		}
	}
	return k
}

// parentCycle reports whether following the parent of each row (by
// index, from parentOf) from row i comes back to it.
func parentCycle(parentOf func(row int) cell.Slug, index map[string]int, i int) bool {
	seen := map[int]bool{}
	for j := i; ; {
		if seen[j] {
			return j == i
		}
		seen[j] = true
		p := parentOf(j)
		if p == "" {
			return false
		}
		next, ok := index[string(p)]
		if !ok {
			return false
		}
		j = next
	}
}
