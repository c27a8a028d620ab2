// Package model links the loaded data sets into one read-only portal:
// entities that know their relations (a carrier its agreements, bids and
// wins; a facility its lots) and the derived figures of the design (capacity
// shares, concentration, agreement status as of a date), computed once.
package model

import (
	"cmp"
	"slices"
	"sync"

	"github.com/postal-access/portal/internal/dataset"
)

// ExpiringWindow is how many days ahead of the as-of date an active
// agreement counts as expiring soon.
const ExpiringWindow = 90

// Portal is the whole linked data model. Build it with New; do not modify
// it afterwards: templates and pages share it.
type Portal struct {
	AsOf     dataset.Date
	Data     *dataset.Data
	Manifest dataset.Manifest

	Carriers      []*Carrier
	Facilities    []*Facility
	Agreements    []*Agreement
	Auctions      []*Auction
	Lots          []*Lot
	Participation []*Participation
	States        []*State

	// Awarded is the concentration of all awarded capacity, all auctions.
	Awarded Concentration
	// ExpiringSoon lists active agreements that expire within ExpiringWindow days.
	ExpiringSoon []*Agreement
	// StatusCounts counts agreements by status as of AsOf.
	StatusCounts map[string]int
	// Status summarizes StatusCounts: how many agreements have a known
	// status, and which.
	Status StatusSummary
	// SealedAgreements counts agreements whose customer is under seal.
	SealedAgreements int
	// Revenue sums the disclosed estimated annual revenue of active agreements.
	Revenue MoneySum

	carriers   map[dataset.Slug]*Carrier
	facilities map[dataset.Slug]*Facility
	agreements map[dataset.Slug]*Agreement
	auctions   map[dataset.Slug]*Auction
	states     map[string]*State
}

// Carrier is a shipper or carrier with its relations.
type Carrier struct {
	*dataset.Carrier
	KeyMemo        // where package keys keeps its hashes of it
	Parent         *Carrier
	Subsidiaries   []*Carrier
	Agreements     []*Agreement
	Participations []*Participation
	LotsWon        []*Lot
	// Won is its lots won and their disclosed capacity (see Won.Phrase).
	Won Won
	// CapacityWon is the disclosed capacity of the lots it won, parcels/day.
	CapacityWon int64
	// Share is its percentage of all disclosed awarded capacity.
	Share float64
	// Wins is LotsWon grouped by facility, largest disclosed capacity
	// first (see winsByFacility).
	Wins []FacilityWins
}

// Facility is a postal facility with its relations.
type Facility struct {
	*dataset.Facility
	KeyMemo       // where package keys keeps its hashes of it
	Parent        *Facility
	Children      []*Facility
	Lots          []*Lot
	State         *State
	Concentration Concentration
}

// Agreement is a negotiated service agreement with its derived status.
type Agreement struct {
	*dataset.Agreement
	KeyMemo // where package keys keeps its hashes of it
	// Shipper is nil when the customer is redacted or unknown.
	Shipper *Carrier
	// Status is the filed status or, when blank, the one derived from the dates.
	Status        string
	StatusDerived bool
	// DaysLeft is the number of days from the as-of date to expiry, when
	// the agreement is active and its expiry known.
	DaysLeft     int
	ExpiringSoon bool
}

// Sealed reports whether the customer's identity is under seal.
func (a *Agreement) Sealed() bool { return a.ShipperID.State == dataset.Redacted }

// Auction is an auction with its lots and participants.
type Auction struct {
	*dataset.Auction
	KeyMemo       // where package keys keeps its hashes of it
	Lots          []*Lot
	Participants  []*Participation
	Concentration Concentration
	// Facilities lists the facilities with lots in this auction, by id.
	Facilities []*Facility
}

// PerPage is how many rows a table shows on one page of the site; longer
// tables continue on further pages.
const PerPage = 100

