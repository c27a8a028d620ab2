package render

import (
	"fmt"
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
	URL     string // the bar's label links here when set
	Class   string // extra CSS class, e.g. the HHI band
}

const (
	chartWidth = 720
	labelWidth = 230
	rowHeight  = 26
	valueRoom  = 150
)

func esc(s string) string { return template.HTMLEscapeString(s) }

// BarChart draws bars as an accessible SVG: the title and a text summary
// are read out by screen readers, and each label links to its entity.
func BarChart(id, title string, bars []Bar) template.HTML {
	if len(bars) == 0 {
		return ""
	}
	h := rowHeight*len(bars) + 8
	var b strings.Builder
	var summary []string
	for _, bar := range bars {
		summary = append(summary, bar.Label+": "+bar.Display)
	}
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-t %s-d" preserveAspectRatio="xMinYMin meet">`, chartWidth, h, esc(id), esc(id))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(id), esc(title), esc(id), esc(strings.Join(summary, "; ")))
	span := float64(chartWidth - labelWidth - valueRoom)
	for i, bar := range bars {
		y := 4 + i*rowHeight
		w := 0.0
		if bar.Max > 0 {
			w = span * bar.Value / bar.Max
		}
		if w < 1 && bar.Value > 0 {
			w = 1
		}
		label := esc(truncate(bar.Label, 28))
		if bar.URL != "" {
			label = fmt.Sprintf(`<a href="%s">%s</a>`, esc(bar.URL), label)
		}
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" text-anchor="end">%s</text>`, labelWidth-8, y+17, label)
		fmt.Fprintf(&b, `<rect class="bar %s" x="%d" y="%d" width="%.1f" height="%d"/>`, esc(bar.Class), labelWidth, y+4, w, rowHeight-8)
		fmt.Fprintf(&b, `<text class="chart-value" x="%.1f" y="%d">%s</text>`, float64(labelWidth)+w+6, y+17, esc(bar.Display))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// ShareBars turns a concentration into bars by carrier or by carrier kind.
func ShareBars(env *Env, c model.Concentration, byKind bool) []Bar {
	shares := c.ByCarrier
	if byKind {
		shares = c.ByKind
	}
	bars := make([]Bar, 0, len(shares))
	for _, s := range shares {
		bar := Bar{Value: s.Percent, Max: 100, Display: fmt.Sprintf("%s · %s/day", Pct(s.Percent), dataset.Group(s.Capacity))}
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

// HHIChart draws the HHI of the most concentrated facilities, at most n.
func (e *Env) HHIChart(id string, facilities []*model.Facility, n int) template.HTML {
	var bars []Bar
	for _, f := range model.MostConcentrated(facilities, n) {
		u, _ := e.Link(f)
		bars = append(bars, Bar{
			Label: string(f.Name), URL: u, Value: float64(f.Concentration.HHI), Max: 10000,
			Display: dataset.Group(int64(f.Concentration.HHI)) + " · " + string(f.Concentration.Band),
			Class:   "band-" + strings.ReplaceAll(string(f.Concentration.Band), " ", "-"),
		})
	}
	return BarChart(id, "Concentration of awarded capacity (HHI) by facility", bars)
}

// Timeline draws agreements as bars from their effective (or filing) date to
// their expiry, with a line at the as-of date. Open-ended bars are dashed.
func (e *Env) Timeline(id, title string, agreements []*model.Agreement) template.HTML {
	type row struct {
		a          *model.Agreement
		start, end dataset.Date
		open       bool
	}
	asOf := e.Portal.AsOf
	var rows []row
	lo, hi := asOf, asOf
	for _, a := range agreements {
		start := a.Effective
		if start.IsZero() {
			start = a.Filed
		}
		if start.IsZero() {
			continue
		}
		r := row{a: a, start: start, end: a.Expires}
		if r.end.IsZero() {
			r.end, r.open = asOf, true
			if r.end.Before(start) {
				r.end = start
			}
		}
		if r.start.Before(lo) {
			lo = r.start
		}
		if r.end.After(hi) {
			hi = r.end
		}
		rows = append(rows, r)
	}
	if len(rows) == 0 {
		return ""
	}
	lo = dataset.Date{Year: lo.Year, Month: 1, Day: 1}
	hi = dataset.Date{Year: hi.Year + 1, Month: 1, Day: 1}
	days := float64(lo.DaysUntil(hi))
	span := float64(chartWidth - labelWidth - 10)
	x := func(d dataset.Date) float64 { return float64(labelWidth) + span*float64(lo.DaysUntil(d))/days }
	h := rowHeight*len(rows) + 30
	var b strings.Builder
	var summary []string
	for _, r := range rows {
		end := "expiry not public"
		if !r.open {
			end = "expires " + r.end.String()
		}
		summary = append(summary, fmt.Sprintf("%s: from %s, %s", r.a.ID, r.start, end))
	}
	fmt.Fprintf(&b, `<svg class="chart timeline" viewBox="0 0 %d %d" width="100%%" role="img" aria-labelledby="%s-t %s-d">`, chartWidth, h, esc(id), esc(id))
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(id), esc(title), esc(id), esc(strings.Join(summary, "; ")))
	for y := lo.Year; y <= hi.Year; y++ {
		d := dataset.Date{Year: y, Month: 1, Day: 1}
		fmt.Fprintf(&b, `<line class="grid" x1="%.1f" x2="%.1f" y1="0" y2="%d"/><text class="chart-axis" x="%.1f" y="%d">%d</text>`, x(d), x(d), h-18, x(d)+2, h-4, y)
	}
	for i, r := range rows {
		y := 4 + i*rowHeight
		u, _ := e.Link(r.a)
		fmt.Fprintf(&b, `<text class="chart-label" x="%d" y="%d" text-anchor="end"><a href="%s">%s</a></text>`, labelWidth-8, y+17, esc(u), esc(truncate(string(r.a.ID), 30)))
		cls := "bar status-" + r.a.Status
		if r.open {
			cls += " open"
		}
		w := x(r.end) - x(r.start)
		if w < 2 {
			w = 2
		}
		fmt.Fprintf(&b, `<rect class="%s" x="%.1f" y="%d" width="%.1f" height="%d"/>`, esc(cls), x(r.start), y+4, w, rowHeight-8)
	}
	fmt.Fprintf(&b, `<line class="asof" x1="%.1f" x2="%.1f" y1="0" y2="%d"/>`, x(asOf), x(asOf), h-18)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
