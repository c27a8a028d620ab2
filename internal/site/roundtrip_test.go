package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/publish"
	"github.com/postal-access/portal/internal/testkit"
)

// The property below is what "the downloads are right" means: every
// published form of a data set, read back with the portal's own loader,
// gives the rows that were loaded.
//
//   - data/NAME.csv, with each cell's formula guard undone: a cell that
//     starts with a single quote lost nothing but that quote
//     (dataset.PlainCell undoes dataset.SafeCell);
//   - data/NAME.json, each value written back as CSV text: null is a blank
//     cell, a number or a string is its text;
//   - the JSON twins of entity pages, each holding its row (an auction's
//     twin holds its lots and participation rows too).

// TestPublishedRoundTrip checks the property on the bundled portal and on
// a generated corpus.
func TestPublishedRoundTrip(t *testing.T) {
	t.Parallel()
	t.Run("bundled", func(t *testing.T) { checkRoundTrip(t, "../..") })
	t.Run("corpus", func(t *testing.T) {
		t.Parallel()
		testkit.Long(t, "builds a generated corpus")
		if testing.Short() {
			t.Skip("builds a generated corpus")
		}
		checkRoundTrip(t, testkit.Corpus(t, 1, 7))
	})
}

func checkRoundTrip(t *testing.T, src string) {
	t.Helper()
	ctx := context.Background()
	want, errs := dataset.Load(ctx, os.DirFS(src), "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatalf("loading %s: %v", src, errs.Err())
	}
	out := generated(t, src, dataset.MustDate("2026-11-25"))
	manifest, err := os.ReadFile(filepath.Join(src, "data", dataset.ManifestFile))
	if err != nil {
		t.Fatal(err)
	}

	checkDownloads(t, want, out, manifest)

	// The twins: one object per carrier, facility, agreement and auction;
	// lots and participation inside their auction's.
	twins := map[string][]map[string]any{}
	for _, dir := range []struct{ dir, name string }{{"carriers", "carriers"}, {"facilities", "facilities"}, {"agreements", "agreements"}, {"auctions", "auctions"}} {
		paths, _ := fs.Glob(out, dir.dir+"/*/index.json")
		for _, p := range paths {
			var obj map[string]any
			readJSON(t, out, p, &obj)
			twins[dir.name] = append(twins[dir.name], obj)
			if dir.name != "auctions" {
				continue
			}
			for _, inner := range []struct{ key, name string }{{"lots", "auction_results"}, {"participation", "participation"}} {
				list, _ := obj[inner.key].([]any)
				for _, o := range list {
					twins[inner.name] = append(twins[inner.name], o.(map[string]any))
				}
			}
		}
	}
	fromTwins := fstest.MapFS{"data/" + dataset.ManifestFile: {Data: manifest}}
	for _, name := range dataset.Names {
		fromTwins["data/"+name+".csv"] = &fstest.MapFile{Data: objectsCSV(t, columnsOf(want, name), twins[name])}
	}
	sameData(t, "JSON twins", want, readBack(t, fromTwins), true)
}

// generated builds the site at src as of asOf in memory, for
// https://example.org/, and returns its files.
func generated(t *testing.T, src string, asOf dataset.Date) fstest.MapFS {
	t.Helper()
	b := &Build{Src: src, FS: os.DirFS(src), AsOf: asOf, BaseURL: "https://example.org/", Limits: dataset.DefaultLimits}
	files, _, err := b.Generate(context.Background())
	if err != nil {
		t.Fatalf("generate: %v", err)
	}
	out := fstest.MapFS{}
	for _, f := range files {
		out[f.Path] = &fstest.MapFile{Data: f.Data}
	}
	return out
}

// checkDownloads checks data/NAME.csv and data/NAME.json in out against
// want; manifest is the data sets' datasets.yaml.
func checkDownloads(t *testing.T, want *dataset.Data, out fs.FS, manifest []byte) {
	t.Helper()
	fromCSV := fstest.MapFS{"data/" + dataset.ManifestFile: {Data: manifest}}
	fromJSON := fstest.MapFS{"data/" + dataset.ManifestFile: {Data: manifest}}
	for _, name := range dataset.Names {
		fromCSV["data/"+name+".csv"] = &fstest.MapFile{Data: plainCSV(t, out, "data/"+name+".csv")}
		var objs []map[string]any
		readJSON(t, out, "data/"+name+".json", &objs)
		fromJSON["data/"+name+".csv"] = &fstest.MapFile{Data: objectsCSV(t, columnsOf(want, name), objs)}
	}
	sameData(t, "data/*.csv", want, readBack(t, fromCSV), false)
	sameData(t, "data/*.json", want, readBack(t, fromJSON), false)
}

