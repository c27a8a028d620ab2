package dataset

import (
	"fmt"
	"strings"

	"github.com/postal-access/portal/internal/diag"
)

// validate applies the rules that compare rows and files: unique ids,
// references that resolve, and figures that must agree.
func (d *Data) validate(errs *diag.List) {
	carriers := uniqueIDs(d.Carriers, "id", func(r *Carrier) string { return string(r.ID) }, errs)
	facilities := uniqueIDs(d.Facilities, "id", func(r *Facility) string { return string(r.ID) }, errs)
	uniqueIDs(d.Agreements, "id", func(r *Agreement) string { return string(r.ID) }, errs)
	auctions := uniqueIDs(d.Auctions, "id", func(r *Auction) string { return string(r.ID) }, errs)
	uniqueIDs(d.Results, "lot_id", func(r *Result) string { return string(r.AuctionID) + "/" + string(r.LotID) }, errs)
	parts := uniqueIDs(d.Participation, "carrier_id", func(r *Participation) string { return string(r.AuctionID) + "/" + string(r.CarrierID) }, errs)

	// Each data set that references point into suggests its nearest id
	// for one that is not there.
	carrierIDs := &idSuggester{ids: carriers}
	facilityIDs := &idSuggester{ids: facilities}
	auctionIDs := &idSuggester{ids: auctions}
	ref := func(pos diag.Pos, field string, id Slug, in *idSuggester, what, file string) bool {
		if _, ok := in.ids[string(id)]; ok {
			return true
		}
		plural := what + "s"
		if strings.HasSuffix(what, "y") {
			plural = strings.TrimSuffix(what, "y") + "ies"
		}
		hint := ""
		if s := in.suggest(string(id)); s != "" {
			hint = fmt.Sprintf("; did you mean %q?", s)
		}
		errs.Add(pos, "", "%s %q: no such %s (%s are defined in %s)%s", field, id, what, plural, file, hint).Names(field)
		return false
	}

	for i, c := range d.Carriers.Rows {
		if c.Parent == "" {
			continue
		}
		if c.Parent == c.ID {
			errs.Add(d.Carriers.Pos(i, "parent"), "", "parent %q: a carrier cannot be its own parent", c.Parent).Names("parent")
			continue
		}
		if ref(d.Carriers.Pos(i, "parent"), "parent", c.Parent, carrierIDs, "carrier", d.Carriers.File) &&
			parentCycle(func(j int) Slug { return d.Carriers.Rows[j].Parent }, carriers, i) {
			errs.Add(d.Carriers.Pos(i, "parent"), "", "parent %q: carrier %q is, through its parents, its own parent", c.Parent, c.ID).Names("parent")
		}
	}
	for i, f := range d.Facilities.Rows {
		if f.ParentID == "" {
			continue
		}
		if ref(d.Facilities.Pos(i, "parent_id"), "parent_id", f.ParentID, facilityIDs, "facility", d.Facilities.File) {
			if parentCycle(func(j int) Slug { return d.Facilities.Rows[j].ParentID }, facilities, i) {
				errs.Add(d.Facilities.Pos(i, "parent_id"), "", "parent_id %q: facility %q is, through its parents, its own parent", f.ParentID, f.ID).Names("parent_id")
			}
		}
	}
	for i, a := range d.Agreements.Rows {
		if a.ShipperID.State == Known {
			ref(d.Agreements.Pos(i, "shipper_id"), "shipper_id", a.ShipperID.ID, carrierIDs, "carrier", d.Carriers.File)
		}
		if a.RevenueQual != "" && a.EstRevenue.State != Known {
			what := "blank"
			if a.EstRevenue.State == Redacted {
				what = "redacted"
			}
			errs.Add(d.Agreements.Pos(i, "est_annual_revenue_qualifier"), "", "est_annual_revenue_qualifier %q, but est_annual_revenue_usd is %s: a qualifier needs an amount to qualify", a.RevenueQual, what).Names("est_annual_revenue_qualifier").Related = ptr(d.Agreements.Pos(i, "est_annual_revenue_usd"))
		}
		if !a.Effective.IsZero() && !a.Expires.IsZero() && a.Expires.Before(a.Effective) {
			errs.Add(d.Agreements.Pos(i, "expires"), "", "expires %s is before effective %s", a.Expires, a.Effective).Names("expires").Related = ptr(d.Agreements.Pos(i, "effective"))
		}
		if !a.Signed.IsZero() && !a.Expires.IsZero() && a.Expires.Before(a.Signed) {
			errs.Add(d.Agreements.Pos(i, "expires"), "", "expires %s is before signed %s", a.Expires, a.Signed).Names("expires").Related = ptr(d.Agreements.Pos(i, "signed"))
		}
		if !a.Terminated.IsZero() {
			if !a.Effective.IsZero() && a.Terminated.Before(a.Effective) {
				errs.Add(d.Agreements.Pos(i, "terminated"), "", "terminated %s is before effective %s", a.Terminated, a.Effective).Names("terminated").Related = ptr(d.Agreements.Pos(i, "effective"))
			}
			if !a.Expires.IsZero() && a.Expires.Before(a.Terminated) {
				errs.Add(d.Agreements.Pos(i, "terminated"), "", "terminated %s is after expires %s: an agreement that ran to its end expired", a.Terminated, a.Expires).Names("terminated").Related = ptr(d.Agreements.Pos(i, "expires"))
			}
			if a.Status != "" && a.Status != "terminated" {
				errs.Add(d.Agreements.Pos(i, "status"), "", "status %q, but the agreement has a terminated date (%s): leave status blank, or write terminated", a.Status, a.Terminated).Names("status").Related = ptr(d.Agreements.Pos(i, "terminated"))
			}
		}
	}
	for i, a := range d.Auctions.Rows {
		if !a.Opens.IsZero() && !a.Closes.IsZero() && a.Closes.Before(a.Opens) {
			errs.Add(d.Auctions.Pos(i, "closes"), "", "closes %s is before opens %s", a.Closes, a.Opens).Names("closes").Related = ptr(d.Auctions.Pos(i, "opens"))
		}
	}

	type won struct {
		lots, capacity int64
		capKnown       bool
	}
	wins := map[string]*won{}
	for i, r := range d.Results.Rows {
		pos := func(col string) diag.Pos { return d.Results.Pos(i, col) }
		ai, auctionOK := auctions[string(r.AuctionID)]
		if !auctionOK {
			ref(pos("auction_id"), "auction_id", r.AuctionID, auctionIDs, "auction", d.Auctions.File)
		}
		ref(pos("facility_id"), "facility_id", r.FacilityID, facilityIDs, "facility", d.Facilities.File)
		if !r.WindowStart.IsZero() && !r.WindowEnd.IsZero() && r.WindowEnd.Before(r.WindowStart) {
			errs.Add(pos("window_end"), "", "window_end %s is before window_start %s", r.WindowEnd, r.WindowStart).Names("window_end").Related = ptr(pos("window_start"))
		}
		switch r.WinnerID.State {
		case Unknown:
			if r.Clearing.State == Known {
				errs.Add(pos("clearing_price_usd"), "", "clearing_price_usd %s given for a lot with no winner: fill in winner_id (or redacted), or leave the price blank", r.Clearing).Names("clearing_price_usd")
			}
		case Known:
			if !ref(pos("winner_id"), "winner_id", r.WinnerID.ID, carrierIDs, "carrier", d.Carriers.File) || !auctionOK {
				break
			}
			key := string(r.AuctionID) + "/" + string(r.WinnerID.ID)
			pi, ok := parts[key]
			switch {
			case !ok:
				errs.Add(pos("winner_id"), "", "winner_id %q did not take part in auction %q: add a row with status bid to %s", r.WinnerID.ID, r.AuctionID, d.Participation.File).Names("winner_id")
			case d.Participation.Rows[pi].Status != "bid":
				errs.Add(pos("winner_id"), "", "winner_id %q won a lot in auction %q but its participation status is %q, not bid", r.WinnerID.ID, r.AuctionID, d.Participation.Rows[pi].Status).Names("winner_id").Related = ptr(d.Participation.Pos(pi, "status"))
			}
			w := wins[key]
			if w == nil {
				w = &won{capKnown: true}
				wins[key] = w
			}
			w.lots++
			if r.Capacity.State == Known {
				w.capacity += r.Capacity.N
			} else {
				w.capKnown = false
			}
		}
		if auctionOK && r.WinnerID.State != Unknown && r.Reserve.State == Known && r.Clearing.State == Known {
			a := d.Auctions.Rows[ai]
			switch {
			case a.AwardRule == "highest-price" && r.Clearing.Cents < r.Reserve.Cents:
				errs.Add(pos("clearing_price_usd"), "", "clearing_price_usd %s is below reserve_price_usd %s, but auction %q awards to the highest price", r.Clearing, r.Reserve, a.ID).Names("clearing_price_usd").Related = ptr(d.Auctions.Pos(ai, "award_rule"))
			case a.AwardRule == "lowest-price" && r.Clearing.Cents > r.Reserve.Cents:
				errs.Add(pos("clearing_price_usd"), "", "clearing_price_usd %s is above reserve_price_usd %s, but auction %q awards to the lowest price", r.Clearing, r.Reserve, a.ID).Names("clearing_price_usd").Related = ptr(d.Auctions.Pos(ai, "award_rule"))
			}
		}
	}
	for i, p := range d.Participation.Rows {
		pos := func(col string) diag.Pos { return d.Participation.Pos(i, col) }
		ref(pos("auction_id"), "auction_id", p.AuctionID, auctionIDs, "auction", d.Auctions.File)
		ref(pos("carrier_id"), "carrier_id", p.CarrierID, carrierIDs, "carrier", d.Carriers.File)
		w := wins[string(p.AuctionID)+"/"+string(p.CarrierID)]
		if w == nil {
			w = &won{capKnown: true}
		}
		if p.LotsWon.Known && p.LotsWon.N != w.lots {
			errs.Add(pos("lots_won"), "", "lots_won %d disagrees with %s, where %q won %d lots in auction %q", p.LotsWon.N, d.Results.File, p.CarrierID, w.lots, p.AuctionID).Names("lots_won")
		}
		if p.LotsWon.Known && p.LotsBid.Known && p.LotsWon.N > p.LotsBid.N {
			errs.Add(pos("lots_won"), "", "lots_won %d is more than lots_bid %d", p.LotsWon.N, p.LotsBid.N).Names("lots_won").Related = ptr(pos("lots_bid"))
		}
		if p.CapacityWon.Known && w.capKnown && p.CapacityWon.N != w.capacity {
			errs.Add(pos("capacity_won_parcels_per_day"), "", "capacity_won_parcels_per_day %d disagrees with %s, where %q won %d parcels/day in auction %q", p.CapacityWon.N, d.Results.File, p.CarrierID, w.capacity, p.AuctionID).Names("capacity_won_parcels_per_day")
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
func parentCycle(parentOf func(row int) Slug, index map[string]int, i int) bool {
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
