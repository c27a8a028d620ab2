package chart

import (
	"html/template"

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
		summary = append(summary, string(r.Agreement.Product)+": from "+r.Start.String()+", "+end)
	}
	var b svgWriter
	b.Grow(svgOverhead + (hi.Year-lo.Year+1)*gridBytes + len(rows)*(timelineRowBytes+len(summary[0])))
	svgOpen(&b, id, "timeline", h, title, summary)
	years := hi.Year - lo.Year
	wide, narrow := (years+9)/10, (years+3)/4 // label steps: at most 10 labels, or 4 on a phone
	for y := lo.Year; y <= hi.Year; y++ {
		d := dataset.Date{Year: y, Month: 1, Day: 1}
		b.vline("grid", x(d), 0, h-axisHeight+4)
		if k := y - lo.Year; k%wide == 0 && y < hi.Year {
			cls := "chart-axis"
			if k%narrow != 0 {
				cls += " minor"
			}
			b.s(`<text class="`, cls, `" x="`)
			b.pct(x(d))
			b.s(`" dx="2" y="`)
			b.int(h - 6)
			b.s(`">`)
			b.int(y)
			b.s(`</text>`)
		}
	}
	for i, r := range rows {
		y := i * rowHeight
		cls := "bar status-" + r.Agreement.Status
		if r.Open {
			cls += " open"
		}
		w := max(x(r.End)-x(r.Start), 0.4)
		b.rowLabel(y, label(string(r.Agreement.Product), labelChars))
		b.s(`<rect class="`, esc(cls), `" x="`)
		b.pct(x(r.Start))
		b.s(`" y="`)
		b.int(y + barTop)
		b.s(`" width="`)
		b.pct(w)
		b.s(`" height="`)
		b.int(barHeight)
		b.s(`"/>`)
	}
	b.vline("asof", x(asOf), 0, h-axisHeight+4)
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}