// FuzzPublishRoundTrip sets one cell of the fixture's data to a random
// value and, when the data still loads, checks that the downloads read
// back to the same rows.
func FuzzPublishRoundTrip(f *testing.F) {
	f.Add(2, 14, "=HYPERLINK(\"http://x\")")
	f.Add(0, 1, "'quoted")
	f.Fuzz(func(t *testing.T, set, col int, value string) {
		fsys := fixture(t)
		name := dataset.Names[abs(set)%len(dataset.Names)]
		p := "data/" + name + ".csv"
		records, err := csv.NewReader(bytes.NewReader(fsys[p].Data)).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		records[1][abs(col)%len(records[1])] = value
		fsys[p] = &fstest.MapFile{Data: csvOf(t, records)}
		want, errs := dataset.Load(context.Background(), fsys, "data", dataset.Options{})
		if errs.Err() != nil {
			return // not a valid row
		}
		out := fstest.MapFS{}
		for _, tb := range publish.Tables(want) {
			data, err := tb.CSV()
			if err != nil {
				t.Fatal(err)
			}
			out["data/"+tb.Name()+".csv"] = &fstest.MapFile{Data: data}
			if data, err = tb.JSON(false); err != nil {
				t.Fatal(err)
			}
			out["data/"+tb.Name()+".json"] = &fstest.MapFile{Data: data}
		}
		checkDownloads(t, want, out, fsys["data/"+dataset.ManifestFile].Data)
	})
}

func abs(n int) int {
	if n < 0 {
		return -(n + 1)
	}
	return n
}

func readBack(t *testing.T, fsys fs.FS) *dataset.Data {
	t.Helper()
	d, errs := dataset.Load(context.Background(), fsys, "data", dataset.Options{})
	if errs.Err() != nil {
		t.Fatalf("reading the published data back:\n%s", errs.Format(20))
	}
	return d
}

func readJSON(t *testing.T, fsys fs.FS, p string, v any) {
	t.Helper()
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("%s: %v", p, err)
	}
}

// plainCSV is the published CSV p with every cell's formula guard undone.
func plainCSV(t *testing.T, fsys fs.FS, p string) []byte {
	t.Helper()
	data, err := fs.ReadFile(fsys, p)
	if err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", p, err)
	}
	for _, rec := range records[1:] {
		for i := range rec {
			rec[i] = dataset.PlainCell(rec[i])
		}
	}
	return csvOf(t, records)
}

// objectsCSV writes JSON objects as CSV with the given columns: null is a
// blank cell, a number or string its text.
func objectsCSV(t *testing.T, cols []dataset.Column, objs []map[string]any) []byte {
	t.Helper()
	header := make([]string, len(cols))
	for i, c := range cols {
		header[i] = c.Name
	}
	records := [][]string{header}
	for _, o := range objs {
		rec := make([]string, len(cols))
		for i, c := range cols {
			v, ok := o[c.Name]
			if !ok {
				t.Fatalf("object %v has no %q", o, c.Name)
			}
			switch x := v.(type) {
			case nil:
			case string:
				rec[i] = x
			case json.Number:
				rec[i] = x.String()
			default:
				t.Fatalf("%s: %v is a %T, want a string, a number or null", c.Name, v, v)
			}
		}
		records = append(records, rec)
	}
	return csvOf(t, records)
}

func csvOf(t *testing.T, records [][]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := csv.NewWriter(&buf)
	if err := w.WriteAll(records); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func columnsOf(d *dataset.Data, name string) []dataset.Column {
	switch name {
	case "carriers":
		return d.Carriers.Columns
	case "facilities":
		return d.Facilities.Columns
	case "agreements":
		return d.Agreements.Columns
	case "auctions":
		return d.Auctions.Columns
	case "auction_results":
		return d.Results.Columns
	}
	return d.Participation.Columns
}

// sameData reports every data set whose rows differ; anyOrder compares
// them as multisets (twins are written in page order).
func sameData(t *testing.T, how string, want, got *dataset.Data, anyOrder bool) {
	t.Helper()
	sameRows(t, how, want.Carriers, got.Carriers, anyOrder)
	sameRows(t, how, want.Facilities, got.Facilities, anyOrder)
	sameRows(t, how, want.Agreements, got.Agreements, anyOrder)
	sameRows(t, how, want.Auctions, got.Auctions, anyOrder)
	sameRows(t, how, want.Results, got.Results, anyOrder)
	sameRows(t, how, want.Participation, got.Participation, anyOrder)
}

func sameRows[T any](t *testing.T, how string, want, got *dataset.Table[T], anyOrder bool) {
	t.Helper()
	w, g := want.Rows, got.Rows
	if anyOrder {
		key := func(a, b T) int { return strings.Compare(fmt.Sprintf("%#v", a), fmt.Sprintf("%#v", b)) }
		w, g = slices.SortedFunc(slices.Values(w), key), slices.SortedFunc(slices.Values(g), key)
	}
	if len(w) != len(g) {
		t.Errorf("%s: %s has %d rows, want %d", how, want.Name, len(g), len(w))
		return
	}
	bad := 0
	for i := range w {
		if !reflect.DeepEqual(w[i], g[i]) {
			if bad++; bad <= 3 {
				t.Errorf("%s: %s row %d read back as\n%+v\nwant\n%+v", how, want.Name, i+1, g[i], w[i])
			}
		}
	}
	if bad > 3 {
		t.Errorf("%s: %s: %d rows differ in all", how, want.Name, bad)
	}
}
