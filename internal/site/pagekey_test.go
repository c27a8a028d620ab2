package site

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/testkit"
)

// TestIncrementalBuildEqualsColdBuild makes random one-row edits to the
// CSV files (a cell changed, two rows' cells swapped, a row deleted) and
// markdown files, rebuilding after each, and checks that every rebuild,
// which skips the pages whose keys did not change, leaves exactly the
// tree a cold build of the same input writes. It is the test of the page
// keys: a page that depends on something its key leaves out shows up as
// a file that differs. PORTAL_KEY_EDITS sets how many random edits
// (default 40); targeted edits follow, on the bundled portal and on a
// generated corpus.
func TestIncrementalBuildEqualsColdBuild(t *testing.T) {
	t.Parallel()
	edits := 40
	if n, err := strconv.Atoi(os.Getenv("PORTAL_KEY_EDITS")); err == nil {
		edits = n
	}
	t.Run("bundled", func(t *testing.T) {
		t.Parallel()
		testkit.Long(t, fmt.Sprintf("%d random edits, each with an incremental and a cold build", edits))
		src := testkit.Bundled(t)
		editAndCompare(t, src, edits, 1)
	})
	// Edits whose effect reaches the pages of other objects: a winner's
	// name on a facility's lots, a facility's concentration on the pages
	// of every carrier that won there, an auction's title on its
	// participants' pages, a lot's place in its auction in links to it.
	t.Run("targeted", func(t *testing.T) {
		t.Parallel()
		testkit.Long(t, "about 30 edits, each with an incremental and a cold build")
		src := testkit.Bundled(t)
		r := newRebuilder(t, src)
		for _, e := range []struct{ file, col, how string }{
			{"carriers", "name", "append"},
			{"carriers", "kind", "swap"},
			{"auctions", "title", "append"},
			{"facilities", "name", "append"},
			{"facilities", "city", "append"},
			{"facilities", "state", "swap"},
			{"facilities", "type", "swap"},
			{"auction_results", "capacity_parcels_per_day", "add"},
			{"auction_results", "winner_id", "swap"},
			{"auction_results", "facility_id", "swap"},
			{"auction_results", "", "delete"},
			{"agreements", "shipper_id", "swap"},
			{"agreements", "expires", "swap"},
			{"participation", "lots_bid", "add"},
		} {
			what := editCell(t, filepath.Join(src, "data", e.file+".csv"), e.col, e.how)
			if !r.check(what) {
				t.Errorf("%s: made the data invalid; pick another edit", what)
			}
		}
		// The maps: a lot moved to a facility in a state without awards
		// gives that state awarded capacity (home) and a concentration
		// band (the states list). Every state is on the list's first
		// page, so no edit can reach the map alone.
		if len(dataset.USStates) > model.PerPage {
			t.Fatalf("%d state codes may run past the states list's first page: add an edit of a state past it", len(dataset.USStates))
		}
		before := portalOf(t, src)
		var bare *model.State
		for _, s := range before.States {
			if s.TopBand == "" && s.Concentration.Total == 0 {
				bare = s
				break
			}
		}
		if bare == nil {
			t.Fatal("the bundled portal has no state without awards")
		}
		what := editCSV(t, filepath.Join(src, "data", "auction_results.csv"), func(all *[][]string) string {
			c := slices.Index((*all)[0], "facility_id")
			(*all)[1][c] = string(bare.Facilities[0].ID)
			return "the first lot moved to " + bare.Code
		})
		if after := portalOf(t, src).State(bare.Slug); after.TopBand == "" || after.Concentration.Total == 0 {
			t.Fatalf("%s: %s has band %q and %d parcels a day: the edit does not reach the maps", what, bare.Code, after.TopBand, after.Concentration.Total)
		}
		r.check(what)
		// What every page depends on: the data set notes, the templates,
		// the as-of date, the standalone pages of the footer. A page that
		// becomes a static file turns a folder of the output into a file.
		replace := func(name, old, new string) {
			t.Helper()
			p := filepath.Join(src, name)
			data, err := os.ReadFile(p)
			if err != nil || !strings.Contains(string(data), old) {
				t.Fatalf("%s: %v, or no %q in it", name, err, old)
			}
			if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, new, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		replace("data/datasets.yaml", "title: Carriers and shippers", "title: Carriers and their shippers")
		r.check("data set title changed")
		replace("templates/agreement.html", "All agreements and auction wins of", "Every agreement and auction win of")
		r.check("agreement template changed")
		r.b.AsOf = dataset.MustDate("2027-01-05")
		r.check("as-of date moved")
		about, err := os.ReadFile(filepath.Join(src, "content", "about.md"))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.Remove(filepath.Join(src, "content", "about.md")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, "static", "about"), []byte("a file where a folder was"), 0o644); err != nil {
			t.Fatal(err)
		}
		r.check("the about page became a static file")
		if err := os.Remove(filepath.Join(src, "static", "about")); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(src, "content", "about.md"), about, 0o644); err != nil {
			t.Fatal(err)
		}
		r.check("and a page again")
		// An update's about: list decides which entity pages (and JSON
		// twins) list it; its byline and correction date show on its page
		// and in the feed; its title shows on the pages it is about.
		talks := "content/updates/amazon-usps-talks-end.md"
		replace(talks, "  - carriers/amazon\n", "  - carriers/ups\n")
		r.check("an update moved from one carrier to another")
		replace(talks, "about:\n", "author: [Ana Díaz]\nlastmod: 2026-01-02\nabout:\n  - states/va\n  - auctions/usps-last-mile-2026\n")
		r.check("an update got an author, a correction date, a state and an auction")
		replace(talks, "lastmod: 2026-01-02", "lastmod: 2026-02-03")
		r.check("an update's correction date moved")
		replace(talks, "title: Amazon and USPS talks", "title: Amazon and Postal Service talks")
		r.check("an update about entities retitled")
		replace(talks, "date: 2025-12-05", "date: 2026-01-21")
		r.check("an update's date moved past another's about the same auction")
		replace("content/methodology.md", "---\n", "---\nauthor: Bo Li\n")
		r.check("a page got a byline")
		r.skippedEnough()
	})
	// A commit adds a release: its pages, the changes list and feed, and
	// the pages whose history gained a line change; nothing else does.
	t.Run("releases", func(t *testing.T) {
		t.Parallel()
		src, _, commit := gitPortal(t)
		r := newRebuilder(t, src)
		r.b.Releases = 100
		commit("2026-03-01")
		r.check("history read")
		editFile(t, src, "data/agreements.csv", "\npm-ga-contract-536,redacted,", "\npm-ga-contract-536,ups,")
		r.check("a customer unsealed, not committed")
		commit("2026-03-02")
		r.check("a customer unsealed, committed")
		editFile(t, src, "data/carriers.csv", "\nfedex,FedEx Corporation,", "\nfedex,FedEx Corp.,")
		commit("2026-03-02") // the same day: the day's release changes
		r.check("a second commit of the day")
		commit("2026-03-03") // a commit that leaves data/ as it was: no new release
		r.check("a commit of no data")
		r.skippedEnough()
	})
	// The generated corpus has auctions of thousands of lots, whose
	// tables continue on further pages: deleting a lot moves every later
	// lot, and the links to it, by one place.
	t.Run("corpus", func(t *testing.T) {
		t.Parallel()
		testkit.Long(t, "builds a 3,500-page corpus several times")
		if testing.Short() {
			t.Skip("builds a 3,500-page corpus several times; runs without -short")
		}
		src := testkit.Corpus(t, 1, 7)
		r := newRebuilder(t, src)
		for _, e := range []struct{ col, how string }{{"", "delete"}, {"winner_id", "swap"}} {
			if what := editCell(t, filepath.Join(src, "data", "auction_results.csv"), e.col, e.how); !r.check(what) {
				t.Errorf("%s: made the data invalid; pick another edit", what)
			}
		}
		// List pages quote the portal's totals above their rows, and the
		// first facilities page charts facilities listed on later ones.
		p := portalOf(t, src)
		var active *model.Agreement
		for _, a := range p.Agreements[model.PerPage:] {
			if a.Status == "active" && a.EstRevenue.State == dataset.Known {
				active = a
				break
			}
		}
		var charted *model.Facility
		for _, f := range model.MostConcentrated(p.Facilities, 50) {
			if slices.Index(p.Facilities, f) >= model.PerPage {
				charted = f
				break
			}
		}
		// A carrier's wins table, past its first page, shows each
		// facility's state: two links from the carrier.
		var won *model.Facility
		for _, c := range p.Carriers {
			if len(c.Wins) > model.PerPage && c.Wins[model.PerPage].Facility.State != nil {
				won = c.Wins[model.PerPage].Facility
				break
			}
		}
		if active == nil || charted == nil || won == nil {
			t.Fatalf("the corpus has no active agreement past the first list page (%v), no charted facility past it (%v), or no carrier with more than a page of wins (%v)", active, charted, won)
		}
		for _, e := range []struct{ file, id, col, how string }{
			{"agreements", string(active.ID), "est_annual_revenue_usd", "add"},
			{"facilities", string(charted.ID), "name", "append"},
			{"facilities", string(won.ID), "state", "swap"},
		} {
			if what := editCellOf(t, filepath.Join(src, "data", e.file+".csv"), e.id, e.col, e.how); !r.check(what) {
				t.Errorf("%s: made the data invalid; pick another edit", what)
			}
		}
		r.skippedEnough()
	})
}

