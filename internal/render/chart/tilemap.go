package chart

import (
	"fmt"
	"html/template"
	"strings"
)

// GridTile is one square of the tile-grid map: a state's place, counted
// in tiles from the top left.
type GridTile struct {
	Code     string // "VA"
	Col, Row int
}

// TileGrid places the 50 states, the District of Columbia and Puerto Rico
// on a grid of 12 columns and 8 rows of equal squares, in the usual
// tile-grid layout (NPR's and FiveThirtyEight's): neighbours stay close,
// Alaska and Hawaii sit at the left, DC beside Maryland and Puerto Rico
// at the bottom right, near Florida. The other territories have no tile;
// maps list them beside the grid.
var TileGrid = []GridTile{
	{"AK", 0, 0}, {"ME", 11, 0},
	{"VT", 10, 1}, {"NH", 11, 1},
	{"WA", 1, 2}, {"ID", 2, 2}, {"MT", 3, 2}, {"ND", 4, 2}, {"MN", 5, 2}, {"IL", 6, 2}, {"WI", 7, 2}, {"MI", 8, 2}, {"NY", 9, 2}, {"RI", 10, 2}, {"MA", 11, 2},
	{"OR", 1, 3}, {"NV", 2, 3}, {"WY", 3, 3}, {"SD", 4, 3}, {"IA", 5, 3}, {"IN", 6, 3}, {"OH", 7, 3}, {"PA", 8, 3}, {"NJ", 9, 3}, {"CT", 10, 3},
	{"CA", 1, 4}, {"UT", 2, 4}, {"CO", 3, 4}, {"NE", 4, 4}, {"MO", 5, 4}, {"KY", 6, 4}, {"WV", 7, 4}, {"VA", 8, 4}, {"MD", 9, 4}, {"DE", 10, 4},
	{"AZ", 2, 5}, {"NM", 3, 5}, {"KS", 4, 5}, {"AR", 5, 5}, {"TN", 6, 5}, {"NC", 7, 5}, {"SC", 8, 5}, {"DC", 9, 5},
	{"OK", 4, 6}, {"LA", 5, 6}, {"MS", 6, 6}, {"AL", 7, 6}, {"GA", 8, 6},
	{"HI", 0, 7}, {"TX", 4, 7}, {"FL", 9, 7}, {"PR", 11, 7},
}

// onGrid reports whether a state or territory has a tile.
func onGrid(code string) bool {
	for _, g := range TileGrid {
		if g.Code == code {
			return true
		}
	}
	return false
}

// MapClass is one class of a map's legend.
type MapClass struct {
	Name  string // CSS class of its tiles: "map-c2", "band-high", ...
	Label string // legend text: "50,000 to 99,999"
	// Hatch is the pattern that tells the class apart on paper, where
	// the fills are left out: 0 none, 1 sparse lines to 4 a dense grid.
	Hatch int
}

// MapTile is one state as a map shows it.
type MapTile struct {
	Code  string // "VA"
	Name  string // "Virginia"
	URL   string // its page; "" when it has none, and then no link
	Class int    // index into TileMap.Classes
	Value string // what the map says of it: "91,500 parcels a day"
}

// Label is the tile's accessible name, "Virginia, VA: 91,500 parcels a
// day": it holds the code, the tile's visible text, so that a speech
// user who says what they see reaches the link (WCAG 2.5.3; axe does
// not count words in parentheses).
func (t MapTile) Label() string { return t.Name + ", " + t.Code + ": " + t.Value }

// TileMap is a map of the states on TileGrid, one class per tile.
type TileMap struct {
	ID    string // prefix of the element ids
	Title string
	// Illustrative marks the map as drawn from invented sample data.
	Illustrative bool
	Classes      []MapClass
	// States are the places with a value, in the order the description
	// lists them; a square of the grid without one is in Classes[0].
	States []MapTile
}

// Off lists the places with a value but no square (Guam, ...).
func (m TileMap) Off() []MapTile {
	var off []MapTile
	for _, t := range m.States {
		if !onGrid(t.Code) {
			off = append(off, t)
		}
	}
	return off
}

// The grid is drawn in a viewBox of tilePitch units a tile, so it scales
// to its width as a map should; style.css sizes the text in those units
// and makes it larger on narrow screens, where a unit is smallest.
const (
	tilePitch = 40
	tileSize  = 36
	gridCols  = 12
	gridRows  = 8
)

// hatches are the print patterns, from sparse to dense: rotated line
// spacings and whether lines cross.
var hatches = []struct {
	space int
	cross bool
}{{8, false}, {4, false}, {5, true}, {3, true}}

