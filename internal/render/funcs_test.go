package render

import (
	"fmt"
	"math"
	"testing"
)

// TestPctAsFmt: Pct writes a percentage as fmt's %.1f%% would.
func TestPctAsFmt(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 0.05, 0.15, 12.25, 33.333, 100, -2.5, math.Inf(1), math.NaN()} {
		if got, want := Pct(f), fmt.Sprintf("%.1f%%", f); got != want {
			t.Errorf("Pct(%v) = %q, fmt writes %q", f, got, want)
		}
	}
}
