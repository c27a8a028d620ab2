package model

import (
	"cmp"
	"slices"

	"github.com/postal-access/portal/internal/dataset"
)

// FacilityWins is what one carrier won at one facility.
type FacilityWins struct {
	Facility *Facility
	// Lots counts the lots won, including those whose capacity is not public.
	Lots int
	// Capacity sums the disclosed capacity of those lots, parcels per day.
	Capacity int64
	// NoCapacity counts won lots whose capacity is redacted or unknown.
	NoCapacity int
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
		w := &out[i]
		w.Lots++
		if l.Capacity.State == dataset.Known {
			w.Capacity += l.Capacity.N
		} else {
			w.NoCapacity++
		}
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
