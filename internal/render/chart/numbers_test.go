package chart

import (
	"fmt"
	"math"
	"testing"
)

// TestNumbersAsFmt: a chart writes its numbers as fmt's %d and %.2f%%
// would, negative zero, infinities and halves included.
func TestNumbersAsFmt(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 0.005, 0.015, 2.675, 33.333333, 97, 100, -1.5, 1e21, math.Inf(1), math.Inf(-1), math.NaN()} {
		var w svgWriter
		w.pct(f)
		if want := fmt.Sprintf("%.2f%%", f); w.String() != want {
			t.Errorf("%v: pct writes %q, fmt %q", f, w.String(), want)
		}
	}
	for _, n := range []int{0, 7, -7, 14, 1234567, math.MinInt64, math.MaxInt64} {
		var w svgWriter
		w.int(n)
		if want := fmt.Sprint(n); w.String() != want {
			t.Errorf("%d: int writes %q, fmt %q", n, w.String(), want)
		}
	}
}
