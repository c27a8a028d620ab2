package publish

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

// refRow is a row as a JSON object, made the plain way: each cell's CSV
// text, as a json.Number when its column is of numbers and it is not
// redacted, a string, or nil when blank.
func refRow(cols []dataset.Column, row any) dataset.Object {
	o := dataset.Object{}
	for _, c := range cols {
		f := c.Of(row)
		var v any
		switch text, typ := f.CSV(), c.Zero.Schema().Type; {
		case text == "":
		case (typ == "number" || typ == "integer") && text != dataset.RedactedWord:
			v = json.Number(text)
		default:
			v = text
		}
		o = append(o, dataset.Pair{Name: c.Name, JSON: v})
	}
	return o
}

// A data set's JSON download is made a row at a time, each straight from
// its cells; it must be the same bytes as marshalling every row at once,
// made the plain way (refRow), compact and indented.
func TestJSONDownloadIsTheWholeArray(t *testing.T) {
	data, errs := dataset.Load(context.Background(), os.DirFS("../.."), "data", dataset.Options{Limits: dataset.DefaultLimits})
	if errs.Err() != nil {
		t.Fatalf("loading the bundled data: %v", errs.Err())
	}
	check := func(name string, tb Table, all []dataset.Object) {
		t.Helper()
		if all == nil {
			all = []dataset.Object{}
		}
		for _, indent := range []bool{false, true} {
			got, err := tb.JSON(indent)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			var want []byte
			if indent {
				want, err = json.MarshalIndent(all, "", "  ")
			} else {
				want, err = json.Marshal(all)
			}
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s (indent %v): row by row gives\n%.300s\nwant\n%.300s", name, indent, got, want)
			}
		}
	}
	var rows []dataset.Object
	for i := range data.Agreements.Rows {
		rows = append(rows, refRow(data.Agreements.Columns, &data.Agreements.Rows[i]))
	}
	if len(rows) < 2 {
		t.Fatal("the bundled agreements are too few to test with")
	}
	check("agreements", table{data.Agreements}, rows)
	one := *data.Agreements
	one.Rows = one.Rows[:1]
	check("one agreement", table{&one}, rows[:1])
	none := *data.Agreements
	none.Rows = nil
	check("no agreements", table{&none}, nil)
}

// A download is made whole before it is written: it must not hold much
// more memory than its size, as a doubling buffer would.
func TestDownloadsHoldTheirSize(t *testing.T) {
	data, errs := dataset.Load(context.Background(), os.DirFS("../.."), "data", dataset.Options{Limits: dataset.DefaultLimits})
	if errs.Err() != nil {
		t.Fatalf("loading the bundled data: %v", errs.Err())
	}
	for _, n := range []int{500, 700, 1000, 1400} {
		many := *data.Agreements
		many.Rows = nil
		for len(many.Rows) < n {
			many.Rows = append(many.Rows, data.Agreements.Rows...)
		}
		many.Rows = many.Rows[:n]
		for _, f := range []func() ([]byte, error){table{&many}.CSV, func() ([]byte, error) { return table{&many}.JSON(false) }} {
			got, err := f()
			if err != nil {
				t.Fatal(err)
			}
			if cap(got) > len(got)*5/4+4096 {
				t.Errorf("%d rows: a download of %d bytes holds %d", n, len(got), cap(got))
			}
		}
	}
}