// Draw renders the map as an SVG. Its title and description (a text
// summary of every tile's value) name it for screen readers; each tile
// with a page is a link whose accessible name has the value. The SVG
// is a group, not an img: an img's children are presentational, which
// would hide the links.
func (m TileMap) Draw() template.HTML {
	var b strings.Builder
	id := esc(m.ID)
	tiles := map[string]MapTile{}
	var summary []string
	for _, t := range m.States {
		tiles[t.Code] = t
		summary = append(summary, t.Label())
	}
	desc := "States with facilities in the data: " + strings.Join(summary, "; ") + ". The other states have none."
	if len(summary) == 0 {
		desc = "No state has facilities in the data."
	}
	if m.Illustrative {
		desc = "Illustrative: invented sample data. " + desc
	}
	fmt.Fprintf(&b, `<svg class="tilemap" viewBox="0 0 %d %d" role="group" aria-labelledby="%s-t" aria-describedby="%s-d">`, gridCols*tilePitch, gridRows*tilePitch, id, id)
	fmt.Fprintf(&b, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(m.Title), id, esc(desc))
	b.WriteString(`<defs>`)
	for i, h := range hatches {
		fmt.Fprintf(&b, `<pattern id="%s-h%d" width="%d" height="%d" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><line class="hatch-line" x1="0" y1="0" x2="0" y2="%d"/>`, id, i+1, h.space, h.space, h.space)
		if h.cross {
			fmt.Fprintf(&b, `<line class="hatch-line" x1="0" y1="0" x2="%d" y2="0"/>`, h.space)
		}
		b.WriteString(`</pattern>`)
	}
	b.WriteString(`</defs>`)
	if m.Illustrative {
		// In the empty top middle of the grid, so the map says it
		// wherever it is shown.
		fmt.Fprintf(&b, `<g class="map-note"><rect x="140" y="6" width="200" height="28" rx="4"/><text x="240" y="20">Illustrative data</text></g>`)
	}
	for _, g := range TileGrid {
		t := tiles[g.Code]
		var c MapClass
		if t.Class >= 0 && t.Class < len(m.Classes) {
			c = m.Classes[t.Class]
		}
		cls := strings.TrimSpace("tile " + c.Name)
		if t.URL != "" {
			fmt.Fprintf(&b, `<a href="%s" class="%s" aria-label="%s">`, esc(t.URL), esc(cls), esc(t.Label()))
		} else {
			// Without a page there is nothing to follow; the
			// description names the states that have one.
			fmt.Fprintf(&b, `<g class="%s" aria-hidden="true">`, esc(cls))
		}
		x, y := g.Col*tilePitch+(tilePitch-tileSize)/2, g.Row*tilePitch+(tilePitch-tileSize)/2
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" rx="3"/>`, x, y, tileSize, tileSize)
		if c.Hatch > 0 && c.Hatch <= len(hatches) {
			fmt.Fprintf(&b, `<rect class="hatch" x="%d" y="%d" width="%d" height="%d" fill="url(#%s-h%d)"/>`, x, y, tileSize, tileSize, id, c.Hatch)
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`, x+tileSize/2, y+tileSize/2, esc(g.Code))
		if t.URL != "" {
			b.WriteString(`</a>`)
		} else {
			b.WriteString(`</g>`)
		}
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// Swatch draws a legend key for class i: a small tile in the class's
// fill, with its print pattern from the map's own definitions.
func (m TileMap) Swatch(i int) template.HTML {
	if i < 0 || i >= len(m.Classes) {
		return ""
	}
	c := m.Classes[i]
	cls := strings.TrimSpace("tile " + c.Name)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="swatch" width="18" height="18" viewBox="0 0 18 18" aria-hidden="true"><g class="%s"><rect x="1" y="1" width="16" height="16" rx="2"/>`, esc(cls))
	if c.Hatch > 0 && c.Hatch <= len(hatches) {
		fmt.Fprintf(&b, `<rect class="hatch" x="1" y="1" width="16" height="16" fill="url(#%s-h%d)"/>`, esc(m.ID), c.Hatch)
	}
	b.WriteString(`</g></svg>`)
	return template.HTML(b.String())
}

// Count returns how many tiles (and places off the grid) are in class i.
func (m TileMap) Count(i int) int {
	n := 0
	if i == 0 {
		n = len(TileGrid)
		for _, t := range m.States {
			if onGrid(t.Code) {
				n--
			}
		}
	}
	for _, t := range m.States {
		if t.Class == i {
			n++
		}
	}
	return n
}
