package dataset_test

import (
	"context"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

const carrierColumns = "columns: id,name,kind,parent,hq_state,website,source"

// carrierSchema ends the message about an unknown column of carriers.csv.
const carrierSchema = "; columns are defined in internal/dataset/rows.go (type Carrier): add a field there to add one"

func TestLoadValidFixture(t *testing.T) {
	t.Parallel()
	d, errs := load(dataFS(nil), dataset.Limits{})
	checkMessages(t, "Load(valid fixture)", errs, nil)
	if got := len(d.Carriers.Rows); got != 4 {
		t.Errorf("len(Carriers.Rows) = %d, want 4", got)
	}
	if got := d.Carriers.Rows[0]; got.ID != "amazon" || got.Name != "Amazon.com, Inc." || got.Kind != "ecommerce-platform" || got.HQState != "WA" {
		t.Errorf("Carriers.Rows[0] = %+v, want amazon, \"Amazon.com, Inc.\", ecommerce-platform, WA", got)
	}
	if got := d.Carriers.Rows[3].Parent; got != "ontrac" {
		t.Errorf("Carriers.Rows[3].Parent = %q, want ontrac", got)
	}
	if got := d.Facilities.Rows[1].Capacity; got != (dataset.Count{Known: true, N: 250000}) {
		t.Errorf("Facilities.Rows[1].Capacity = %+v, want 250000", got)
	}
	if got := d.Facilities.Rows[0].Capacity; got.Known {
		t.Errorf("Facilities.Rows[0].Capacity = %+v, want unknown (blank)", got)
	}
	// A sealed customer and sealed figures are accepted and kept apart from blanks.
	sealed := d.Agreements.Rows[1]
	if sealed.ShipperID != (dataset.Ref{State: dataset.Redacted}) || sealed.MinAnnual.State != dataset.Redacted || sealed.EstRevenue.State != dataset.Redacted {
		t.Errorf("Agreements.Rows[1] shipper, volume, revenue = %v, %v, %v, want all redacted", sealed.ShipperID.State, sealed.MinAnnual.State, sealed.EstRevenue.State)
	}
	if got := sealed.Effective; !got.IsZero() {
		t.Errorf("Agreements.Rows[1].Effective = %v, want unknown (blank)", got)
	}
	if got := d.Agreements.Rows[0].EstRevenue; got != (dataset.Money{State: dataset.Known, Cents: 600_000_000_000}) {
		t.Errorf("Agreements.Rows[0].EstRevenue = %+v, want 6000000000.00", got)
	}
	// A sealed winner needs no participation row.
	if got := d.Results.Rows[3].WinnerID; got != (dataset.Ref{State: dataset.Redacted}) {
		t.Errorf("Results.Rows[3].WinnerID = %+v, want redacted", got)
	}
	if got := d.Results.Rows[2].WinnerID; got != (dataset.Ref{}) {
		t.Errorf("Results.Rows[2].WinnerID = %+v, want blank (not awarded)", got)
	}
	if got := d.Manifest.Get("auctions"); got.Title != "Auctions" || !got.Illustrative || got.Updated != dataset.MustDate("2026-01-31") {
		t.Errorf("Manifest.Get(auctions) = %+v, want title Auctions, illustrative, updated 2026-01-31", got)
	}
	if got := d.Manifest.Get("facilities").SourceURL; got != "https://about.usps.com/" {
		t.Errorf("Manifest.Get(facilities).SourceURL = %q, want https://about.usps.com/", got)
	}
	if got, want := d.Carriers.Pos(3, "parent").String(), "data/carriers.csv:5:38"; got != want {
		t.Errorf("Carriers.Pos(3, parent) = %s, want %s", got, want)
	}
	// A build lets go of the positions once its messages are made: they
	// then name the file alone, and the rows stay.
	d.ForgetPositions()
	if got, want := d.Carriers.Pos(3, "parent").String(), "data/carriers.csv"; got != want {
		t.Errorf("after ForgetPositions, Carriers.Pos(3, parent) = %s, want %s", got, want)
	}
	if got := d.Results.Line(2); got != 0 {
		t.Errorf("after ForgetPositions, Results.Line(2) = %d, want 0", got)
	}
	if got := d.Carriers.Rows[3].Parent; got != "ontrac" {
		t.Errorf("after ForgetPositions, Carriers.Rows[3].Parent = %q, want ontrac", got)
	}
	(&dataset.Data{}).ForgetPositions() // tables not loaded: nothing to forget
}

// Each case replaces one file of the valid fixture. Messages are exactly
// what `portal check` prints, sorted by position.
func TestLoadShape(t *testing.T) {
	t.Parallel()
	carriers := validFiles["carriers.csv"]
	tests := []struct {
		name    string
		file    string // in data/
		content string
		want    []string
	}{
		{
			name:    "empty file",
			file:    "carriers.csv",
			content: "",
			want:    []string{"data/carriers.csv:1: file is empty: want a header row (" + carrierColumns + ")"},
		},
		{
			name:    "blank lines only",
			file:    "carriers.csv",
			content: "\n \r\n\n",
			want:    []string{"data/carriers.csv:1: file is empty: want a header row (" + carrierColumns + ")"},
		},
		{
			name:    "a byte order mark and nothing else",
			file:    "carriers.csv",
			content: "\ufeff",
			want:    []string{"data/carriers.csv:1: file is empty: want a header row (" + carrierColumns + ")"},
		},
		{
			name:    "a leading byte order mark is accepted",
			file:    "carriers.csv",
			content: "\ufeff" + carriers,
		},
		{
			name:    "CRLF line endings are accepted",
			file:    "carriers.csv",
			content: strings.ReplaceAll(carriers, "\n", "\r\n"),
		},
		{
			name:    "a header-only file is valid",
			file:    "agreements.csv",
			content: strings.SplitAfter(validFiles["agreements.csv"], "\n")[0],
		},
		{
			name:    "a header-only file without a final newline is valid",
			file:    "agreements.csv",
			content: strings.TrimSuffix(strings.SplitAfter(validFiles["agreements.csv"], "\n")[0], "\n"),
		},
		{
			name:    "optional columns may be left out",
			file:    "carriers.csv",
			content: "id,name,kind\namazon,Amazon,ecommerce-platform\nups,UPS,national-carrier\nontrac,OnTrac,regional-carrier\nlasership,LaserShip,regional-carrier\n",
		},
		{
			name:    "columns in another order",
			file:    "carriers.csv",
			content: "kind,name,id\necommerce-platform,Amazon,amazon\nnational-carrier,UPS,ups\nregional-carrier,OnTrac,ontrac\nregional-carrier,LaserShip,lasership\n",
		},
		{
			name:    "unknown column, with a likely fix",
			file:    "carriers.csv",
			content: strings.Replace(carriers, ",website,", ",web_site,", 1),
			want:    []string{`data/carriers.csv:1:30: unknown column "web_site" (did you mean "website"?); ` + carrierColumns + carrierSchema},
		},
		{
			name:    "unknown column, nothing close",
			file:    "carriers.csv",
			content: "id,name,kind,ticker\namazon,Amazon,ecommerce-platform,AMZN\n",
			want:    []string{`data/carriers.csv:1:14: unknown column "ticker"; ` + carrierColumns + carrierSchema},
		},
		{
			// Spreadsheet exports write "name " for name: read as name,
			// with one warning for the file.
			name:    "spaces around column names are ignored, with one warning",
			file:    "carriers.csv",
			content: strings.Replace(carriers, "id,name,kind,", "id, name ,kind  ,", 1),
			want:    []string{`data/carriers.csv:1:4: warning: spaces around column names ignored: " name " read as "name", "kind  " read as "kind"`},
		},
		{
			name:    "after a trimmed column name, later fields keep their columns",
			file:    "carriers.csv",
			content: strings.Replace(strings.Replace(carriers, "id,name,kind,", "id,  name,kind,", 1), ",GA,", ",Georgia,", 1),
			want: []string{
				`data/carriers.csv:1:4: warning: spaces around column names ignored: "  name" read as "name"`,
				`data/carriers.csv:3:53: hq_state: "Georgia" is not a US state or territory code: want two capital letters like VA`,
			},
		},
		{
			name:    "after a trimmed column name, later column names keep their columns",
			file:    "carriers.csv",
			content: "id,  name,kind,ticker\namazon,Amazon,ecommerce-platform,AMZN\n",
			want: []string{
				`data/carriers.csv:1:4: warning: spaces around column names ignored: "  name" read as "name"`,
				`data/carriers.csv:1:16: unknown column "ticker"; ` + carrierColumns + carrierSchema,
			},
		},
		{
			name:    "a quoted column name with spaces inside the quotes",
			file:    "carriers.csv",
			content: strings.Replace(carriers, "id,name,kind,", `id," name",kind,`, 1),
			want:    []string{`data/carriers.csv:1:4: warning: spaces around column names ignored: " name" read as "name"`},
		},
		{
			name:    "a column name that is a duplicate once trimmed",
			file:    "carriers.csv",
			content: "id,name,kind,name \namazon,Amazon,ecommerce-platform,Amazon\n",
			want: []string{
				`data/carriers.csv:1:14: column "name" appears twice (first as column 2)`,
				`data/carriers.csv:1:14: warning: spaces around column names ignored: "name " read as "name"`,
			},
		},
		{
			name:    "columns after a byte order mark are 3 bytes further right",
			file:    "carriers.csv",
			content: "\ufeffid,nmae,kind\namazon,Amazon,ecommerce-platform\n",
			want: []string{
				`data/carriers.csv:1: missing required column "name"`,
				`data/carriers.csv:1:7: unknown column "nmae" (did you mean "name"?); ` + carrierColumns + carrierSchema,
			},
		},
		{
			name:    "a trimmed first column name after a byte order mark",
			file:    "carriers.csv",
			content: strings.Replace("\ufeff"+carriers, "id,", " id,", 1),
			want:    []string{`data/carriers.csv:1:4: warning: spaces around column names ignored: " id" read as "id"`},
		},
		{
			name:    "duplicate column",
			file:    "carriers.csv",
			content: "id,name,kind,parent,hq_state,website,name\namazon,Amazon,ecommerce-platform,,WA,,Amazon again\n",
			want:    []string{`data/carriers.csv:1:38: column "name" appears twice (first as column 2)`},
		},
		{
			name:    "missing required column",
			file:    "carriers.csv",
			content: "id,name,parent\namazon,Amazon,\n",
			want:    []string{`data/carriers.csv:1: missing required column "kind"`},
		},
		{
			name:    "row with a field too few",
			file:    "carriers.csv",
			content: strings.Replace(carriers, "ontrac,OnTrac,regional-carrier,,CA,,\n", "ontrac,OnTrac,regional-carrier,,CA,\n", 1),
			want:    []string{"data/carriers.csv:4: row has 6 fields, the header has 7: check for a missing or extra comma, or a comma inside an unquoted field"},
		},
		{
			name:    "row with an unquoted comma",
			file:    "carriers.csv",
			content: strings.Replace(carriers, `"United Parcel Service, Inc."`, `United Parcel Service, Inc.`, 1),
			want:    []string{"data/carriers.csv:3: row has 8 fields, the header has 7: check for a missing or extra comma, or a comma inside an unquoted field"},
		},
		{
			name:    "every short row is reported, not only the first",
			file:    "carriers.csv",
			content: "id,name,kind\namazon,Amazon\nups,UPS,national-carrier\nontrac\n",
			want: []string{
				"data/carriers.csv:2: row has 2 fields, the header has 3: check for a missing or extra comma, or a comma inside an unquoted field",
				"data/carriers.csv:4: row has 1 fields, the header has 3: check for a missing or extra comma, or a comma inside an unquoted field",
			},
		},
		{
			name:    "unterminated quote on the last row: the reader stops at the end of the file",
			file:    "carriers.csv",
			content: strings.Replace(carriers, "lasership,LaserShip,", `lasership,"LaserShip,`, 1),
			want:    []string{`data/carriers.csv:5:51: a quoted field is not closed, or a stray " is followed by other text: quote the whole field and double any " inside it`},
		},
		{
			name:    "unterminated quote: reported on the row it opens in, not at the end of the file",
			file:    "carriers.csv",
			content: strings.Replace(carriers, "ontrac,OnTrac,", `ontrac,"OnTrac,`, 1),
			want:    []string{`data/carriers.csv:4: a quoted field is not closed, or a stray " is followed by other text: quote the whole field and double any " inside it (see data/carriers.csv:5:50)`},
		},
		{
			name:    "unterminated quote: reported on the row it opens in, not at the next quote",
			file:    "carriers.csv",
			content: strings.Replace(carriers, `"Amazon.com, Inc."`, `"Amazon.com, Inc.`, 1),
			want:    []string{`data/carriers.csv:2: a quoted field is not closed, or a stray " is followed by other text: quote the whole field and double any " inside it (see data/carriers.csv:3:5)`},
		},
		{
			name:    "text after a closing quote: the position is the quote's",
			file:    "carriers.csv",
			content: strings.Replace(carriers, "ontrac,OnTrac,", `ontrac,"OnTrac"x,`, 1),
			want:    []string{`data/carriers.csv:4:15: a quoted field is not closed, or a stray " is followed by other text: quote the whole field and double any " inside it`},
		},
		{
			name:    "bare quote in an unquoted field",
			file:    "carriers.csv",
			content: strings.Replace(carriers, "ontrac,OnTrac,", `ontrac,On"Trac,`, 1),
			want:    []string{`data/carriers.csv:4:10: a " appears inside an unquoted field: quote the whole field and double the " inside it`},
		},
		{
			name:    "invalid UTF-8",
			file:    "carriers.csv",
			content: strings.Replace(carriers, "ontrac,OnTrac,", "ontrac,On\xe9Trac,", 1),
			want:    []string{"data/carriers.csv:4:10: invalid UTF-8: save the file as UTF-8"},
		},
		{
			name:    "invalid UTF-8 on the first line after a byte order mark",
			file:    "carriers.csv",
			content: "\ufeffid,n\xffame,kind\n",
			want:    []string{"data/carriers.csv:1:8: invalid UTF-8: save the file as UTF-8"},
		},
		{
			name:    "required field blank",
			file:    "carriers.csv",
			content: strings.Replace(carriers, "ontrac,OnTrac,", "ontrac,,", 1),
			want:    []string{"data/carriers.csv:4:8: name is required and is blank"},
		},
		{
			name:    "required field of spaces only",
			file:    "carriers.csv",
			content: strings.Replace(carriers, "ontrac,OnTrac,", "ontrac,  ,", 1),
			want:    []string{"data/carriers.csv:4:8: name is required and is blank"},
		},
		{
			name:    "required reference blank",
			file:    "agreements.csv",
			content: strings.Replace(validFiles["agreements.csv"], "nsa-sealed,redacted,", "nsa-sealed,,", 1),
			want:    []string{"data/agreements.csv:3:12: shipper_id is required and is blank"},
		},
		{
			name:    "bad field value: the position is that field's",
			file:    "carriers.csv",
			content: strings.Replace(carriers, ",national-carrier,", ",National-Carrier,", 1),
			want:    []string{`data/carriers.csv:3:35: kind: "National-Carrier" is not allowed: did you mean "national-carrier"? (one of ecommerce-platform, national-retailer, regional-carrier, national-carrier, consolidator, other)`},
		},
		{
			name:    "every bad field is reported",
			file:    "carriers.csv",
			content: strings.Replace(strings.Replace(carriers, ",GA,", ",Georgia,", 1), ",https://www.amazon.com/,", ",www.amazon.com,", 1),
			want: []string{
				`data/carriers.csv:2:50: website: "www.amazon.com" is not a web address: only http:// and https:// addresses are allowed`,
				`data/carriers.csv:3:53: hq_state: "Georgia" is not a US state or territory code: want two capital letters like VA`,
			},
		},
		{
			name: "a quoted field spanning lines: later fields keep their real lines",
			file: "carriers.csv",
			content: strings.Replace(carriers, "lasership,LaserShip,regional-carrier,",
				"lasership,\"LaserShip\nRegional\",Regional-carrier,", 1) +
				"usps,USPS,Other,,DC,,\n",
			want: []string{
				`data/carriers.csv:6:11: kind: "Regional-carrier" is not allowed: did you mean "regional-carrier"? (one of ecommerce-platform, national-retailer, regional-carrier, national-carrier, consolidator, other)`,
				`data/carriers.csv:7:11: kind: "Other" is not allowed: did you mean "other"? (one of ecommerce-platform, national-retailer, regional-carrier, national-carrier, consolidator, other)`,
			},
		},
		{
			name:    "CRLF line endings keep columns",
			file:    "carriers.csv",
			content: strings.ReplaceAll(strings.Replace(carriers, ",national-carrier,", ",courier,", 1), "\n", "\r\n"),
			want:    []string{`data/carriers.csv:3:35: kind: "courier" is not allowed: want one of ecommerce-platform, national-retailer, regional-carrier, national-carrier, consolidator, other`},
		},
		{
			name:    "a field type's error in each file type",
			file:    "facilities.csv",
			content: strings.Replace(validFiles["facilities.csv"], ",30268,,33.5312,-84.6694,", ",3026,1e5,95,-84.6694,", 1),
			want: []string{
				`data/facilities.csv:2:45: zip: "3026" is not a ZIP code: want 5 digits like 22102, ZIP+4 like 22102-1234, or a 3-digit prefix`,
				`data/facilities.csv:2:50: daily_parcel_capacity: "1e5" is not a count: want a whole number like 1200 (no commas, signs or decimals)`,
				`data/facilities.csv:2:54: latitude: "95" is out of range: want -90 to 90`,
			},
		},
		{
			name:    "dates, dockets and money in agreements",
			file:    "agreements.csv",
			content: strings.Replace(validFiles["agreements.csv"], "CP2025-123,MC2025-456,2024-12-04,2024-12-01,2025-01-01,2026-10-01,,1000000,6000000000.00,", "MC2025-123,MC2025-456,2024-12-04,2024-11-31,2025-01-01,2026-10-01,,1000000,$6B,", 1),
			want: []string{
				`data/agreements.csv:2:44: docket: "MC2025-123" is a MC docket: this column takes CP or K dockets`,
				`data/agreements.csv:2:77: signed: "2024-11-31" is not a date: no such day`,
				`data/agreements.csv:2:119: est_annual_revenue_usd: "$6B" is not an amount: want dollars like 1234.56 (no $, commas, signs or exponents)`,
			},
		},
		{
			name:    "an id that is a Windows device name",
			file:    "carriers.csv",
			content: carriers + "con,Con Freight,regional-carrier,,VA,,\n",
			want:    []string{`data/carriers.csv:6:1: id: "con" is not an id: it is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9), where no file or folder can have it; use another (like "con-1")`},
		},
		{
			name:    "redacted where it is not allowed",
			file:    "auction_results.csv",
			content: strings.Replace(validFiles["auction_results.csv"], "redacted,85000,4", "redacted,85000,redacted", 1),
			want:    []string{`data/auction_results.csv:5:81: bids_received: "redacted" is not allowed here: only agreement and result volumes may be redacted`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, errs := load(dataFS(map[string]string{tt.file: tt.content}), dataset.Limits{})
			checkMessages(t, "Load", errs, tt.want)
		})
	}
}

func TestLoadMissingFile(t *testing.T) {
	t.Parallel()
	fsys := dataFS(nil)
	delete(fsys, "data/carriers.csv")
	d, errs := load(fsys, dataset.Limits{})
	checkMessages(t, "Load without carriers.csv", errs, []string{
		"data/carriers.csv: missing: every data set needs a file, at least a header row (" + carrierColumns + ")",
	})
	if d.Carriers.Present() {
		t.Errorf("Carriers.Present() = true, want false")
	}
	if !d.Facilities.Present() {
		t.Errorf("Facilities.Present() = false, want true")
	}
}

func TestLoadDirectoryInsteadOfFile(t *testing.T) {
	t.Parallel()
	fsys := dataFS(nil)
	delete(fsys, "data/carriers.csv")
	fsys["data/carriers.csv/readme.txt"] = nil
	_, errs := load(fsys, dataset.Limits{})
	checkMessages(t, "Load with a carriers.csv folder", errs, []string{
		"data/carriers.csv: is a directory, want a CSV file",
	})
}

func TestLoadDisplayDir(t *testing.T) {
	t.Parallel()
	fsys := dataFS(map[string]string{"carriers.csv": ""})
	_, errs := dataset.Load(t.Context(), fsys, "data", dataset.Options{DisplayDir: "portal/data"})
	checkMessages(t, "Load with DisplayDir", errs, []string{
		"portal/data/carriers.csv:1: file is empty: want a header row (" + carrierColumns + ")",
	})
}

func TestLoadLimits(t *testing.T) {
	t.Parallel()
	// Blank lines are skipped by the CSV reader, so they pad a valid file
	// to an exact size.
	const mib = 1 << 20
	padded := func(n int) string {
		src := validFiles["carriers.csv"]
		return src + strings.Repeat("\n", n-len(src))
	}
	tests := []struct {
		name    string
		limits  dataset.Limits
		replace map[string]string
		want    []string
	}{
		{
			name:   "MaxColumns: agreements has 15",
			limits: dataset.Limits{MaxColumns: 14},
			want:   []string{"data/agreements.csv:1:1: header has 15 columns, more than the 14 allowed"},
		},
		{
			name:   "MaxColumns: exactly at the limit",
			limits: dataset.Limits{MaxColumns: 15},
		},
		{
			name:   "MaxFieldBytes: the notes of nsa-sealed are 46 bytes",
			limits: dataset.Limits{MaxFieldBytes: 45},
			want:   []string{"data/agreements.csv:3:106: notes: field is 46 bytes, more than the 45 allowed"},
		},
		{
			name:   "MaxFieldBytes: exactly at the limit",
			limits: dataset.Limits{MaxFieldBytes: 46},
		},
		{
			name:   "MaxRows: carriers and results have 4 rows",
			limits: dataset.Limits{MaxRows: 3},
			want: []string{
				"data/auction_results.csv:5: more than 3 rows (raise the limit with --max-rows)",
				"data/carriers.csv:5: more than 3 rows (raise the limit with --max-rows)",
			},
		},
		{
			name:   "MaxRows: exactly at the limit",
			limits: dataset.Limits{MaxRows: 4},
		},
		{
			name:    "MaxFileBytes: one byte over",
			limits:  dataset.Limits{MaxFileBytes: mib},
			replace: map[string]string{"carriers.csv": padded(mib + 1)},
			want:    []string{"data/carriers.csv: file is larger than the 1 MiB limit (raise it with --max-file-size)"},
		},
		{
			name:    "MaxFileBytes: exactly at the limit",
			limits:  dataset.Limits{MaxFileBytes: mib},
			replace: map[string]string{"carriers.csv": padded(mib)},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, errs := load(dataFS(tt.replace), tt.limits)
			checkMessages(t, "Load", errs, tt.want)
		})
	}
}

