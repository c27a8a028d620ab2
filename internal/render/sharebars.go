package render

import (
	"strconv"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/render/chart"
)

// ShareBars turns a concentration into bars by carrier or by carrier kind,
// the n largest (all of them when n is 0).
func ShareBars(env *Env, c model.Concentration, byKind bool, n int) []chart.Bar {
	shares := c.ByCarrier
	if byKind {
		shares = c.ByKind
	}
	if n > 0 && len(shares) > n {
		shares = shares[:n]
	}
	top := 0.0
	for _, s := range shares {
		top = max(top, s.Percent)
	}
	bars := make([]chart.Bar, 0, len(shares))
	for _, s := range shares {
		bar := chart.Bar{Value: s.Percent, Max: top, Display: barDisplay(s.Percent, s.Capacity)}
		if s.Carrier != nil {
			bar.Label = string(s.Carrier.Name)
			bar.URL, _ = env.Link(s.Carrier)
		} else {
			bar.Label = KindName(s.Key)
			bar.Class = "kind-" + s.Key
		}
		bars = append(bars, bar)
	}
	return bars
}

// barDisplay is a bar's label, Pct(pct) + " (" + Group(capacity) + ")",
// made as one string where that made three: every facility's, carrier's
// and state's chart has a bar per carrier. TestBarDisplay holds it to
// that.
func barDisplay(pct float64, capacity int64) string {
	var mem [48]byte
	b := strconv.AppendFloat(mem[:0], pct, 'f', 1, 64)
	b = dataset.AppendGroup(append(b, "% ("...), capacity)
	return string(append(b, ')'))
}
