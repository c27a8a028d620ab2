package render

import (
	"fmt"
	"html/template"
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/render/cells"
)

// TestPctAsFmt: Pct writes a percentage as fmt's %.1f%% would.
func TestPctAsFmt(t *testing.T) {
	for _, f := range []float64{0, math.Copysign(0, -1), 0.05, 0.15, 12.25, 33.333, 100, -2.5, math.Inf(1), math.NaN()} {
		if got, want := Pct(f), fmt.Sprintf("%.1f%%", f); got != want {
			t.Errorf("Pct(%v) = %q, fmt writes %q", f, got, want)
		}
	}
}

// TestDayHTMLWritesWhatTimeWrites compares DayHTML, which writes a date
// by hand, and dayOf with the time package's form of every day from 1899
// to 2101, and of dates outside the years written by hand.
func TestDayHTMLWritesWhatTimeWrites(t *testing.T) {
	t.Parallel()
	want := func(d dataset.Date) template.HTML {
		return template.HTML(`<time datetime="` + d.String() + `">` + d.Time().Format("2 Jan 2006") + `</time>`)
	}
	days := []dataset.Date{{Year: 999, Month: 12, Day: 31}, {Year: 10000, Month: 1, Day: 1}, {Year: 2026, Month: 2, Day: 30}, {Year: 2026, Month: 13, Day: 1}}
	for day := dataset.MustDate("1899-01-01").Time(); day.Year() < 2102; day = day.AddDate(0, 0, 1) {
		days = append(days, dataset.DateOf(day))
	}
	for _, d := range days {
		if got := DayHTML(d); got != want(d) {
			t.Errorf("DayHTML(%+v) = %s, want %s", d, got, want(d))
		}
		if got := dayOf(d); got.Show != want(d) || got.Sort != d.String() {
			t.Errorf("dayOf(%+v) = %+v, want %s sorted by %s", d, got, want(d), d.String())
		}
	}
	if got := dayOf(dataset.Date{}); got.Show != unknownHTML || got.Sort != "" {
		t.Errorf("dayOf of an unknown date = %+v, want not public, sorted first", got)
	}
}

// TestKindName names each carrier kind, given as a string, as a
// cell.CarrierKind or as another type that prints as one.
func TestKindName(t *testing.T) {
	t.Parallel()
	type printed string
	for _, tc := range []struct{ kind, want string }{
		{"ecommerce-platform", "E-commerce platform"},
		{"national-retailer", "National retailer"},
		{"regional-carrier", "Regional carrier"},
		{"national-carrier", "National carrier"},
		{"consolidator", "Consolidator"},
		{"", "Other"},
		{"Consolidator", "Other"},
	} {
		for _, k := range []any{tc.kind, dataset.CarrierKind(tc.kind), printed(tc.kind)} {
			if got := KindName(k); got != tc.want {
				t.Errorf("KindName(%T %q) = %q, want %q", k, tc.kind, got, tc.want)
			}
		}
	}
}

// TestDayOfKept holds the kept cells of a date to those made afresh, for
// dates at and past the ends of the kept centuries, days that do not
// exist, and from many goroutines at once.
func TestDayOfKept(t *testing.T) {
	var dates []dataset.Date
	for _, y := range []int{1, 999, 1899, 1900, 1901, 2024, 2099, 2100, 9999, 10000} {
		for _, m := range []time.Month{0, 1, 2, 4, 12, 13} {
			for _, d := range []int{-1, 0, 1, 28, 29, 30, 31, 32} {
				dates = append(dates, dataset.Date{Year: y, Month: m, Day: d})
			}
		}
	}
	dates = append(dates, dataset.Date{})
	fresh := func(d dataset.Date) cells.Day {
		if d.IsZero() {
			return cells.Day{Show: unknownHTML}
		}
		return makeDay(d)
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 2 {
				for _, d := range dates {
					if got, want := dayOf(d), fresh(d); got != want {
						t.Errorf("%+v: %+v, want %+v", d, got, want)
					}
					if got, want := DayHTML(d), fresh(d).Show; got != want {
						t.Errorf("DayHTML %+v: %q, want %q", d, got, want)
					}
				}
			}
		})
	}
	wg.Wait()
}

