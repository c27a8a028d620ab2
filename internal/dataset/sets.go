package dataset

import (
	"context"
	"io/fs"

	"github.com/postal-access/portal/internal/diag"
)

// Set describes one data set. Sets is the one list of them that every
// package treating the data sets alike reads (loading, stamps, release
// diffs and notes, downloads and the data package, data blocks). Adding
// a data set is its row type in rows.go, a field of Data, a row here and
// its entry in data/datasets.yaml; pages that show it name it in
// pages.Kinds.
type Set struct {
	Name string // "auction_results": its file is data/<Name>.csv
	// Key names the columns that identify a row.
	Key []string
	// Label is the column that names a row for people, if any.
	Label string
	// Noun is one row in a sentence: "Lot".
	Noun string
	// Entity is the kind of page a row has, if any: "carrier".
	Entity string
	// Of is the data set's table in d.
	Of   func(d *Data) AnyTable
	load func(d *Data, l loader)
}

// Sets lists the data sets in the order they are loaded and published.
var Sets = []Set{
	{Name: "carriers", Key: []string{"id"}, Label: "name", Noun: "Carrier", Entity: "carrier",
		Of: func(d *Data) AnyTable { return d.Carriers }, load: func(d *Data, l loader) { d.Carriers = loadInto[Carrier](l, "carriers") }},
	{Name: "facilities", Key: []string{"id"}, Label: "name", Noun: "Facility", Entity: "facility",
		Of: func(d *Data) AnyTable { return d.Facilities }, load: func(d *Data, l loader) { d.Facilities = loadInto[Facility](l, "facilities") }},
	{Name: "agreements", Key: []string{"id"}, Label: "product", Noun: "Agreement", Entity: "agreement",
		Of: func(d *Data) AnyTable { return d.Agreements }, load: func(d *Data, l loader) { d.Agreements = loadInto[Agreement](l, "agreements") }},
	{Name: "auctions", Key: []string{"id"}, Label: "title", Noun: "Auction", Entity: "auction",
		Of: func(d *Data) AnyTable { return d.Auctions }, load: func(d *Data, l loader) { d.Auctions = loadInto[Auction](l, "auctions") }},
	{Name: "auction_results", Key: []string{"auction_id", "lot_id"}, Noun: "Lot",
		Of: func(d *Data) AnyTable { return d.Results }, load: func(d *Data, l loader) { d.Results = loadInto[Result](l, "auction_results") }},
	{Name: "participation", Key: []string{"auction_id", "carrier_id"}, Noun: "Participation",
		Of: func(d *Data) AnyTable { return d.Participation }, load: func(d *Data, l loader) { d.Participation = loadInto[Participation](l, "participation") }},
}

// Names lists the data sets' names, in the order of Sets.
var Names = func() []string {
	out := make([]string, len(Sets))
	for i, s := range Sets {
		out[i] = s.Name
	}
	return out
}()

// SetOf returns the data set named name, or false.
func SetOf(name string) (Set, bool) {
	for _, s := range Sets {
		if s.Name == name {
			return s, true
		}
	}
	return Set{}, false
}

// AnyTable is a loaded data set whatever its row type: a *Table[T].
type AnyTable interface {
	// Head is what the table is: its name, file, schema and header.
	Head() Head
	// Len is how many rows it has; Row(i) is a pointer to row i, for
	// Column.Of and Values.
	Len() int
	Row(i int) any
}

// Head is what a table is, apart from its rows.
type Head struct {
	Name, File string
	Columns    []Column
	Header     []string
	Digest     [32]byte
	Present    bool // the file existed
}

// Head implements AnyTable; a nil table has the zero Head.
func (t *Table[T]) Head() Head {
	if t == nil {
		return Head{}
	}
	return Head{Name: t.Name, File: t.File, Columns: t.Columns, Header: t.Header, Digest: t.Digest, Present: t.present}
}

// Len implements AnyTable.
func (t *Table[T]) Len() int {
	if t == nil {
		return 0
	}
	return len(t.Rows)
}

// Row implements AnyTable.
func (t *Table[T]) Row(i int) any { return &t.Rows[i] }

// loader is what loading one data set needs.
type loader struct {
	ctx          context.Context
	fsys         fs.FS
	dir, display string
	limits       Limits
	cache        *TableCache
	errs         *diag.List
}

func loadInto[T any](l loader, name string) *Table[T] {
	return loadTable[T](l.ctx, l.fsys, l.dir, l.display, name, l.limits, l.cache, l.errs)
}
