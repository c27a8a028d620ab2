package model

import (
	"cmp"
	"slices"
)

// FacilityWins is what one carrier won at one facility.
type FacilityWins struct {
	Facility *Facility
	// Won is the lots won there and their disclosed capacity.
	Won
	// Share is Capacity as a percentage of the facility's disclosed
	// awarded capacity (the base of its HHI).
	Share float64
}

// winsByFacility groups the carrier's won lots by facility, largest
// disclosed capacity first (ties by facility id). Each facility's
// concentration must be known: Share is a part of it.
func (c *Carrier) winsByFacility() []FacilityWins {
	idx := map[*Facility]int{}
	var out []FacilityWins
	for _, l := range c.LotsWon {
		if l.Facility == nil {
			continue
		}
		i, ok := idx[l.Facility]
		if !ok {
			i = len(out)
			idx[l.Facility] = i
			out = append(out, FacilityWins{Facility: l.Facility})
		}
		out[i].add(l)
	}
	for i := range out {
		if t := out[i].Facility.Concentration.Total; t > 0 {
			out[i].Share = 100 * float64(out[i].Capacity) / float64(t)
		}
	}
	slices.SortStableFunc(out, func(a, b FacilityWins) int {
		return cmp.Or(cmp.Compare(b.Capacity, a.Capacity), cmp.Compare(a.Facility.ID, b.Facility.ID))
	})
	return out
}
