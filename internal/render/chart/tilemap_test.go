package chart

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

// TestTileGrid checks the layout: the 50 states, DC and Puerto Rico,
// each once, no two on one square, all inside the grid.
func TestTileGrid(t *testing.T) {
	want := slices.DeleteFunc(slices.Clone(dataset.USStates), func(c string) bool {
		return c == "VI" || c == "GU" || c == "AS" || c == "MP"
	})
	if len(want) != 52 {
		t.Fatalf("USStates less the four territories = %d codes, want 52", len(want))
	}
	codes := map[string]bool{}
	places := map[[2]int]string{}
	for _, g := range TileGrid {
		if codes[g.Code] {
			t.Errorf("TileGrid has %s twice", g.Code)
		}
		codes[g.Code] = true
		if other, ok := places[[2]int{g.Col, g.Row}]; ok {
			t.Errorf("TileGrid puts %s and %s both at column %d, row %d", other, g.Code, g.Col, g.Row)
		}
		places[[2]int{g.Col, g.Row}] = g.Code
		if g.Col < 0 || g.Col >= gridCols || g.Row < 0 || g.Row >= gridRows {
			t.Errorf("TileGrid puts %s at column %d, row %d, outside the %d×%d grid", g.Code, g.Col, g.Row, gridCols, gridRows)
		}
	}
	for _, c := range want {
		if !codes[c] {
			t.Errorf("TileGrid has no tile for %s", c)
		}
	}
	if len(TileGrid) != len(want) {
		t.Errorf("TileGrid has %d tiles, want %d", len(TileGrid), len(want))
	}
}

func TestClassBreaks(t *testing.T) {
	tests := []struct {
		values []int64
		n      int
		want   []int64
	}{
		{nil, 4, nil},
		{[]int64{5000}, 4, nil},
		// quantiles 74,000, 91,500 and 116,000, rounded down
		{[]int64{440000, 15500, 42000, 74000, 84500, 91500, 95000, 116000}, 4, []int64{74000, 91000, 110000}},
		// a bound rounded down onto the one before it is dropped
		{[]int64{74100, 74200, 74300, 74400}, 4, nil},
		{[]int64{1, 2, 3, 4}, 4, []int64{2, 3, 4}},
		{[]int64{100, 100, 100, 250}, 2, nil}, // the median is the least value
		{[]int64{100, 120, 240, 250}, 2, []int64{240}},
	}
	for _, tt := range tests {
		got := classBreaks(tt.values, tt.n)
		if !slices.Equal(got, tt.want) {
			t.Errorf("classBreaks(%v, %d) = %v, want %v", tt.values, tt.n, got, tt.want)
		}
		// Every class has a value in it.
		for i := range len(got) + 1 {
			if len(tt.values) == 0 {
				break
			}
			lo, hi := int64(-1<<63), int64(1<<63-1)
			if i > 0 {
				lo = got[i-1]
			}
			if i < len(got) {
				hi = got[i]
			}
			if !slices.ContainsFunc(tt.values, func(v int64) bool { return v >= lo && v < hi }) {
				t.Errorf("classBreaks(%v, %d) = %v: class %d is empty", tt.values, tt.n, got, i)
			}
		}
	}
}

// mapFixture is a portal of a few states: awards in four classes, one
// state with facilities but nothing awarded, one whose award is under
// seal, and Guam, which has no tile.
func mapFixture() *model.Portal {
	state := func(code string, total int64, awarded int, band model.Band) *model.State {
		s := &model.State{Code: code, Slug: strings.ToLower(code), Name: model.StateName(code), TopBand: band}
		s.Concentration.Total, s.Concentration.Awarded = total, awarded
		return s
	}
	p := &model.Portal{
		States: []*model.State{
			state("FL", 0, 0, ""),
			state("GA", 440000, 33, model.High),
			state("GU", 2000, 1, model.Unconcentrated),
			state("NC", 15500, 2, model.Moderate),
			state("NY", 0, 2, ""),
			state("TX", 116000, 8, model.High),
			state("VA", 91500, 6, model.Unconcentrated),
		},
		Manifest: dataset.Manifest{{Name: "auction_results", Illustrative: true}},
	}
	return p
}

// links gives the URLs render.Env gives a site served at the root.
type links struct{}

func (links) Link(v any) (string, error) {
	if s, ok := v.(*model.State); ok {
		return "/states/" + s.Slug + "/", nil
	}
	return "", fmt.Errorf("link: cannot link to a %T", v)
}

// TestTileMapGolden draws both state maps of the fixture, and the legend
// swatches, and compares them with testdata/tilemap.golden (one element
// a line, for the diff). `go test ./internal/render/chart -update` rewrites it.
func TestTileMapGolden(t *testing.T) {
	p := mapFixture()
	var b strings.Builder
	for _, m := range []TileMap{AwardsMap(p, links{}, "awards"), BandsMap(p, links{}, "bands")} {
		fmt.Fprintf(&b, "== %s\n", m.ID)
		b.WriteString(strings.ReplaceAll(string(m.Draw()), "><", ">\n<"))
		b.WriteString("\n")
		for i, c := range m.Classes {
			fmt.Fprintf(&b, "-- %d %q %d: %s\n", i, c.Label, m.Count(i), m.Swatch(i))
		}
		for _, o := range m.Off() {
			fmt.Fprintf(&b, "-- off the map: %s %s\n", o.URL, o.Label())
		}
	}
	checkGolden(t, "tilemap", b.String())
}

// TestMapContrast checks that the text colour of every map class meets
// WCAG AA (4.5:1) on its fill, in the light palette and the dark one:
// each custom property --X-fg in style.css against --X.
func TestMapContrast(t *testing.T) {
	css, err := os.ReadFile(filepath.Join("..", "..", "..", "static", "style.css"))
	if err != nil {
		t.Fatal(err)
	}
	light, dark := string(css), ""
	if i := strings.Index(light, "@media (prefers-color-scheme: dark)"); i >= 0 {
		light, dark = light[:i], light[i:]
		dark = dark[:strings.Index(dark, "\n}\n")]
	}
	decl := regexp.MustCompile(`(--[a-z0-9-]+):\s*(#[0-9a-fA-F]{6})\s*;`)
	vars := func(s string) map[string]string {
		m := map[string]string{}
		for _, d := range decl.FindAllStringSubmatch(s, -1) {
			m[d[1]] = d[2]
		}
		return m
	}
	lightVars := vars(light)
	checked := 0
	for scheme, vs := range map[string]map[string]string{"light": lightVars, "dark": vars(dark)} {
		for name, fg := range vs {
			base, ok := strings.CutSuffix(name, "-fg")
			if !ok || !strings.HasPrefix(name, "--map-") && !strings.HasPrefix(name, "--band-") {
				continue
			}
			bg, ok := vs[base]
			if !ok {
				t.Errorf("%s: %s has no %s", scheme, name, base)
				continue
			}
			checked++
			if r := contrast(fg, bg); r < 4.5 {
				t.Errorf("%s: %s %s on %s %s has contrast %.2f, want at least 4.5", scheme, name, fg, base, bg, r)
			}
		}
	}
	if checked < 14 {
		t.Errorf("checked %d colour pairs, want the 7 map classes in both schemes", checked)
	}
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func luminance(hex string) float64 {
	var c [3]float64
	for i := range c {
		v, _ := strconv.ParseUint(hex[1+2*i:3+2*i], 16, 8)
		s := float64(v) / 255
		if s <= 0.03928 {
			c[i] = s / 12.92
		} else {
			c[i] = math.Pow((s+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*c[0] + 0.7152*c[1] + 0.0722*c[2]
}
