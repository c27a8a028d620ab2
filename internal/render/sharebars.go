package render

import (
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
		bar := chart.Bar{Value: s.Percent, Max: top, Display: Pct(s.Percent) + " (" + dataset.Group(s.Capacity) + ")"}
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
