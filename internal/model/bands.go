package model

// BandCount counts facilities by concentration band.
type BandCount struct {
	High, Moderate, Unconcentrated int
	// WithHHI counts the facilities that have an HHI at all: those with
	// disclosed awarded capacity.
	WithHHI int
}

// Bands counts the facilities in each concentration band.
func Bands(fs []*Facility) BandCount {
	var c BandCount
	for _, f := range fs {
		if !f.Concentration.HasHHI {
			continue
		}
		c.WithHHI++
		switch f.Concentration.Band {
		case High:
			c.High++
		case Moderate:
			c.Moderate++
		default:
			c.Unconcentrated++
		}
	}
	return c
}

// Rank orders the bands from least to most concentrated: 0 for no band
// (no HHI), then unconcentrated, moderately and highly concentrated.
func (b Band) Rank() int {
	switch b {
	case Unconcentrated:
		return 1
	case Moderate:
		return 2
	case High:
		return 3
	}
	return 0
}

// TopBand returns the highest band among the facilities that have an
// HHI, or "" when none has.
func TopBand(fs []*Facility) Band {
	var top Band
	for _, f := range fs {
		if f.Concentration.HasHHI && f.Concentration.Band.Rank() > top.Rank() {
			top = f.Concentration.Band
		}
	}
	return top
}