// Lot is one lot of capacity in an auction and its outcome.
type Lot struct {
	*dataset.Result
	KeyMemo // where package keys keeps its hashes of it
	// Index is the lot's place in its auction's Lots, which tells the page
	// of the auction's lots table that shows it.
	Index    int
	Auction  *Auction
	Facility *Facility
	// Winner is nil when the lot was not awarded or the winner is redacted.
	Winner *Carrier
}

// Awarded reports whether the lot has a winner, named or redacted.
func (l *Lot) Awarded() bool { return l.WinnerID.State != dataset.Unknown }

// Participation is one carrier in one auction.
type Participation struct {
	*dataset.Participation
	KeyMemo // where package keys keeps its hashes of it
	Auction *Auction
	Carrier *Carrier
}

// State is a US state or territory with the facilities in it.
type State struct {
	KeyMemo              // where package keys keeps its hashes of it
	Code          string // "VA"
	Slug          string // "va"
	Name          string // "Virginia"
	Facilities    []*Facility
	Lots          []*Lot
	Concentration Concentration
	// TopBand is the highest concentration band of any one of its
	// facilities with disclosed awarded capacity, or "" when none has
	// any: the state's most concentrated local market, which its own
	// HHI, pooled over all its facilities, can hide.
	TopBand Band
}

// Carrier returns the carrier with the id, or nil.
func (p *Portal) Carrier(id dataset.Slug) *Carrier { return p.carriers[id] }

// Facility returns the facility with the id, or nil.
func (p *Portal) Facility(id dataset.Slug) *Facility { return p.facilities[id] }

// Agreement returns the agreement with the id, or nil.
func (p *Portal) Agreement(id dataset.Slug) *Agreement { return p.agreements[id] }

// Auction returns the auction with the id, or nil.
func (p *Portal) Auction(id dataset.Slug) *Auction { return p.auctions[id] }

// State returns the state with the lower-case code, or nil.
func (p *Portal) State(slug string) *State { return p.states[slug] }

// New links d into a Portal as of the given date. d must have loaded
// without errors: New trusts that every reference resolves. Each entity
// points to its row in d (its embedded row) rather than copying it, and
// neither New nor the Portal changes a row: what the site shows of a row
// and what its download writes are the same bytes read once (a copy of
// every row was a tenth of a build's live memory).
func New(d *dataset.Data, asOf dataset.Date) *Portal {
	p := &Portal{
		AsOf: asOf, Data: d, Manifest: d.Manifest,
		carriers:   map[dataset.Slug]*Carrier{},
		facilities: map[dataset.Slug]*Facility{},
		agreements: map[dataset.Slug]*Agreement{},
		auctions:   map[dataset.Slug]*Auction{},
		states:     map[string]*State{},
	}
	p.linkCarriers(d.Carriers.Rows)
	p.linkFacilities(d.Facilities.Rows)
	p.linkAgreements(d.Agreements.Rows)
	p.linkAuctions(d.Auctions.Rows, d.Participation.Rows)
	p.linkLots(d.Results.Rows)
	p.concentrate()
	return p
}

// linkCarriers adds the carriers and links each to its parent.
func (p *Portal) linkCarriers(rows []dataset.Carrier) {
	for i := range rows {
		r := &rows[i]
		c := &Carrier{Carrier: r}
		p.Carriers = append(p.Carriers, c)
		p.carriers[r.ID] = c
	}
	for _, c := range p.Carriers {
		if c.Carrier.Parent != "" {
			c.Parent = p.carriers[c.Carrier.Parent]
			if c.Parent != nil {
				c.Parent.Subsidiaries = append(c.Parent.Subsidiaries, c)
			}
		}
	}
}

// linkFacilities adds the facilities, the states they lie in, and links
// each facility to its parent.
func (p *Portal) linkFacilities(rows []dataset.Facility) {
	for i := range rows {
		r := &rows[i]
		f := &Facility{Facility: r}
		p.Facilities = append(p.Facilities, f)
		p.facilities[r.ID] = f
		if r.State != "" {
			s := p.states[r.State.Slug()]
			if s == nil {
				s = &State{Code: string(r.State), Slug: r.State.Slug(), Name: StateName(string(r.State))}
				p.states[s.Slug] = s
				p.States = append(p.States, s)
			}
			s.Facilities = append(s.Facilities, f)
			f.State = s
		}
	}
	for _, f := range p.Facilities {
		if f.ParentID != "" {
			f.Parent = p.facilities[f.ParentID]
			if f.Parent != nil {
				f.Parent.Children = append(f.Parent.Children, f)
			}
		}
	}
}

