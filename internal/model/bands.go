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
