package chart

import (
	"html/template"
	"strings"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

// Bar is one bar of a horizontal bar chart.
type Bar struct {
	Label   string
	Value   float64 // in the chart's unit; bars scale to Max
	Max     float64
	Display string // the value as text, drawn at the end of the bar
	URL     string // the entity the bar stands for; the chart's table links to it
	Class   string // extra CSS class, e.g. the HHI band
}

// BarChart draws bars as an SVG with a title and a text summary. Bars
// scale to the largest Max among them, so equal values draw equal bars.
func BarChart(id, title string, bars []Bar) template.HTML {
	return barChart(id, title, bars, nil)
}

func barChart(id, title string, bars []Bar, marks []float64) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	top := 0.0
	for _, bar := range bars {
		top = max(top, bar.Max)
	}
	var b svgWriter
	b.Grow(svgOverhead + len(bars)*(barBytes+len(marks)*markBytes)) // grown once, not doubling
	var summary []string
	for _, bar := range bars {
		summary = append(summary, bar.Label+": "+bar.Display)
	}
	h := rowHeight * len(bars)
	svgOpen(&b, id, "", h, title, summary)
	x := func(v float64) float64 {
		if top <= 0 {
			return 0
		}
		return barSpan * v / top
	}
	for i, bar := range bars {
		y := i * rowHeight
		w := x(bar.Value)
		b.rowLabel(y, label(bar.Label, labelChars))
		b.s(`<rect class="`, esc(strings.TrimSpace("bar "+bar.Class)), `" x="0" y="`)
		b.int(y + barTop)
		b.s(`" width="`)
		b.pct(max(w, 0.3))
		b.s(`" height="`)
		b.int(barHeight)
		b.s(`"/>`)
		for _, m := range marks {
			// A tick across each bar rather than one line down the chart,
			// so that the mark never runs through a label.
			b.vline("mark", x(m), y+barTop-3, y+barTop+barHeight+3)
		}
		b.s(`<text class="chart-value" x="`)
		b.pct(w)
		b.s(`" dx="6" y="`)
		b.int(y + barTop + barHeight - 2)
		b.s(`">`, esc(bar.Display), `</text>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// HHI draws the HHI of the most concentrated facilities, at most n
// (all of them when n is 0), on the full 0–10,000 scale with a line at
// the 1,800 threshold of "highly concentrated".
func HHI(id string, facilities []*model.Facility, n int, l Linker) template.HTML {
	var bars []Bar
	for _, f := range model.MostConcentrated(facilities, n) {
		u, _ := l.Link(f)
		bars = append(bars, Bar{
			Label: string(f.Name), URL: u, Value: float64(f.Concentration.HHI), Max: 10000,
			Display: dataset.Group(int64(f.Concentration.HHI)),
			Class:   "band-" + strings.ReplaceAll(string(f.Concentration.Band), " ", "-"),
		})
	}
	return barChart(id, "Concentration of awarded capacity (HHI) by facility", bars, []float64{1800})
}