// linkAgreements adds the agreements with their status as of p.AsOf,
// links each to its shipper, and counts them: by status, under seal,
// expiring soon, and the revenue of the active ones.
func (p *Portal) linkAgreements(rows []dataset.Agreement) {
	p.StatusCounts = map[string]int{}
	for i := range rows {
		r := &rows[i]
		a := &Agreement{Agreement: r}
		a.Status, a.StatusDerived = DeriveStatus(*r, p.AsOf)
		if a.Status == "active" && !r.Expires.IsZero() {
			a.DaysLeft = p.AsOf.DaysUntil(r.Expires)
			// A filed status of active can outlive the expiry date: such
			// an agreement is overdue, not expiring soon.
			a.ExpiringSoon = a.DaysLeft >= 0 && a.DaysLeft <= ExpiringWindow
		}
		if r.ShipperID.State == dataset.Known {
			a.Shipper = p.carriers[r.ShipperID.ID]
			if a.Shipper != nil {
				a.Shipper.Agreements = append(a.Shipper.Agreements, a)
			}
		}
		if a.Sealed() {
			p.SealedAgreements++
		}
		p.StatusCounts[a.Status]++
		if a.ExpiringSoon {
			p.ExpiringSoon = append(p.ExpiringSoon, a)
		}
		p.Agreements = append(p.Agreements, a)
		p.agreements[r.ID] = a
	}
	p.Status = summarize(p.StatusCounts, len(p.Agreements))
	slices.SortStableFunc(p.ExpiringSoon, func(a, b *Agreement) int {
		return cmp.Or(a.Expires.Compare(b.Expires), cmp.Compare(a.ID, b.ID))
	})
	var active []dataset.Money
	for _, a := range p.Agreements {
		if a.Status == "active" {
			active = append(active, a.EstRevenue)
		}
	}
	p.Revenue = SumMoney(active)
}

// linkAuctions adds the auctions and their participants.
func (p *Portal) linkAuctions(auctions []dataset.Auction, participation []dataset.Participation) {
	for i := range auctions {
		r := &auctions[i]
		a := &Auction{Auction: r}
		p.Auctions = append(p.Auctions, a)
		p.auctions[r.ID] = a
	}
	for i := range participation {
		r := &participation[i]
		pt := &Participation{Participation: r, Auction: p.auctions[r.AuctionID], Carrier: p.carriers[r.CarrierID]}
		p.Participation = append(p.Participation, pt)
		if pt.Auction != nil {
			pt.Auction.Participants = append(pt.Auction.Participants, pt)
		}
		if pt.Carrier != nil {
			pt.Carrier.Participations = append(pt.Carrier.Participations, pt)
		}
	}
}

// linkLots adds the auctions' results, each lot linked to its auction,
// facility, state and winner.
func (p *Portal) linkLots(rows []dataset.Result) {
	for i := range rows {
		r := &rows[i]
		l := &Lot{Result: r, Auction: p.auctions[r.AuctionID], Facility: p.facilities[r.FacilityID]}
		if r.WinnerID.State == dataset.Known {
			l.Winner = p.carriers[r.WinnerID.ID]
		}
		p.Lots = append(p.Lots, l)
		if l.Auction != nil {
			l.Index = len(l.Auction.Lots)
			l.Auction.Lots = append(l.Auction.Lots, l)
		}
		if l.Facility != nil {
			l.Facility.Lots = append(l.Facility.Lots, l)
			if l.Facility.State != nil {
				l.Facility.State.Lots = append(l.Facility.State.Lots, l)
			}
		}
		if l.Winner != nil {
			l.Winner.LotsWon = append(l.Winner.LotsWon, l)
			l.Winner.Won.add(l)
		}
	}
}