// rebuilder rebuilds one output after each edit of its source and
// compares it with a cold build of the same source.
type rebuilder struct {
	t          *testing.T
	b          *Build
	built      int // rebuilds that succeeded
	reusedMost int // of them, those that did not render most files again
	// changed lists the files whose bytes the last rebuild changed, and
	// plan is its pages.
	changed []string
	plan    []*pages.Page
}

// newRebuilder makes the first build of src. participation.csv's lots and
// capacity won must agree with the auction results; blank (unknown) they
// do not, so that edits to who won what, where most derived figures come
// from, stay valid.
func newRebuilder(t *testing.T, src string) *rebuilder {
	blankColumns(t, filepath.Join(src, "data", "participation.csv"), "lots_won", "capacity_won_parcels_per_day")
	b := &Build{Src: src, Out: filepath.Join(t.TempDir(), "public"), AsOf: dataset.MustDate("2026-11-25")}
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatal(err)
	}
	return &rebuilder{t: t, b: b}
}

// check rebuilds after an edit. A rebuild that fails must fail like a
// cold build and leave the output as it was; then check returns false.
// One that succeeds must leave the tree a cold build writes, rewriting
// only files whose bytes changed.
func (r *rebuilder) check(what string) bool {
	t, b := r.t, r.b
	t.Helper()
	time.Sleep(10 * time.Millisecond) // so that a rewrite shows in the mtimes
	before, mtimes := snapshot(t, b.Out)
	res, err := b.Run(context.Background())
	cold := filepath.Join(t.TempDir(), "cold")
	_, coldErr := (&Build{Src: b.Src, Out: cold, AsOf: b.AsOf, Releases: b.Releases}).Run(context.Background())
	if (err == nil) != (coldErr == nil) {
		t.Fatalf("%s: rebuild error %v, cold build error %v", what, err, coldErr)
	}
	if err != nil {
		if !errors.Is(err, ErrInput) {
			t.Fatalf("%s: %v", what, err)
		}
		t.Logf("%s: invalid: %.200s", what, err)
		if now, _ := snapshot(t, b.Out); !maps2Equal(before, now) {
			t.Fatalf("%s: a failed build changed the output", what)
		}
		return false
	}
	r.built++
	after, times := snapshot(t, b.Out)
	want, _ := snapshot(t, cold)
	var diffs []string
	for p, data := range want {
		if after[p] != data {
			diffs = append(diffs, p)
		}
	}
	for p := range after {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, p+" (not in the cold build)")
		}
	}
	slices.Sort(diffs)
	if len(diffs) > 0 {
		t.Fatalf("%s: after the rebuild these files differ from a cold build:\n%s", what, strings.Join(diffs[:min(20, len(diffs))], "\n"))
	}
	// Run lets its plan go before it writes the manifest: the pages are
	// those of a build of the same source in memory.
	plan, err := (&Build{Src: b.Src, AsOf: b.AsOf, Releases: b.Releases}).generate(context.Background(), func(string, []byte) error { return nil })
	if err != nil || len(plan.plan) == 0 {
		t.Fatalf("%s: the build in memory planned %d pages: %v", what, len(plan.plan), err)
	}
	r.changed, r.plan = r.changed[:0], plan.plan
	for p, data := range after {
		if before[p] != data {
			r.changed = append(r.changed, p)
		}
		if before[p] == data && !times[p].Equal(mtimes[p]) {
			t.Errorf("%s: %s was rewritten with the same bytes", what, p)
		}
	}
	if res.Reused > res.Files/2 {
		r.reusedMost++
	}
	t.Logf("%s: %d files written, %d not rendered again", what, res.Stats.Written, res.Reused)
	return true
}

