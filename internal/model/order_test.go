package model

import (
	"slices"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

func TestListOrders(t *testing.T) {
	named := &Carrier{Carrier: &dataset.Carrier{}}
	ag := func(id, filed string, shipper *Carrier) *Agreement {
		a := &Agreement{Agreement: &dataset.Agreement{}, Shipper: shipper}
		a.ID = dataset.Slug(id)
		if filed != "" {
			a.Filed = dataset.MustDate(filed)
		}
		return a
	}
	agreements := []*Agreement{ag("sealed-old", "2024-01-02", nil), ag("sealed-unfiled", "", nil), ag("named-unfiled", "", named),
		ag("sealed-new", "2025-06-01", nil), ag("named-old", "2023-03-01", named), ag("named-new", "2025-01-01", named)}
	car := func(id string, capacity int64, agreements int) *Carrier {
		c := &Carrier{Carrier: &dataset.Carrier{}, CapacityWon: capacity, Agreements: make([]*Agreement, agreements)}
		c.ID, c.Name = dataset.Slug(id), dataset.Text(id)
		return c
	}
	carriers := []*Carrier{car("b-none", 0, 0), car("a-none", 0, 0), car("agreements", 0, 3), car("small", 10, 0), car("big", 500, 0)}
	fac := func(id string, capacity int64, lots int) *Facility {
		f := &Facility{Facility: &dataset.Facility{}, Lots: make([]*Lot, lots)}
		f.Concentration.Total = capacity
		f.ID, f.Name = dataset.Slug(id), dataset.Text(id)
		return f
	}
	facilities := []*Facility{fac("ndc-z", 0, 0), fac("ndc-a", 0, 0), fac("offered", 0, 2), fac("awarded", 100, 1), fac("most", 900, 1)}

	for _, tc := range []struct {
		name      string
		got, want []string
	}{
		{"AgreementsByWeight", ids(AgreementsByWeight(agreements), func(a *Agreement) dataset.Slug { return a.ID }),
			[]string{"named-new", "named-old", "named-unfiled", "sealed-new", "sealed-old", "sealed-unfiled"}},
		{"CarriersByWeight", ids(CarriersByWeight(carriers), func(c *Carrier) dataset.Slug { return c.ID }),
			[]string{"big", "small", "agreements", "a-none", "b-none"}},
		{"FacilitiesByWeight", ids(FacilitiesByWeight(facilities), func(f *Facility) dataset.Slug { return f.ID }),
			[]string{"most", "awarded", "offered", "ndc-a", "ndc-z"}},
	} {
		if !slices.Equal(tc.got, tc.want) {
			t.Errorf("%s = %q, want %q", tc.name, tc.got, tc.want)
		}
	}
	if agreements[0].ID != "sealed-old" {
		t.Errorf("AgreementsByWeight reordered its argument: first is now %q", agreements[0].ID)
	}
}

func ids[T any](items []T, id func(T) dataset.Slug) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = string(id(it))
	}
	return out
}
