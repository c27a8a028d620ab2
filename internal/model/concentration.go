package model

import (
	"cmp"
	"math"
	"slices"

	"github.com/postal-access/portal/internal/dataset"
)

// Band is a concentration band of the 2023 US Merger Guidelines, judged on
// the Herfindahl–Hirschman Index.
type Band string

// The bands. The 2023 guidelines call a market with an HHI above 1,800
// highly concentrated; 1,000 to 1,800 is the moderately concentrated band
// the agencies have long used; below 1,000 is unconcentrated.
const (
	Unconcentrated Band = "unconcentrated"
	Moderate       Band = "moderately concentrated"
	High           Band = "highly concentrated"
)

// BandOf returns the band of an HHI value.
func BandOf(hhi int) Band {
	switch {
	case hhi > 1800:
		return High
	case hhi >= 1000:
		return Moderate
	}
	return Unconcentrated
}

// Share is one holder's part of awarded capacity: the lots it won by
// name (Won.Lots, including those whose capacity is not disclosed) and
// its percentage of the disclosed capacity.
type Share struct {
	Key     string   // carrier id or carrier kind
	Carrier *Carrier // nil for a share by kind
	Won
	Percent float64 // 0 to 100
}

// Concentration summarises who won a set of lots.
type Concentration struct {
	Lots        int // all lots
	Awarded     int // lots with a winner, named or redacted
	Disclosed   int // awarded lots with a named winner and a known capacity
	Sealed      int // awarded lots whose winner is redacted
	NoCapacity  int // awarded lots with a named winner but capacity redacted or unknown
	CapRedacted int // of NoCapacity, those whose capacity is redacted
	Total       int64
	ByCarrier   []Share // largest first
	ByKind      []Share // largest first
	HHI         int     // sum of squared percentage shares, rounded; 0..10000
	HasHHI      bool    // false when no disclosed capacity was awarded
	Band        Band
	Top         *Share // the largest holder, if any
	Undisclosed int    // Awarded - Disclosed
}

// Concentrate computes shares of awarded capacity by carrier and by kind,
// and the HHI over carriers, from lots. Only lots with a named winner and a
// known capacity count towards shares; the rest are counted so that pages
// can say what was left out.
func Concentrate(lots []*Lot) Concentration {
	c := Concentration{Lots: len(lots)}
	byCarrier := map[*Carrier]*Share{}
	byKind := map[string]*Share{}
	for _, l := range lots {
		if !l.Awarded() {
			continue
		}
		c.Awarded++
		if l.WinnerID.State == dataset.Redacted {
			c.Sealed++
			continue
		}
		if l.Winner == nil {
			continue
		}
		s := byCarrier[l.Winner]
		if s == nil {
			s = &Share{Key: string(l.Winner.ID), Carrier: l.Winner}
			byCarrier[l.Winner] = s
		}
		s.add(l)
		k := byKind[string(l.Winner.Kind)]
		if k == nil {
			k = &Share{Key: string(l.Winner.Kind)}
			byKind[string(l.Winner.Kind)] = k
		}
		k.add(l)
		switch l.Capacity.State {
		case dataset.Known:
			c.Disclosed++
			c.Total += l.Capacity.N
		case dataset.Redacted:
			c.NoCapacity++
			c.CapRedacted++
		default:
			c.NoCapacity++
		}
	}
	c.Undisclosed = c.Awarded - c.Disclosed
	if c.Total > 0 { // no shares of nothing disclosed
		c.ByCarrier = sortShares(byCarrier, c.Total)
		c.ByKind = sortShares(byKind, c.Total)
		c.HHI = HHI(c.ByCarrier)
		c.HasHHI = true
		c.Band = BandOf(c.HHI)
		c.Top = &c.ByCarrier[0]
	}
	return c
}

func sortShares[K comparable](m map[K]*Share, total int64) []Share {
	out := make([]Share, 0, len(m))
	for _, s := range m {
		if total > 0 {
			s.Percent = 100 * float64(s.Capacity) / float64(total)
		}
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b Share) int {
		return cmp.Or(cmp.Compare(b.Capacity, a.Capacity), cmp.Compare(a.Key, b.Key))
	})
	return out
}

// HHI returns the Herfindahl–Hirschman Index of the shares: the sum of the
// squares of each holder's percentage share, rounded to a whole number.
// Shares are taken from the capacities directly, so rounding happens once.
func HHI(shares []Share) int {
	var total, sq float64
	for _, s := range shares {
		total += float64(s.Capacity)
	}
	if total == 0 {
		return 0
	}
	for _, s := range shares {
		p := float64(s.Capacity) / total
		sq += p * p
	}
	return int(math.Round(sq * 10000))
}

// MostConcentrated returns up to n facilities with a computable HHI,
// highest first (ties by id).
func MostConcentrated(fs []*Facility, n int) []*Facility {
	var out []*Facility
	for _, f := range fs {
		if f.Concentration.HasHHI {
			out = append(out, f)
		}
	}
	slices.SortFunc(out, func(a, b *Facility) int {
		return cmp.Or(cmp.Compare(b.Concentration.HHI, a.Concentration.HHI), cmp.Compare(a.ID, b.ID))
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}