func TestLoadCancelled(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, errs := dataset.Load(ctx, dataFS(nil), "data", dataset.Options{})
	checkMessages(t, "Load(cancelled)", errs, []string{"data: loading interrupted: context canceled"})
}

// A TableCache hands back the table of a file read before with the same
// bytes, reads a changed file again, and keeps no table read with
// problems.
func TestTableCache(t *testing.T) {
	t.Parallel()
	cache := &dataset.TableCache{}
	opt := dataset.Options{Cache: cache}
	first, errs := dataset.Load(context.Background(), dataFS(nil), "data", opt)
	if err := errs.Err(); err != nil {
		t.Fatal(err)
	}
	changed := edited(t, "carriers.csv", "ups,", "ups-2,")
	second, _ := dataset.Load(context.Background(), dataFS(map[string]string{"carriers.csv": changed}), "data", opt)
	if second.Facilities != first.Facilities || second.Agreements != first.Agreements {
		t.Errorf("Load with a cache read unchanged files again")
	}
	if second.Carriers == first.Carriers || second.Carriers.Digest == first.Carriers.Digest {
		t.Errorf("Load with a cache reused the table of a changed file")
	}
	broken := edited(t, "carriers.csv", "ups,", "UPS,")
	for range 2 {
		_, errs := dataset.Load(context.Background(), dataFS(map[string]string{"carriers.csv": broken}), "data", opt)
		if errs.Err() == nil {
			t.Fatalf("a broken carriers.csv loaded without errors (from the cache?)")
		}
	}
}
