package dataset

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"reflect"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/dataset/cell"
)

// refObject is a row as a JSON object made the plain way: each cell's
// CSV() text as a json.Number when its column's schema is of numbers and
// the text is not RedactedWord, else as a string, or nil when blank; marshalSlow then writes it with
// json.Marshal, value by value.
func refObject(cols []Column, row any) Object {
	o := Object{}
	for _, c := range cols {
		f := c.Of(row)
		var v any
		switch text, typ := f.CSV(), c.Zero.Schema().Type; {
		case text == "":
		case (typ == "number" || typ == "integer") && text != RedactedWord:
			v = json.Number(text)
		default:
			v = text
		}
		o = append(o, Pair{Name: c.Name, JSON: v})
	}
	return o
}

// refCSV is the rows as encoding/csv writes them, each cell's CSV() text
// neutralised by SafeCell, after a header of the columns' names.
func refCSV(t *testing.T, cols []Column, rows ...any) []byte {
	t.Helper()
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	var rec []string
	for _, c := range cols {
		rec = append(rec, c.Name)
	}
	if err := w.Write(rec); err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		rec = rec[:0]
		for _, c := range cols {
			rec = append(rec, SafeCell(c.Of(row).CSV()))
		}
		if err := w.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	return b.Bytes()
}

// checkRow checks a row's JSON, alone, among more members (a Record) and
// in a list, and its CSV, against the plain ways of writing them.
func checkRow(t *testing.T, cols []Column, row any) {
	t.Helper()
	ref := refObject(cols, row)
	want, wantErr := marshalSlow(ref)
	got, err := Row{Cols: cols, Row: row}.AppendJSON([]byte("x"))
	if (err == nil) != (wantErr == nil) || err == nil && !bytes.Equal(got, append([]byte("x"), want...)) {
		t.Errorf("Row.AppendJSON(%+v) = %s, %v; the plain way gives %s, %v", row, got, err, want, wantErr)
	}
	if wantErr != nil {
		return
	}
	more := Object{{Name: "url", JSON: "https://x/<a>"}, {Name: "n", JSON: json.Number("3")}}
	want, _ = marshalSlow(append(ref, more...))
	if got, err := (Record{Row: Row{Cols: cols, Row: row}, More: more}).MarshalJSON(); err != nil || !bytes.Equal(got, want) {
		t.Errorf("Record.MarshalJSON() = %s, %v; want %s", got, err, want)
	}
	want, _ = json.Marshal([]Object{ref, ref})
	if got, err := json.Marshal(Object{{Name: "rows", JSON: []Row{{cols, row}, {cols, row}}}}); err != nil || !bytes.Equal(got, append(append([]byte(`{"rows":`), want...), '}')) {
		t.Errorf("a list of rows gives %s, %v; want {\"rows\":%s}", got, err, want)
	}
	wantCSV := refCSV(t, cols, row, row)
	gotCSV, scratch := AppendCSV(AppendCSVHeader(nil, cols), nil, cols, row)
	gotCSV, _ = AppendCSV(gotCSV, scratch, cols, row)
	if !bytes.Equal(gotCSV, wantCSV) {
		t.Errorf("AppendCSV(%+v) =\n%q\nencoding/csv writes\n%q", row, gotCSV, wantCSV)
	}
}

// hostileTexts are cell texts that JSON must escape, CSV must quote or a
// spreadsheet would run as a formula.
var hostileTexts = []string{
	"", "plain", "Acme <Parcel> & Co", `say "hi"`, "a,b", "line\nbreak", "cr\rhere", "\r\n", " leading space",
	"\tleading tab", "\u00a0nbsp first", `\.`, `\.x`, "=SUM(A1)", "+1", "-5", "-5.5", "-", "-x", "@cmd", "'quoted", "''",
	"'=x,y", "=\"a,b\"", "é ünïcode", "\u2028\u2029", "bad \xff utf-8", "\x00\x1f\x7f", "back\\slash", "redacted",
}

