package model

import (
	"cmp"
	"slices"
)

// The list pages show their rows by what matters to a reader, not in the
// order of the data files: who won capacity, who holds named agreements,
// what was filed last. Each function returns a sorted copy; the portal's
// own lists keep the files' order.

// CarriersByWeight orders carriers by disclosed capacity won, then by
// number of agreements, most first, then by name and id.
func CarriersByWeight(cs []*Carrier) []*Carrier {
	out := slices.Clone(cs)
	slices.SortStableFunc(out, func(a, b *Carrier) int {
		return cmp.Or(cmp.Compare(b.CapacityWon, a.CapacityWon), cmp.Compare(len(b.Agreements), len(a.Agreements)),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// FacilitiesByWeight orders facilities by disclosed awarded capacity,
// then by number of lots offered, most first, then by name and id.
func FacilitiesByWeight(fs []*Facility) []*Facility {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b *Facility) int {
		return cmp.Or(cmp.Compare(b.Concentration.Total, a.Concentration.Total), cmp.Compare(len(b.Lots), len(a.Lots)),
			cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID))
	})
	return out
}

// AgreementsByWeight puts agreements with a named customer first, then
// the latest filed (those with no public filing date last), then by id.
func AgreementsByWeight(as []*Agreement) []*Agreement {
	out := slices.Clone(as)
	last := func(a *Agreement) (rank int) {
		if a.Shipper == nil {
			rank += 2
		}
		if a.Filed.IsZero() {
			rank++
		}
		return rank
	}
	slices.SortStableFunc(out, func(a, b *Agreement) int {
		return cmp.Or(cmp.Compare(last(a), last(b)), b.Filed.Compare(a.Filed), cmp.Compare(a.ID, b.ID))
	})
	return out
}