// skippedEnough fails the test when most rebuilds rendered most pages
// again: the keys would then be too coarse to be tested by it.
func (r *rebuilder) skippedEnough() {
	r.t.Logf("%d rebuilds, %d of them reused most files", r.built, r.reusedMost)
	if r.built == 0 || r.reusedMost < r.built/2 {
		r.t.Errorf("%d of %d rebuilds reused most files: the page keys skip too little to be tested", r.reusedMost, r.built)
	}
}

func editAndCompare(t *testing.T, src string, edits int, seed uint64) {
	rng := rand.New(rand.NewPCG(seed, 42))
	r := newRebuilder(t, src)
	for i := range edits {
		undo, what := randomEdit(t, rng, src)
		if what == "" {
			continue
		}
		if !r.check(fmt.Sprintf("edit %d (%s)", i, what)) {
			undo() // the edit made the data invalid
		}
	}
	r.skippedEnough()
}

func maps2Equal(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// randomEdit changes one row of one CSV file under src/data, or the text
// of one markdown file, and returns how to undo it and what it did.
func randomEdit(t *testing.T, rng *rand.Rand, src string) (undo func(), what string) {
	t.Helper()
	if rng.IntN(6) == 0 {
		return editMarkdown(t, rng, src)
	}
	names, _ := filepath.Glob(filepath.Join(src, "data", "*.csv"))
	slices.Sort(names)
	name := names[rng.IntN(len(names))]
	if rng.IntN(2) == 0 {
		// Most derived figures (shares, concentration, wins) come from
		// the auction results: edit them more often.
		name = filepath.Join(src, "data", "auction_results.csv")
	}
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	undo = func() {
		if err := os.WriteFile(name, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	r := csv.NewReader(strings.NewReader(string(raw)))
	r.FieldsPerRecord = -1
	recs, err := r.ReadAll()
	if err != nil || len(recs) < 2 {
		t.Fatalf("%s: %v (%d records)", name, err, len(recs))
	}
	base := filepath.Base(name)
	// Try a few edits until one changes something: swapping two equal
	// cells or blanking a blank one would make an up-to-date rebuild.
	for range 20 {
		row := 1 + rng.IntN(len(recs)-1)
		col := rng.IntN(len(recs[0]))
		other := 1 + rng.IntN(len(recs)-1)
		v := recs[row][col]
		op := rng.IntN(4)
		switch {
		case op == 3: // a row deleted
			what = fmt.Sprintf("%s row %d deleted (%s)", base, row, strings.Join(recs[row][:min(2, len(recs[row]))], ","))
			recs = slices.Delete(recs, row, row+1)
		case op != 0 && recs[other][col] != v: // two rows swap one cell: the values stay plausible
			recs[row][col], recs[other][col] = recs[other][col], v
			what = fmt.Sprintf("%s rows %d and %d swap %s", base, row, other, recs[0][col])
		case op == 0 && v != "": // a number a little bigger, a text a little longer, or blank
			if n, err := strconv.ParseFloat(v, 64); err == nil {
				recs[row][col] = strconv.FormatFloat(n+float64(1+rng.IntN(5000)), 'f', -1, 64)
			} else if v != "redacted" && !strings.Contains(recs[0][col], "id") {
				recs[row][col] = v + " x"
			} else {
				recs[row][col] = ""
			}
			what = fmt.Sprintf("%s row %d: %s %q → %q", base, row, recs[0][col], v, recs[row][col])
		default:
			continue
		}
		break
	}
	if what == "" {
		return undo, "" // nothing found to change; the caller skips it
	}
	writeCSV(t, name, recs)
	return undo, what
}

// editMarkdown appends a sentence to, or retitles, one markdown file.
func editMarkdown(t *testing.T, rng *rand.Rand, src string) (func(), string) {
	var files []string
	_ = filepath.WalkDir(filepath.Join(src, "content"), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && strings.HasSuffix(p, ".md") {
			files = append(files, p)
		}
		return nil
	})
	slices.Sort(files)
	name := files[rng.IntN(len(files))]
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	undo := func() { _ = os.WriteFile(name, raw, 0o644) }
	text := string(raw)
	what := "appended a sentence to " + filepath.Base(name)
	if rng.IntN(2) == 0 && strings.Contains(text, "\ntitle: ") {
		text = strings.Replace(text, "\ntitle: ", "\ntitle: New ", 1)
		what = "retitled " + filepath.Base(name)
	} else {
		text += fmt.Sprintf("\nOne more sentence, number %d.\n", rng.IntN(1000))
	}
	if err := os.WriteFile(name, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return undo, what
}

// blankColumns empties the named columns of a CSV file.
func blankColumns(t *testing.T, name string, cols ...string) {
	t.Helper()
	editCSV(t, name, func(all *[][]string) string {
		recs := *all
		for i, h := range recs[0] {
			if slices.Contains(cols, h) {
				for _, r := range recs[1:] {
					r[i] = ""
				}
			}
		}
		return "blanked " + strings.Join(cols, ", ")
	})
}

// editCSV rewrites a CSV file through edit, which returns what it did.
func editCSV(t *testing.T, name string, edit func(recs *[][]string) string) string {
	t.Helper()
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(strings.NewReader(string(raw))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	what := edit(&recs)
	writeCSV(t, name, recs)
	return filepath.Base(name) + ": " + what
}

// writeCSV writes records to a CSV file.
func writeCSV(t *testing.T, name string, recs [][]string) {
	t.Helper()
	var sb strings.Builder
	w := csv.NewWriter(&sb)
	if err := w.WriteAll(recs); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(sb.String()), 0o644); err != nil {
		t.Fatal(err)
	}
}

// editCell changes column col of the first data row: "append" adds to its
// text, "add" to its number, "swap" exchanges it with the next row that
// holds another value; "delete" deletes the row.
func editCell(t *testing.T, name, col, how string) string {
	t.Helper()
	return editCellOf(t, name, "", col, how)
}

// editCellOf is editCell on the row whose id is id ("" for the first).
func editCellOf(t *testing.T, name, id, col, how string) string {
	t.Helper()
	return editCSV(t, name, func(all *[][]string) string {
		recs := *all
		i := 1
		if id != "" {
			i = slices.IndexFunc(recs, func(r []string) bool { return r[0] == id })
			if i < 1 {
				t.Fatalf("%s has no row %q", name, id)
			}
		}
		if how == "delete" {
			*all = slices.Delete(*all, i, i+1)
			return fmt.Sprintf("row %d deleted", i)
		}
		c := slices.Index(recs[0], col)
		if c < 0 || len(recs) < 2 {
			t.Fatalf("%s has no column %q or no rows", name, col)
		}
		row := recs[i]
		recs[1], recs[i] = recs[i], recs[1] // swap looks at the rows after it
		defer func() { recs[1], recs[i] = recs[i], recs[1] }()
		switch how {
		case "append":
			row[c] += " Renamed"
		case "add":
			n, err := strconv.ParseFloat(row[c], 64)
			if err != nil {
				t.Fatalf("%s %s: %v", name, col, err)
			}
			row[c] = strconv.FormatFloat(n+1000, 'f', -1, 64)
		case "swap":
			for _, other := range recs[2:] {
				if other[c] != row[c] {
					row[c], other[c] = other[c], row[c]
					return fmt.Sprintf("%s of row %d swapped with another's", col, i)
				}
			}
			t.Fatalf("%s: no row with another %s", name, col)
		}
		return fmt.Sprintf("%s of row %d: %s", col, i, how)
	})
}

// portalOf loads the data under src into the model, as of the date the
// rebuilder builds at.
func portalOf(t *testing.T, src string) *model.Portal {
	t.Helper()
	d, errs := dataset.Load(context.Background(), os.DirFS(src), "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatal(errs)
	}
	return model.New(d, dataset.MustDate("2026-11-25"))
}

// TestEveryColumnReachesItsPages swaps the first row's cell with another
// row's in every column of every data set, one at a time, and after each
// checks that the rebuild, which makes again only the outputs whose keys
// changed, writes what a cold build writes. With a markdown edit, the
// edits must change the files of every kind of output that has a key
// (pages.Kinds): for each kind, a change to what it shows is shown to
// change its key. A column whose rows all hold one value has " x"
// appended to its first cell instead. The quick tier edits the columns
// of quickColumns; PORTAL_TEST_LONG=1 edits them all.
func TestEveryColumnReachesItsPages(t *testing.T) {
	t.Parallel()
	src := testkit.Bundled(t)
	r := newRebuilder(t, src)
	reached := map[string]bool{}
	for _, set := range dataset.Names {
		file := filepath.Join(src, "data", set+".csv")
		cols := csvHeader(t, file)
		if os.Getenv(testkit.LongEnv) != "1" {
			cols = quickColumns[set]
		}
		for _, col := range cols {
			what, undo := swapCell(t, file, col)
			if undo == nil {
				what, undo = appendCell(t, file, col)
			}
			if !r.check(set + ": " + what) {
				undo() // the swap made the data invalid
				continue
			}
			for k := range kindsOf(r.changed, r.plan) {
				reached[k] = true
			}
		}
	}
	for _, e := range []struct{ file, old, new string }{
		{"about.md", "\n---\n", "\n---\nOne more sentence.\n"},
		{"updates/amazon-usps-talks-end.md", "title: Amazon and USPS", "title: Amazon and the USPS"},
	} {
		p := filepath.Join(src, "content", e.file)
		data, err := os.ReadFile(p)
		if err != nil || !strings.Contains(string(data), e.old) {
			t.Fatalf("%s: %v, or no %q in it", e.file, err, e.old)
		}
		if err := os.WriteFile(p, []byte(strings.Replace(string(data), e.old, e.new, 1)), 0o644); err != nil {
			t.Fatal(err)
		}
		r.check(e.file + " edited")
		for k := range kindsOf(r.changed, r.plan) {
			reached[k] = true
		}
	}
	present := kindsOf(nil, r.plan)
	for _, k := range pages.Kinds {
		if k.Key != pages.Always && present[k.Name] && !reached[k.Name] {
			t.Errorf("no edit changed a %s output: add one that reaches it", k.Name)
		}
	}
}

// quickColumns are the columns the quick tier edits: enough to reach
// every kind of output.
var quickColumns = map[string][]string{
	"carriers":        {"id", "name"},
	"facilities":      {"name", "state"},
	"agreements":      {"id", "shipper_id"},
	"auctions":        {"title"},
	"auction_results": {"winner_id"},
	"participation":   {"carrier_id"},
}

// kindsOf names the kinds of output of files: a page's kind, or twin,
// download, facet-download. With no files, it names the kinds present.
func kindsOf(files []string, plan []*pages.Page) map[string]bool {
	byFile := map[string]string{}
	for _, p := range plan {
		byFile[pages.OutPath(p.URL)] = p.Kind
		if p.JSON != "" {
			byFile[strings.TrimPrefix(p.JSON, "/")] = "twin"
		}
		if p.Facet != nil {
			byFile[strings.TrimPrefix(p.Facet.CSV, "/")] = "facet-download"
		}
	}
	for _, set := range dataset.Names {
		byFile["data/"+set+".csv"], byFile["data/"+set+".json"] = "download", "download-json"
	}
	out := map[string]bool{}
	if files == nil {
		for _, k := range byFile {
			out[k] = true
		}
	}
	for _, f := range files {
		if k, ok := byFile[f]; ok {
			out[k] = true
		}
	}
	return out
}

// appendCell appends " x" to column col of the first data row, and
// returns how to take it off again.
func appendCell(t *testing.T, name, col string) (what string, undo func()) {
	t.Helper()
	edit := func(suffix bool) func(all *[][]string) string {
		return func(all *[][]string) string {
			c := slices.Index((*all)[0], col)
			if suffix {
				(*all)[1][c] += " x"
			} else {
				(*all)[1][c] = strings.TrimSuffix((*all)[1][c], " x")
			}
			return col + " of row 1 appended to"
		}
	}
	return editCSV(t, name, edit(true)), func() { editCSV(t, name, edit(false)) }
}

func csvHeader(t *testing.T, name string) []string {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	h, err := csv.NewReader(f).Read()
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// swapCell exchanges column col of the first data row with the next row
// that holds another value, and returns how to swap them back; undo is
// nil when every row holds the same value.
func swapCell(t *testing.T, name, col string) (what string, undo func()) {
	t.Helper()
	row := 0
	swap := func(all *[][]string) string {
		recs := *all
		c := slices.Index(recs[0], col)
		for i := 2; i < len(recs) && row == 0; i++ {
			if recs[i][c] != recs[1][c] {
				row = i
			}
		}
		if row != 0 {
			recs[1][c], recs[row][c] = recs[row][c], recs[1][c]
		}
		return fmt.Sprintf("%s of rows 1 and %d swapped", col, row)
	}
	what = editCSV(t, name, swap)
	if row == 0 {
		return "", nil
	}
	return what, func() { editCSV(t, name, swap) }
}
