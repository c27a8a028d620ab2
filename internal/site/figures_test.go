package site

import (
	"context"
	"math"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

// bundledData loads the bundled portal's data sets.
func bundledData(t testing.TB) *dataset.Data {
	t.Helper()
	data, errs := dataset.Load(context.Background(), os.DirFS("../.."), "data", dataset.Options{DisplayDir: "data", Limits: dataset.DefaultLimits})
	if errs.Err() != nil {
		t.Fatalf("loading the bundled data: %v", errs.Err())
	}
	return data
}

// TestBundledFigures pins the derived figures of the bundled data as of
// 2026-11-25. The expected values were computed independently of this
// code, from the CSV files, with a short Python script:
//
//   - a lot counts towards shares when its winner_id is a carrier (not
//     blank, not "redacted") and its capacity is a number;
//   - a share is capacity / total; HHI = sum of squared shares × 10,000,
//     rounded half up (rpdc-richmond is exactly 5,312.5: 62.5% and 37.5%);
//   - an agreement's status is the filed one, else expired (expires before
//     the date), pending (effective after), active (effective on or
//     before), else unknown; expiring soon = active and expiring within
//     0–90 days.
//
// If the data change, recompute them the same way rather than copying the
// code's output.
func TestBundledFigures(t *testing.T) {
	t.Parallel()
	p := model.New(bundledData(t), dataset.MustDate("2026-11-25"))
	near := func(got, want float64) bool { return math.Abs(got-want) < 0.005 }

	aw := p.Awarded
	if aw.Lots != 79 || aw.Awarded != 72 || aw.Sealed != 3 || aw.NoCapacity != 1 || aw.Disclosed != 68 {
		t.Errorf("lots = %d, awarded %d, sealed winner %d, capacity not public %d, counted %d; want 79, 72, 3, 1, 68",
			aw.Lots, aw.Awarded, aw.Sealed, aw.NoCapacity, aw.Disclosed)
	}
	if aw.Total != 958500 {
		t.Errorf("awarded capacity = %d parcels a day, want 958,500", aw.Total)
	}
	if aw.HHI != 1284 || aw.Band != model.Moderate {
		t.Errorf("overall HHI = %d (%s), want 1,284 (moderately concentrated)", aw.HHI, aw.Band)
	}
	top := []struct {
		id       string
		capacity int64
		percent  float64
	}{{"amazon", 279000, 29.11}, {"walmart", 121000, 12.62}, {"ontrac", 76000, 7.93}}
	for i, w := range top {
		if i >= len(aw.ByCarrier) {
			t.Fatalf("only %d carriers have shares", len(aw.ByCarrier))
		}
		s := aw.ByCarrier[i]
		if s.Key != w.id || s.Capacity != w.capacity || !near(s.Percent, w.percent) {
			t.Errorf("share #%d = %s %d (%.2f%%), want %s %d (%.2f%%)", i+1, s.Key, s.Capacity, s.Percent, w.id, w.capacity, w.percent)
		}
	}
	kinds := []struct {
		kind    string
		percent float64
	}{{"ecommerce-platform", 32.60}, {"national-retailer", 31.14}, {"regional-carrier", 29.58}, {"consolidator", 6.68}}
	if len(aw.ByKind) != len(kinds) {
		t.Errorf("%d kinds have shares, want %d", len(aw.ByKind), len(kinds))
	}
	for i, w := range kinds {
		if i < len(aw.ByKind) && (aw.ByKind[i].Key != w.kind || !near(aw.ByKind[i].Percent, w.percent)) {
			t.Errorf("kind share #%d = %s %.2f%%, want %s %.2f%%", i+1, aw.ByKind[i].Key, aw.ByKind[i].Percent, w.kind, w.percent)
		}
	}

	facilities := []struct {
		id    string
		total int64
		hhi   int
		band  model.Band
	}{
		{"rpdc-atlanta", 195000, 960, model.Unconcentrated},
		{"sdc-north-atlanta", 40000, 1475, model.Moderate},
		{"lpc-atlanta", 100000, 3130, model.High},
		{"rpdc-richmond", 48000, 5313, model.High},
		{"lpc-augusta", 12000, 10000, model.High},
	}
	for _, w := range facilities {
		f := p.Facility(dataset.Slug(w.id))
		if f == nil {
			t.Errorf("no facility %s", w.id)
			continue
		}
		c := f.Concentration
		if c.Total != w.total || c.HHI != w.hhi || c.Band != w.band {
			t.Errorf("%s: %d parcels a day, HHI %d (%s); want %d, %d (%s)", w.id, c.Total, c.HHI, c.Band, w.total, w.hhi, w.band)
		}
	}
	if b := model.Bands(p.Facilities); b != (model.BandCount{High: 18, Moderate: 1, Unconcentrated: 1, WithHHI: 20}) {
		t.Errorf("bands = %+v, want 18 high, 1 moderate, 1 unconcentrated of 20", b)
	}
	if most := model.MostConcentrated(p.Facilities, 3); len(most) != 3 || most[0].ID != "lpc-augusta" || most[1].ID != "sdc-bryan" || most[2].ID != "sdc-chula-vista" {
		t.Errorf("the three most concentrated facilities are %v, want lpc-augusta, sdc-bryan, sdc-chula-vista (HHI 10,000 each, by id)", most)
	}

	amazon := p.Carrier("amazon")
	if len(amazon.LotsWon) != 15 || amazon.CapacityWon != 279000 {
		t.Errorf("amazon won %d lots, %d parcels a day; want 15 and 279,000", len(amazon.LotsWon), amazon.CapacityWon)
	}
	if wins := amazon.Wins; len(wins) == 0 || wins[0].Facility.ID != "rpdc-phoenix" || wins[0].Capacity != 55000 || !near(wins[0].Share, 57.89) {
		t.Errorf("amazon's largest win by facility = %+v, want rpdc-phoenix, 55,000 parcels a day, 57.89%% of the facility", wins[0])
	}

	// UPS's renewed agreement is filed as active; Amazon's expired on
	// 2026-10-01; the 47 PRC filings have no public dates.
	if got := p.StatusCounts; got["active"] != 1 || got["expired"] != 1 || got["unknown"] != 47 || len(p.Agreements) != 49 {
		t.Errorf("agreement statuses = %v of %d, want 1 active, 1 expired, 47 unknown of 49", got, len(p.Agreements))
	}
	if len(p.ExpiringSoon) != 0 || p.SealedAgreements != 47 {
		t.Errorf("%d expiring soon and %d under seal, want 0 and 47", len(p.ExpiringSoon), p.SealedAgreements)
	}
}

// TestHomeShowsFigures checks that the home page of the bundled portal
// shows those figures with their dates and links to the rows behind them.
func TestHomeShowsFigures(t *testing.T) {
	t.Parallel()
	home := bundledPages(t)["index.html"]
	for _, want := range []string{
		`<span class="big">958,500</span> parcels a day`,
		`of 72 awarded lots (4 left out: 3 with the winner under seal, 1 with the capacity redacted)`,
		`>Amazon.com, Inc.</a></p>`, `29.1% of disclosed awarded capacity`,
		`<span class="big">32.6%</span> E-commerce platform`,
		`<span class="big">18</span> of 20 facilities`,
		`<span class="big">2</span> of 49 known`, `47 agreements have no public dates`,
		`<p class="value">None known</p>`,
		`As of <time datetime="2026-11-25">25 November 2026</time>`,
		`href="auctions/usps-last-mile-2026/#lots"`, `href="#overall-carrier-table"`, `href="#hhi-table"`, `href="#status-table"`,
		`Concentration (HHI): <strong>1,284 (moderately concentrated)</strong>`,
	} {
		if !strings.Contains(home, want) {
			t.Errorf("the home page does not contain %q", want)
		}
	}
}

// bundled is the bundled portal as of 2026-11-25, unminified, generated
// once for the tests that only read it (see bundledPages).
var bundled = sync.OnceValues(func() (map[string]string, error) {
	return generatePages(&Build{Src: "../..", FS: os.DirFS("../.."), AsOf: dataset.MustDate("2026-11-25"), Limits: dataset.DefaultLimits, NoMinify: true})
})

// bundledPages returns the files of bundled by path; the map is shared, so
// tests must not change it.
func bundledPages(t *testing.T) map[string]string {
	t.Helper()
	pages, err := bundled()
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return pages
}

// pagesOf generates the site b builds and returns its files' contents by
// path.
func pagesOf(t *testing.T, b *Build) map[string]string {
	t.Helper()
	pages, err := generatePages(b)
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	return pages
}

func generatePages(b *Build) (map[string]string, error) {
	files, _, err := b.Generate(context.Background())
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, f := range files {
		out[f.Path] = string(f.Data)
	}
	return out, nil
}
