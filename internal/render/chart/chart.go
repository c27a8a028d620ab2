// Package chart draws the portal's figures as SVG at build time: bar
// charts, the agreements timeline and the tile-grid maps of the states.
// It knows the model but not the templates; package render registers its
// charts as template functions, and a Linker gives the URLs of entities.
package chart

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/postal-access/portal/internal/render/fastexec"
)

// Linker gives the URL of an entity's page (render.Env is one).
type Linker interface {
	Link(v any) (string, error)
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

func esc(s string) string { return fastexec.HTMLEscapeString(s) }

// svgWriter writes a chart's markup, its numbers appended in place: fmt
// would format each through reflection, and a build draws a chart or two
// on tens of thousands of pages.
type svgWriter struct {
	strings.Builder
	num [32]byte
}

// s writes each of parts.
func (w *svgWriter) s(parts ...string) {
	for _, p := range parts {
		w.WriteString(p)
	}
}

// int writes n.
func (w *svgWriter) int(n int) { w.Write(strconv.AppendInt(w.num[:0], int64(n), 10)) }

// pct writes f, a position along the value axis, as a percentage of the
// width with two decimals.
func (w *svgWriter) pct(f float64) {
	w.Write(strconv.AppendFloat(w.num[:0], f, 'f', 2, 64))
	w.WriteByte('%')
}

// vline writes a vertical line of class at x (a percentage of the width)
// from y1 to y2.
func (w *svgWriter) vline(class string, x float64, y1, y2 int) {
	w.s(`<line class="`, class, `" x1="`)
	w.pct(x)
	w.s(`" x2="`)
	w.pct(x)
	w.s(`" y1="`)
	w.int(y1)
	w.s(`" y2="`)
	w.int(y2)
	w.s(`"/>`)
}

// rowLabel writes the label of the row at y, HTML already.
func (w *svgWriter) rowLabel(y int, label string) {
	w.s(`<text class="chart-label" x="0" y="`)
	w.int(y + 14)
	w.s(`">`, label, `</text>`)
}

// What a chart's parts take, about, so that its builder is grown once
// (5-15% more than the scale-4 corpus's charts take on average): the
// svg element with its title and description, a bar's label, rect and
// value, a mark across a bar, a timeline's row (and its summary in the
// description), a grid line with its year.
const (
	svgOverhead      = 400
	barBytes         = 260
	markBytes        = 70
	timelineRowBytes = 150
	gridBytes        = 130
)

// svgOpen starts an accessible chart: screen readers read its title and a
// text summary of every value; the page's table has the same numbers.
func svgOpen(b *svgWriter, id, class string, height int, title string, summary []string) {
	b.s(`<svg class="`, esc(strings.TrimSpace("chart "+class)), `" width="100%" height="`)
	b.int(height)
	b.s(`" role="img" aria-labelledby="`, esc(id), `-t `, esc(id), `-d">`)
	b.s(`<title id="`, esc(id), `-t">`, esc(title), `</title><desc id="`, esc(id), `-d">`, esc(strings.Join(summary, "; ")), `</desc>`)
}

// Shorten cuts s to at most n runes by dropping whole words from its
// middle, which keeps both the start of a name and the number at its end
// ("Priority Mail Express, … Contract 880"); a name is never cut
// inside a word unless one word alone is too long.
func Shorten(s string, n int) string {
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

// label is a label's text in an SVG text element: shortened to n runes
// at word boundaries, with the whole name in a title (a tooltip) when it
// was shortened.
func label(s string, n int) string {
	short := Shorten(s, n)
	if short == s {
		return esc(s)
	}
	return "<title>" + esc(s) + "</title>" + esc(short)
}