// concentrate derives the concentration of awarded capacity: over all
// auctions (and each carrier's share of it), in each auction, facility
// and state, and each carrier's wins by facility.
func (p *Portal) concentrate() {
	// The totals, the auctions and the facilities (with what depends on
	// theirs) are made side by side: each reads the lots and writes
	// fields of its own (a carrier's share of the totals, its wins by
	// facility).
	var wg sync.WaitGroup
	wg.Go(p.concentrateAll)
	wg.Go(p.concentrateAuctions)
	p.concentrateFacilities()
	wg.Wait()
}

// concentrateAll makes the concentration of all awarded capacity and each
// carrier's share of it.
func (p *Portal) concentrateAll() {
	p.Awarded = Concentrate(p.Lots)
	for _, c := range p.Carriers {
		for _, s := range p.Awarded.ByCarrier {
			if s.Carrier == c {
				c.CapacityWon, c.Share = s.Capacity, s.Percent
			}
		}
	}
}

// concentrateAuctions makes each auction's concentration and the list of
// its facilities.
func (p *Portal) concentrateAuctions() {
	for _, a := range p.Auctions {
		a.Concentration = Concentrate(a.Lots)
		seen := map[*Facility]bool{}
		for _, l := range a.Lots {
			if l.Facility != nil && !seen[l.Facility] {
				seen[l.Facility] = true
				a.Facilities = append(a.Facilities, l.Facility)
			}
		}
		slices.SortFunc(a.Facilities, func(x, y *Facility) int { return cmp.Compare(x.ID, y.ID) })
	}
}

// concentrateFacilities makes each facility's concentration, then what
// reads it: each carrier's wins by facility, each state's concentration
// and top band.
func (p *Portal) concentrateFacilities() {
	for _, f := range p.Facilities {
		f.Concentration = Concentrate(f.Lots)
	}
	for _, c := range p.Carriers { // after the facilities' concentration
		c.Wins = c.winsByFacility()
	}
	slices.SortFunc(p.States, func(a, b *State) int { return cmp.Compare(a.Slug, b.Slug) })
	for _, s := range p.States {
		s.Concentration = Concentrate(s.Lots)
		s.TopBand = TopBand(s.Facilities)
	}
}

// DeriveStatus returns an agreement's status as of asOf and whether it was
// derived from the dates (true) or filed in the status column (false).
// Derived: terminated when it ended (the terminated column) on or before
// asOf, expired when it expires before asOf, pending when it takes effect
// after asOf, active when it took effect on or before asOf and has not
// expired, unknown when the dates do not say. A filed status of terminated
// with an end date after asOf gives way to the dates until that day.
func DeriveStatus(a dataset.Agreement, asOf dataset.Date) (string, bool) {
	if !a.Terminated.IsZero() && !a.Terminated.After(asOf) {
		return "terminated", a.Status == ""
	}
	if a.Status != "" && (a.Status != "terminated" || a.Terminated.IsZero()) {
		return string(a.Status), false
	}
	switch {
	case !a.Expires.IsZero() && a.Expires.Before(asOf):
		return "expired", true
	case !a.Effective.IsZero() && a.Effective.After(asOf):
		return "pending", true
	case !a.Effective.IsZero():
		return "active", true
	}
	return "unknown", true
}

// ActiveOn counts the agreements active on date d, judged from their dates
// alone: effective on or before d, not expired before d and not
// terminated on or before d. Agreements without an effective date are not
// counted, nor are those filed as terminated without the date they ended.
func (p *Portal) ActiveOn(d dataset.Date) int {
	n := 0
	for _, a := range p.Agreements {
		if a.activeOn(d) {
			n++
		}
	}
	return n
}

func (a *Agreement) activeOn(d dataset.Date) bool {
	switch {
	case a.Effective.IsZero() || a.Effective.After(d):
		return false
	case !a.Expires.IsZero() && a.Expires.Before(d):
		return false
	case !a.Terminated.IsZero():
		return a.Terminated.After(d)
	}
	return a.Agreement.Status != "terminated"
}
