package publish

import (
	"encoding/json"
	"fmt"
	"slices"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
)

// Downloads describes the published data files, for the /data/ page.
func Downloads(d *dataset.Data) []pages.Download {
	out := make([]pages.Download, len(dataset.Sets))
	for i, s := range dataset.Sets {
		out[i] = describe(s.Of(d), d.Manifest)
	}
	return out
}

func describe(t dataset.AnyTable, m dataset.Manifest) pages.Download {
	h := t.Head()
	dl := pages.Download{Meta: m.Get(h.Name), CSV: pages.KindOf("download").Path(h.Name), JSON: pages.KindOf("download-json").Path(h.Name), Rows: t.Len(), Columns: h.Columns}
	var scratch []byte
	for i := range t.Len() {
		var n int
		n, scratch = dataset.RedactedCells(h.Columns, t.Row(i), scratch)
		dl.Redacted += n
	}
	return dl
}

// Table is a data set as its downloads: the CSV and JSON files of its rows.
type Table interface {
	Name() string
	// Digest is the digest of the data set's CSV file as it was parsed.
	Digest() [32]byte
	// CSV republishes the data set with every column, in schema order,
	// with cells that a spreadsheet would run as formulas neutralised.
	CSV() ([]byte, error)
	// JSON is the data set as a JSON array of objects, indented or not.
	JSON(indent bool) ([]byte, error)
}

// Tables are the data sets of d, in the order of dataset.Names.
func Tables(d *dataset.Data) []Table {
	out := make([]Table, len(dataset.Sets))
	for i, s := range dataset.Sets {
		out[i] = table{s.Of(d)}
	}
	return out
}

// csvDownloads writes data/NAME.csv of every data set, made from its file
// alone.
func csvDownloads(w *writer, k *pages.Kind) error {
	for _, t := range Tables(w.Site.Portal.Data) {
		p := file(k.Path(t.Name()))
		key, ok := w.Keys.Download(p, t.Digest())
		if err := w.keyed(p, key, ok, t.CSV); err != nil {
			return err
		}
	}
	return nil
}

// jsonDownloads writes data/NAME.json of every data set.
func jsonDownloads(w *writer, k *pages.Kind) error {
	for _, t := range Tables(w.Site.Portal.Data) {
		p := file(k.Path(t.Name()))
		key, ok := w.Keys.Download(p, t.Digest())
		err := w.keyed(p, key, ok, func() ([]byte, error) {
			data, err := t.JSON(w.Indent)
			if err == nil && w.Indent {
				data = append(data, '\n')
			}
			return data, err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// facetDownloads writes the download of every facet page's rows.
func facetDownloads(w *writer, k *pages.Kind) error {
	for _, fp := range w.Site.FacetRows {
		p := file(k.Path(fp.Value.CSV))
		key, ok := w.Keys.FacetDownload(p, fp.Rows)
		if err := w.keyed(p, key, ok, func() ([]byte, error) { return facetCSV(w.Site.Portal.Data, fp.Rows) }); err != nil {
			return err
		}
	}
	return nil
}

type table struct{ t dataset.AnyTable }

func (t table) Name() string { return t.t.Head().Name }

func (t table) Digest() [32]byte { return t.t.Head().Digest }

func (t table) CSV() ([]byte, error) {
	return csvRows(t.t.Head().Columns, t.t.Len(), t.t.Row)
}

// facetCSV is the download of a facet page's rows: the same columns and
// cells as its data set's download, of those rows only, in the page's order.
func facetCSV(d *dataset.Data, rows any) ([]byte, error) {
	switch r := rows.(type) {
	case []*model.Agreement:
		return csvRows(d.Agreements.Columns, len(r), func(i int) any { return r[i].Agreement })
	case []*model.Facility:
		return csvRows(d.Facilities.Columns, len(r), func(i int) any { return r[i].Facility })
	case []*model.Carrier:
		return csvRows(d.Carriers.Columns, len(r), func(i int) any { return r[i].Carrier })
	}
	return nil, fmt.Errorf("no download for rows of %T", rows)
}

// csvRows writes n rows, row(0) to row(n-1), with a header of the columns.
func csvRows(cols []dataset.Column, n int, row func(i int) any) ([]byte, error) {
	buf := growing(dataset.AppendCSVHeader(nil, cols))
	var scratch []byte
	head := len(buf)
	for i := range n {
		buf, scratch = dataset.AppendCSV(buf, scratch, cols, row(i))
		if i+1 == min(n, sampleRows) {
			buf = buf.roomFor(n-i-1, (len(buf)-head)/(i+1))
		}
	}
	return buf, nil
}

// sampleRows is how many rows of a download (or entries of the search
// index) tell the size of the rest (see roomFor).
const sampleRows = 16

// roomFor returns g grown, once, for rest more rows of about each bytes,
// 5 % and 4 KiB over: rows are much of a size, and growing a quarter at a
// time allocates five times the file.
func (g growing) roomFor(rest, each int) growing {
	if rest <= 0 {
		return g
	}
	return slices.Grow(g, rest*each*21/20+4096)
}

// growing is a byte slice that io.Writers append to. A large one grows
// by a quarter at a time, as append grows slices, where a bytes.Buffer
// doubles: a download, made whole before it is written, then takes at
// most a quarter more than its size, and 2.25 times it while it grows.
type growing []byte

func (g *growing) Write(p []byte) (int, error) {
	*g = append(*g, p...)
	return len(p), nil
}

// JSON is the same bytes as marshalling every row at once, but made a row
// at a time: the largest data set's rows as objects would otherwise all
// be held at once, at a build's peak.
func (t table) JSON(indent bool) ([]byte, error) {
	cols, n := t.t.Head().Columns, t.t.Len()
	if n == 0 {
		return []byte("[]"), nil
	}
	buf := growing{'['}
	for i := range n {
		var err error
		if indent {
			var data []byte
			data, err = json.MarshalIndent(dataset.Row{Cols: cols, Row: t.t.Row(i)}, "  ", "  ")
			buf = append(append(buf, "\n  "...), data...)
		} else {
			buf, err = dataset.Row{Cols: cols, Row: t.t.Row(i)}.AppendJSON(buf)
		}
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i+1, err)
		}
		if i+1 < n {
			buf = append(buf, ',')
		}
		if i+1 == min(n, sampleRows) {
			buf = buf.roomFor(n-i-1, len(buf)/(i+1))
		}
	}
	if indent {
		buf = append(buf, '\n')
	}
	buf = append(buf, ']')
	return buf, nil
}
