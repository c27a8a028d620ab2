package chart

import (
	"slices"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

// The first two classes of both state maps.
const (
	classNoData = iota // no facility in the data, so no page
	classNone          // facilities, but nothing disclosed to show
)

func baseClasses(none string) []MapClass {
	return []MapClass{
		{Name: "map-nodata", Label: "no facility in the data"},
		{Name: "map-zero", Label: none},
	}
}

// stateMap makes a map of the states of p: each gets a tile (or a
// line under the map) with a link to its page, in the class and with the
// value that fill gives it.
func stateMap(p *model.Portal, l Linker, id, title string, classes []MapClass, fill func(*model.State) (class int, value string)) TileMap {
	m := TileMap{ID: id, Title: title, Classes: classes,
		// The figures come from the auction results.
		Illustrative: p.Manifest.Get("auction_results").Illustrative}
	for _, s := range p.States {
		u, _ := l.Link(s)
		t := MapTile{Code: s.Code, Name: s.Name, URL: u}
		t.Class, t.Value = fill(s)
		m.States = append(m.States, t)
	}
	return m
}

// AwardsMap maps the disclosed awarded capacity of each state in a few
// classes of a sequential scale, with the states that have facilities
// but no disclosed award apart from the scale.
func AwardsMap(p *model.Portal, l Linker, id string) TileMap {
	var values []int64
	for _, s := range p.States {
		if s.Concentration.Total > 0 {
			values = append(values, s.Concentration.Total)
		}
	}
	breaks := classBreaks(values, 4)
	classes := baseClasses("no disclosed award")
	n := len(breaks) + 1
	for i := range n {
		step := 3 // one class: a middle shade
		if n > 1 {
			step = 1 + i*3/(n-1) // spread over the four shades
		}
		c := MapClass{Name: "map-c" + string(rune('0'+step)), Hatch: step}
		switch {
		case n == 1:
			c.Label = "any disclosed award"
		case i == 0:
			c.Label = "under " + dataset.Group(breaks[0])
		case i == n-1:
			c.Label = dataset.Group(breaks[i-1]) + " or more"
		default:
			c.Label = dataset.Group(breaks[i-1]) + " to " + dataset.Group(breaks[i]-1)
		}
		classes = append(classes, c)
	}
	return stateMap(p, l, id, "Awarded capacity by state, parcels a day", classes, func(s *model.State) (int, string) {
		c := s.Concentration
		switch {
		case c.Total > 0:
			i, _ := slices.BinarySearch(breaks, c.Total+1) // breaks at or below the value
			return 2 + i, dataset.Group(c.Total) + " parcels a day awarded"
		case c.Awarded > 0:
			return classNone, "awarded capacity not disclosed"
		}
		return classNone, "no capacity awarded"
	})
}

// BandsMap maps, for each state, the highest concentration band of its
// facilities (model.State.TopBand).
func BandsMap(p *model.Portal, l Linker, id string) TileMap {
	classes := append(baseClasses("no facility with disclosed awards"),
		MapClass{Name: "band-unconcentrated", Label: string(model.Unconcentrated) + " (HHI under 1,000)", Hatch: 1},
		MapClass{Name: "band-moderately-concentrated", Label: string(model.Moderate) + " (1,000 to 1,800)", Hatch: 2},
		MapClass{Name: "band-highly-concentrated", Label: string(model.High) + " (above 1,800)", Hatch: 4},
	)
	return stateMap(p, l, id, "Highest concentration band of a facility, by state", classes, func(s *model.State) (int, string) {
		if s.TopBand == "" {
			return classNone, "no facility with disclosed awards"
		}
		return classNone + s.TopBand.Rank(), "its most concentrated facility is " + string(s.TopBand)
	})
}

// classBreaks returns the lower bounds of the classes after the first
// for at most n classes of values: their quantiles, rounded down to two
// significant digits so that a legend reads well. A bound that would
// leave a class empty is left out, so there may be fewer classes.
func classBreaks(values []int64, n int) []int64 {
	if len(values) == 0 {
		return nil
	}
	v := slices.Sorted(slices.Values(values))
	var out []int64
	lo := v[0]
	for i := 1; i < n; i++ {
		// Rounding is monotonic and keeps a rounded bound as it is, so
		// a bound above the last one has a value below it in its class.
		b := roundDown2(v[i*len(v)/n])
		if b > lo {
			out = append(out, b)
			lo = b
		}
	}
	return out
}

// roundDown2 rounds n down to two significant digits: 116,000 → 110,000.
func roundDown2(n int64) int64 {
	p := int64(1)
	for n/p >= 100 {
		p *= 10
	}
	return n / p * p
}