func TestRowJSONAndCSVAsThePlainWays(t *testing.T) {
	t.Parallel()
	agreements := ColumnsOf[Agreement]()
	for _, s := range hostileTexts {
		checkRow(t, agreements, &Agreement{ID: "a-1", Product: cell.Text(s), Notes: cell.Text(s), Source: cell.Link(s)})
	}
	money := []cell.Money{{}, {State: cell.Redacted}, {State: cell.Known}, {State: cell.Known, Cents: 5}, {State: cell.Known, Cents: -150},
		{State: cell.Known, Cents: 6_000_000_000_00}, {State: cell.Known, Cents: 1<<62 + 7}, {State: cell.Known, Cents: math.MinInt64}}
	volume := []cell.Volume{{}, {State: cell.Redacted}, {State: cell.Known}, {State: cell.Known, N: 1234567}, {State: cell.Known, N: -1}}
	dates := []cell.Date{{}, {Year: 2026, Month: 2, Day: 10}, {Year: 1, Month: 1, Day: 1}, {Year: 12345, Month: 13, Day: 40}}
	for i := range max(len(money), len(volume), len(dates)) {
		checkRow(t, agreements, &Agreement{
			ID: "a-2", ShipperID: cell.Ref{State: cell.State(i % 3), ID: "acme"}, Product: "p",
			EstRevenue: money[i%len(money)], MinAnnual: volume[i%len(volume)], Filed: dates[i%len(dates)], Expires: dates[(i+1)%len(dates)],
			Docket: cell.ContractDocket{Docket: "K2025-834"}, Status: "active", RevenueQual: "about", TermsPublic: "partial",
		})
	}
	facilities := ColumnsOf[Facility]()
	for _, m := range []int64{0, 1, -1, 36_850_000, -176_290_000, 123, -90_000_000} {
		checkRow(t, facilities, &Facility{ID: "f", Name: "F", Latitude: cell.Latitude{Degrees: cell.Degrees{Known: true, Micro: m}},
			Longitude: cell.Longitude{Degrees: cell.Degrees{Known: m%2 == 0, Micro: -m}}})
	}
	bare := ColumnsOf[Agreement]() // columns made by hand have no key written ahead
	for i := range bare {
		bare[i].jsonKey = ""
	}
	bare[1].Name = `odd "name" <&>`
	renamed := ColumnsOf[Agreement]() // nor has a column renamed since
	renamed[2].Name = "renamed"
	checkRow(t, renamed, &Agreement{ID: "a-4", Product: "p"})
	checkRow(t, bare, &Agreement{ID: "a-3", Product: "p"})
	checkRow(t, ColumnsOf[Result](), &Result{Bids: cell.Count{Known: true, N: 3}})
	checkRow(t, ColumnsOf[Result](), &Result{})
	if got, err := (Record{More: Object{{Name: "a", JSON: "b"}}}).MarshalJSON(); err != nil || string(got) != `{"a":"b"}` {
		t.Errorf("a record with no row gives %s, %v; want {\"a\":\"b\"}", got, err)
	}
	if got, err := (Record{Row: Row{Cols: agreements, Row: &Agreement{}}}).MarshalJSON(); err != nil || !bytes.HasSuffix(got, []byte(`"notes":null}`)) {
		t.Errorf("a record with nothing more gives %s, %v", got, err)
	}
}

// TestRedactedCells counts the cells that are the word itself, whatever
// the column.
func TestRedactedCells(t *testing.T) {
	t.Parallel()
	row := &Agreement{ShipperID: cell.Ref{State: cell.Redacted}, EstRevenue: cell.Money{State: cell.Redacted}, Notes: "redacted", Product: "redacted!"}
	if n, _ := RedactedCells(ColumnsOf[Agreement](), row, nil); n != 3 {
		t.Errorf("RedactedCells = %d, want 3", n)
	}
}

func FuzzRowJSONAndCSV(f *testing.F) {
	for i, s := range hostileTexts {
		f.Add(s, hostileTexts[(i+7)%len(hostileTexts)], int64(i*12345-50), uint8(i))
	}
	agreements := ColumnsOf[Agreement]()
	f.Fuzz(func(t *testing.T, text, notes string, n int64, state uint8) {
		st := cell.State(state % 3)
		checkRow(t, agreements, &Agreement{
			ID: cell.Slug(text), ShipperID: cell.Ref{State: st, ID: cell.Slug(notes)}, Product: cell.Text(text), Notes: cell.Text(notes),
			Docket: cell.ContractDocket{Docket: cell.Docket(notes)}, Status: cell.AgreementStatus(text),
			EstRevenue: cell.Money{State: st, Cents: cell.Cents(n)}, MinAnnual: cell.Volume{State: cell.State((state / 3) % 3), N: n},
			Filed: cell.Date{Year: int(n % 20000), Month: time.Month(1 + int(state)%14), Day: int(uint64(n) % 33)},
		})
	})
}

