package chart

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

// TimelineRow is one agreement on a timeline: its bar runs from Start to
// End; Open is true when the expiry is not public and the bar stops at the
// as-of date.
type TimelineRow struct {
	Agreement  *model.Agreement
	Start, End dataset.Date
	Open       bool
}

// TimelineRows lists the agreements that a timeline can draw (those with
// an effective or filing date), in the order given; a bar whose expiry
// is not public ends at asOf.
func TimelineRows(agreements []*model.Agreement, asOf dataset.Date) []TimelineRow {
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
// to their expiry, with a line at the as-of date asOf. Open-ended bars are
// dashed. On narrow screens the year axis keeps every few labels only.
func Timeline(id, title string, agreements []*model.Agreement, asOf dataset.Date) template.HTML {
	rows := TimelineRows(agreements, asOf)
	if len(rows) == 0 {
		return ""
	}
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
	b.Grow(svgOverhead + (hi.Year-lo.Year+1)*gridBytes + len(rows)*(timelineRowBytes+len(summary[0])))
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
		fmt.Fprintf(&b, `<text class="chart-label" x="0" y="%d">%s</text>`, y+14, label(string(r.Agreement.Product), labelChars))
		fmt.Fprintf(&b, `<rect class="%s" x="%s" y="%d" width="%s" height="%d"/>`, esc(cls), pctX(x(r.Start)), y+barTop, pctX(w), barHeight)
	}
	fmt.Fprintf(&b, `<line class="asof" x1="%s" x2="%s" y1="0" y2="%d"/>`, pctX(x(asOf)), pctX(x(asOf)), h-axisHeight+4)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
