package render

import (
	"fmt"
	"html/template"
	"strings"
	"unicode/utf8"

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

// Charts are drawn without a viewBox: positions along the value axis are
// percentages of the chart's width and text is in CSS pixels, so a chart
// fills any width from a 320px phone to a wide screen (and paper) without
// its text shrinking or growing. Each row has its label on one line and
// its bar on the next, so long names never compete with the bars for room.
const (
	rowHeight  = 40   // one label line and one bar
	barTop     = 21   // the bar's offset within its row
	barHeight  = 13   // px
	barSpan    = 60.0 // % of the width the longest possible bar takes; the rest is for its value
	labelChars = 44   // longer labels lose words from the middle
	axisHeight = 26   // the timeline's year axis
)

func esc(s string) string { return template.HTMLEscapeString(s) }

// pct formats a position along the value axis.
func pctX(f float64) string { return fmt.Sprintf("%.2f%%", f) }

// svgOpen starts an accessible chart: screen readers read its title and a
// text summary of every value; the page's table has the same numbers.
func svgOpen(b *strings.Builder, id, class string, height int, title string, summary []string) {
	fmt.Fprintf(b, `<svg class="%s" width="100%%" height="%d" role="img" aria-labelledby="%s-t %s-d">`, esc(strings.TrimSpace("chart "+class)), height, esc(id), esc(id))
	fmt.Fprintf(b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, esc(id), esc(title), esc(id), esc(strings.Join(summary, "; ")))
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
	var b strings.Builder
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
		fmt.Fprintf(&b, `<text class="chart-label" x="0" y="%d">%s</text>`, y+14, chartLabel(bar.Label, labelChars))
		fmt.Fprintf(&b, `<rect class="%s" x="0" y="%d" width="%s" height="%d"/>`, esc(strings.TrimSpace("bar "+bar.Class)), y+barTop, pctX(max(w, 0.3)), barHeight)
		for _, m := range marks {
			// A tick across each bar rather than one line down the chart,
			// so that the mark never runs through a label.
			fmt.Fprintf(&b, `<line class="mark" x1="%s" x2="%s" y1="%d" y2="%d"/>`, pctX(x(m)), pctX(x(m)), y+barTop-3, y+barTop+barHeight+3)
		}
		fmt.Fprintf(&b, `<text class="chart-value" x="%s" dx="6" y="%d">%s</text>`, pctX(w), y+barTop+barHeight-2, esc(bar.Display))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// shorten cuts s to at most n runes by dropping whole words from its
// middle, which keeps both the start of a name and the number at its end
// ("Priority Mail Express, … Contract 880"); a name is never cut
// inside a word unless one word alone is too long.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	words := strings.Fields(s)
	width := func(ws []string) int { return utf8.RuneCountInString(strings.Join(ws, " ")) }
	// The end: as many last words as fit a third of the room.
	t := len(words)
	for t > 1 && width(words[t-1:]) <= n/3 {
		t--
	}
	tail, sep := strings.Join(words[t:], " "), " … "
	if tail == "" {
		sep = " …"
	}
	room := n - utf8.RuneCountInString(sep+tail)
	h := 0
	for h < t && width(words[:h+1]) <= room {
		h++
	}
	if h == 0 { // the first word alone is too long
		return string([]rune(words[0])[:max(1, n-1)]) + "…"
	}
	return strings.Join(words[:h], " ") + sep + tail
}

// chartLabel is a label's text in an SVG text element: shortened to n
// runes at word boundaries, with the whole name in a title (a tooltip)
// when it was shortened.
func chartLabel(s string, n int) string {
	short := shorten(s, n)
	if short == s {
		return esc(s)
	}
	return "<title>" + esc(s) + "</title>" + esc(short)
}

// ShareBars turns a concentration into bars by carrier or by carrier kind,
// the n largest (all of them when n is 0).
func ShareBars(env *Env, c model.Concentration, byKind bool, n int) []Bar {
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
	bars := make([]Bar, 0, len(shares))
	for _, s := range shares {
		bar := Bar{Value: s.Percent, Max: top, Display: fmt.Sprintf("%s (%s)", Pct(s.Percent), dataset.Group(s.Capacity))}
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

// HHIChart draws the HHI of the most concentrated facilities, at most n
// (all of them when n is 0), on the full 0–10,000 scale with a line at
// the 1,800 threshold of "highly concentrated".
func (e *Env) HHIChart(id string, facilities []*model.Facility, n int) template.HTML {
	var bars []Bar
	for _, f := range model.MostConcentrated(facilities, n) {
		u, _ := e.Link(f)
		bars = append(bars, Bar{
			Label: string(f.Name), URL: u, Value: float64(f.Concentration.HHI), Max: 10000,
			Display: dataset.Group(int64(f.Concentration.HHI)),
			Class:   "band-" + strings.ReplaceAll(string(f.Concentration.Band), " ", "-"),
		})
	}
	return barChart(id, "Concentration of awarded capacity (HHI) by facility", bars, []float64{1800})
}

// TimelineRow is one agreement on a timeline: its bar runs from Start to
// End; Open is true when the expiry is not public and the bar stops at the
// as-of date.
type TimelineRow struct {
	Agreement  *model.Agreement
	Start, End dataset.Date
	Open       bool
}

// TimelineRows lists the agreements that a timeline can draw (those with
// an effective or filing date), in the order given.
func (e *Env) TimelineRows(agreements []*model.Agreement) []TimelineRow {
	asOf := e.Portal.AsOf
	var rows []TimelineRow
	for _, a := range agreements {
		start := a.Effective
		if start.IsZero() {
			start = a.Filed
		}
		if start.IsZero() {
			continue
		}
		r := TimelineRow{Agreement: a, Start: start, End: a.Expires}
		if r.End.IsZero() {
			r.End, r.Open = asOf, true
			if r.End.Before(start) {
				r.End = start
			}
		}
		rows = append(rows, r)
	}
	return rows
}

// Timeline draws agreements as bars from their effective (or filing) date
// to their expiry, with a line at the as-of date. Open-ended bars are
// dashed. On narrow screens the year axis keeps every few labels only.
func (e *Env) Timeline(id, title string, agreements []*model.Agreement) template.HTML {
	rows := e.TimelineRows(agreements)
	if len(rows) == 0 {
		return ""
	}
	asOf := e.Portal.AsOf
	lo, hi := asOf, asOf
	for _, r := range rows {
		if r.Start.Before(lo) {
			lo = r.Start
		}
		if r.End.After(hi) {
			hi = r.End
		}
	}
	lo = dataset.Date{Year: lo.Year, Month: 1, Day: 1}
	hi = dataset.Date{Year: hi.Year + 1, Month: 1, Day: 1}
	days := float64(lo.DaysUntil(hi))
	const right = 97.0 // % of the width the axis runs to; the rest keeps the last label inside
	x := func(d dataset.Date) float64 { return right * float64(lo.DaysUntil(d)) / days }
	h := rowHeight*len(rows) + axisHeight
	var summary []string
	for _, r := range rows {
		end := "expiry not public"
		if !r.Open {
			end = "expires " + r.End.String()
		}
		summary = append(summary, fmt.Sprintf("%s: from %s, %s", r.Agreement.Product, r.Start, end))
	}
	var b strings.Builder
	svgOpen(&b, id, "timeline", h, title, summary)
	years := hi.Year - lo.Year
	wide, narrow := (years+9)/10, (years+3)/4 // label steps: at most 10 labels, or 4 on a phone
	for y := lo.Year; y <= hi.Year; y++ {
		d := dataset.Date{Year: y, Month: 1, Day: 1}
		fmt.Fprintf(&b, `<line class="grid" x1="%s" x2="%s" y1="0" y2="%d"/>`, pctX(x(d)), pctX(x(d)), h-axisHeight+4)
		if k := y - lo.Year; k%wide == 0 && y < hi.Year {
			cls := "chart-axis"
			if k%narrow != 0 {
				cls += " minor"
			}
			fmt.Fprintf(&b, `<text class="%s" x="%s" dx="2" y="%d">%d</text>`, cls, pctX(x(d)), h-6, y)
		}
	}
	for i, r := range rows {
		y := i * rowHeight
		cls := "bar status-" + r.Agreement.Status
		if r.Open {
			cls += " open"
		}
		w := max(x(r.End)-x(r.Start), 0.4)
		fmt.Fprintf(&b, `<text class="chart-label" x="0" y="%d">%s</text>`, y+14, chartLabel(string(r.Agreement.Product), labelChars))
		fmt.Fprintf(&b, `<rect class="%s" x="%s" y="%d" width="%s" height="%d"/>`, esc(cls), pctX(x(r.Start)), y+barTop, pctX(w), barHeight)
	}
	fmt.Fprintf(&b, `<line class="asof" x1="%s" x2="%s" y1="0" y2="%d"/>`, pctX(x(asOf)), pctX(x(asOf)), h-axisHeight+4)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