// TestEveryByte writes each byte, alone and amid text, as a JSON string
// and as a CSV cell, and compares them with json.Marshal and encoding/csv.
func TestEveryByte(t *testing.T) {
	t.Parallel()
	for c := range 256 {
		for _, s := range []string{string([]byte{byte(c)}), "a" + string([]byte{byte(c)}) + "b"} {
			want, _ := json.Marshal(s)
			if got := appendJSONString(nil, s); !bytes.Equal(got, want) {
				t.Errorf("appendJSONString(%q) = %s, want %s", s, got, want)
			}
			var b bytes.Buffer
			w := csv.NewWriter(&b)
			w.Write([]string{SafeCell(s)})
			w.Flush()
			if got := append(AppendCSVCell(nil, []byte(s)), '\n'); !bytes.Equal(got, b.Bytes()) {
				t.Errorf("AppendCSVCell(%q) = %q, want %q", s, got, b.Bytes())
			}
		}
	}
}

// TestRowsReadTheirOwnCells: every data set's row type reads its cells
// itself (setCell), and every column's type has the UnmarshalCSV it
// calls.
func TestRowsReadTheirOwnCells(t *testing.T) {
	t.Parallel()
	for _, row := range []any{&Carrier{}, &Facility{}, &Agreement{}, &Auction{}, &Result{}, &Participation{}} {
		if _, ok := row.(interface{ UnmarshalCSVWithFields(string, string) error }); !ok {
			t.Errorf("%T does not read its own cells", row)
		}
		v := reflect.ValueOf(row).Elem()
		for i := range v.NumField() {
			if _, ok := v.Field(i).Addr().Interface().(interface{ UnmarshalCSV(string) error }); !ok && v.Type().Field(i).Tag.Get("csv") != "" {
				t.Errorf("%T.%s has no UnmarshalCSV", row, v.Type().Field(i).Name)
			}
		}
	}
	var r Agreement
	if err := r.UnmarshalCSVWithFields("est_annual_revenue_usd", "12.5"); err != nil || r.EstRevenue.CSV() != "12.50" {
		t.Errorf("reading est_annual_revenue_usd: %v, %q", err, r.EstRevenue.CSV())
	}
	if err := r.UnmarshalCSVWithFields("no such column", "x"); err != nil {
		t.Errorf("a name that is no column: %v", err)
	}
	if err := r.UnmarshalCSVWithFields("filed", "2026-13-01"); err == nil {
		t.Error("a bad date read without an error")
	}
}

// TestEveryColumnReachedDirectly: every column of every row type reaches
// its field without reflect (cellAt lists its type), and reaches the same
// field as reflect does: the same type, at the same address.
func TestEveryColumnReachedDirectly(t *testing.T) {
	check := func(name string, row any, cols []Column) {
		v := reflect.ValueOf(row).Elem()
		for _, c := range cols {
			if c.at == nil {
				t.Errorf("%s.%s: a %s, which cellAt does not list", name, c.Name, v.Field(c.Index).Type())
				continue
			}
			got := field(v, c)
			want := v.Field(c.Index).Addr().Interface().(cell.Field)
			if reflect.TypeOf(got) != reflect.TypeOf(want) || reflect.ValueOf(got).Pointer() != reflect.ValueOf(want).Pointer() {
				t.Errorf("%s.%s: reached a %T at %#x, want a %T at %#x", name, c.Name, got, reflect.ValueOf(got).Pointer(), want, reflect.ValueOf(want).Pointer())
			}
		}
	}
	check("Carrier", new(Carrier), ColumnsOf[Carrier]())
	check("Facility", new(Facility), ColumnsOf[Facility]())
	check("Agreement", new(Agreement), ColumnsOf[Agreement]())
	check("Auction", new(Auction), ColumnsOf[Auction]())
	check("Result", new(Result), ColumnsOf[Result]())
	check("Participation", new(Participation), ColumnsOf[Participation]())
}