// TestPlainURLEveryByte holds plainURL's table to the bytes it names.
func TestPlainURLEveryByte(t *testing.T) {
	for c := range 256 {
		want := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || strings.IndexByte("-._~/#", byte(c)) >= 0
		if got := plainURL([]byte{'/', byte(c), 'x'}); got != want {
			t.Errorf("byte %#x: plain %t, want %t", c, got, want)
		}
	}
	if !plainURL(nil) || !plainURL([]byte("/portal/facilities/a-1/")) || plainURL([]byte("/a b/")) {
		t.Error("plainURL of whole addresses")
	}
}

// TestCachedLinksAsMade: the links kept for carriers, facilities and
// auctions are the ones made afresh, for the portal and base path they
// were made for; another text, base path or portal is not served from
// them.
func TestCachedLinksAsMade(t *testing.T) {
	env := smallPortal(t)
	check := func(what string) {
		t.Helper()
		if len(env.Portal.Carriers) == 0 || len(env.Portal.Auctions) == 0 {
			t.Fatal("the small portal has no carriers or auctions")
		}
		for _, k := range env.Portal.Carriers {
			for _, text := range []string{string(k.Name), "other <text>"} {
				got, err1 := env.anchor(k, text)
				want, err2 := env.makeAnchor(k, text)
				if got != want || err1 != nil || err2 != nil {
					t.Errorf("%s: carrier %s, %q: %q, want %q", what, k.ID, text, got, want)
				}
			}
			if got, want := env.winnerLink(k), env.carrierLink(k); got != want {
				t.Errorf("%s: winner %s: %q, want %q", what, k.ID, got, want)
			}
		}
		for _, a := range env.Portal.Auctions {
			got, _ := env.anchor(a, string(a.ID))
			if want, _ := env.makeAnchor(a, string(a.ID)); got != want {
				t.Errorf("%s: auction %s: %q, want %q", what, a.ID, got, want)
			}
		}
		for _, f := range env.Portal.Facilities {
			for _, text := range []string{string(f.Name), string(f.ID)} {
				got, _ := env.anchor(f, text)
				if want, _ := env.makeAnchor(f, text); got != want {
					t.Errorf("%s: facility %s, %q: %q, want %q", what, f.ID, text, got, want)
				}
			}
		}
	}
	check("at the root")
	k := env.Portal.Carriers[0]
	before, _ := env.anchor(k, string(k.Name))
	env.BasePath = "/portal/"
	check("under /portal/")
	if after, _ := env.anchor(k, string(k.Name)); after == before || !strings.Contains(string(after), `"/portal/carriers/`) {
		t.Errorf("after the base path changed: %q (before %q)", after, before)
	}
	if env.ForgetLinks(); env.links.Load() != nil {
		t.Error("ForgetLinks kept the links, and with them their portal")
	}
	env.Portal = smallPortal(t).Portal
	check("another portal")
	if env.cachedLinks().carriers[k].html != "" {
		t.Error("a carrier of the last portal is served from the new portal's links")
	}
}

func TestBarDisplay(t *testing.T) {
	for _, pct := range []float64{0, 0.04, 0.05, 12.345, 62.5, 99.95, 100, -1.25, math.NaN(), math.Inf(1), math.Copysign(0, -1)} {
		for _, capacity := range []int64{0, 7, 999, 1000, 1234567, -1234567, math.MaxInt64, math.MinInt64} {
			if got, want := barDisplay(pct, capacity), Pct(pct)+" ("+dataset.Group(capacity)+")"; got != want {
				t.Errorf("barDisplay(%v, %d) = %q, want %q", pct, capacity, got, want)
			}
		}
	}
}
