package dataset

import (
	"encoding/csv"
	"errors"
	"io"
	"reflect"
	"slices"

	"github.com/gocarina/gocsv"

	"github.com/postal-access/portal/internal/diag"
)

// recordReader is gocsv's CSVReader over records already parsed. readRecords
// parses each file once, with encoding/csv, keeping where every field
// starts; gocsv then only turns the records into rows, reading them from
// here rather than parsing the file again through its process-global
// reader (gocsv.SetCSVReader).
type recordReader [][]string

var _ gocsv.CSVReader = (*recordReader)(nil)

// Read returns the next record, or io.EOF after the last.
func (r *recordReader) Read() ([]string, error) {
	if len(*r) == 0 {
		return nil, io.EOF
	}
	rec := (*r)[0]
	*r = (*r)[1:]
	return rec, nil
}

// ReadAll returns the records not yet read.
func (r *recordReader) ReadAll() ([][]string, error) {
	all := *r
	*r = nil
	return all, nil
}

// decodeRows turns recs, the header first, into rows: gocsv matches the
// columns by name and calls each field type's UnmarshalCSV. Every value a
// field type refuses is added to errs at its field's position.
//
// gocsv reads from a CSVReader only in UnmarshalCSV, which stops at the
// first refused value. So all rows are decoded in one call, and only when
// a value is refused does decoding go on a row at a time from its row:
// the refused value is reported, read as blank (which every field type
// accepts) and the row decoded again, until the row decodes. Each value is
// reported once and in order, and the work stays linear in the rows.
func (t *Table[T]) decodeRows(recs [][]string, errs *diag.List) ([]T, error) {
	var rows []T
	all := recordReader(recs)
	err := gocsv.UnmarshalCSV(&all, &rows)
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return rows, err
	}
	header := recs[0]
	for i := pe.Line - 2; i < len(rows); i++ { // gocsv's Line counts the header as 1
		rec := recs[i+1]
		for {
			var one []T
			err := gocsv.UnmarshalCSV(&recordReader{header, rec}, &one)
			if err == nil {
				rows[i] = one[0]
				break
			}
			if !errors.As(err, &pe) {
				return nil, err
			}
			col := header[pe.Column-1]
			errs.Add(t.Pos(i, col), col, "%v", pe.Err)
			rec = slices.Clone(rec)
			rec[pe.Column-1] = ""
		}
	}
	return rows, nil
}

// cellIndex maps the CSV names of row type T's columns to their fields.
func cellIndex[T any]() map[string]int {
	m := map[string]int{}
	for _, c := range ColumnsOf[T]() {
		m[c.Name] = c.Index
	}
	return m
}

// setCell is the UnmarshalCSVWithFields of a row type, by which gocsv
// hands it each cell of a row: the cell is read into its column's field
// by the field's UnmarshalCSV, as gocsv would call it, without gocsv
// boxing a copy of every field it sets (1.4 million allocations at scale
// 16, a fifth of a build's). The loader has checked the header before
// (exact names, none unknown, none twice); a name that is no column is
// left alone, as gocsv leaves it.
func setCell[T any](row *T, index map[string]int, key, value string) error {
	i, ok := index[key]
	if !ok {
		return nil
	}
	return reflect.ValueOf(row).Elem().Field(i).Addr().Interface().(interface{ UnmarshalCSV(string) error }).UnmarshalCSV(value)
}

var (
	carrierCells       = cellIndex[Carrier]()
	facilityCells      = cellIndex[Facility]()
	agreementCells     = cellIndex[Agreement]()
	auctionCells       = cellIndex[Auction]()
	resultCells        = cellIndex[Result]()
	participationCells = cellIndex[Participation]()
)

// UnmarshalCSVWithFields reads one cell (see setCell).
func (r *Carrier) UnmarshalCSVWithFields(key, value string) error {
	return setCell(r, carrierCells, key, value)
}

// UnmarshalCSVWithFields reads one cell (see setCell).
func (r *Facility) UnmarshalCSVWithFields(key, value string) error {
	return setCell(r, facilityCells, key, value)
}

// UnmarshalCSVWithFields reads one cell (see setCell).
func (r *Agreement) UnmarshalCSVWithFields(key, value string) error {
	return setCell(r, agreementCells, key, value)
}

// UnmarshalCSVWithFields reads one cell (see setCell).
func (r *Auction) UnmarshalCSVWithFields(key, value string) error {
	return setCell(r, auctionCells, key, value)
}

// UnmarshalCSVWithFields reads one cell (see setCell).
func (r *Result) UnmarshalCSVWithFields(key, value string) error {
	return setCell(r, resultCells, key, value)
}

// UnmarshalCSVWithFields reads one cell (see setCell).
func (r *Participation) UnmarshalCSVWithFields(key, value string) error {
	return setCell(r, participationCells, key, value)
}
