package dataset

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"path"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/postal-access/portal/internal/diag"
)

// Limits bound what one data file may hold, so that a hostile or broken
// file is refused with a clear message instead of exhausting memory.
type Limits struct {
	MaxFileBytes  int64 // size of one CSV file
	MaxFieldBytes int   // size of one field
	MaxRows       int   // rows in one file, header excluded
	MaxColumns    int   // fields in the header
}

// DefaultLimits are generous for real postal data and small enough to keep
// a build in bounded memory.
var DefaultLimits = Limits{MaxFileBytes: 128 << 20, MaxFieldBytes: 64 << 10, MaxRows: 2_000_000, MaxColumns: 64}

// Table is one loaded data set: its rows and where each field came from.
type Table[T any] struct {
	Name    string   // data set name, e.g. "carriers"
	File    string   // path shown in messages, e.g. "data/carriers.csv"
	Columns []Column // the schema
	Header  []string // the columns the file has, in its order
	Rows    []T
	// Digest is the SHA-256 of the file's bytes as they were parsed:
	// everything made from the table alone can be keyed by it.
	Digest [32]byte
	// pos holds, row after row, the line and column where each of a
	// row's fields starts: 2*len(Header) numbers a row, in one slice
	// rather than one a row (tens of thousands of small objects, each
	// scanned by every collection).
	pos     []int32
	present bool
}

// Present reports whether the file existed.
func (t *Table[T]) Present() bool { return t.present }

// HasColumn reports whether the file's header has the column.
func (t *Table[T]) HasColumn(name string) bool { return t.colIndex(name) >= 0 }

func (t *Table[T]) colIndex(name string) int {
	for i, h := range t.Header {
		if h == name {
			return i
		}
	}
	return -1
}

// Pos returns where row i's field column starts. When the file has no such
// column, it returns the row's line.
func (t *Table[T]) Pos(i int, column string) diag.Pos {
	p := diag.Pos{File: t.File}
	rp := t.rowPos(i)
	if rp == nil {
		return p
	}
	p.Line = int(rp[0])
	if c := t.colIndex(column); c >= 0 {
		p.Line, p.Col = int(rp[2*c]), int(rp[2*c+1])
	}
	return p
}

// Line returns the line row i starts on, 0 when it is not known.
func (t *Table[T]) Line(i int) int {
	if rp := t.rowPos(i); rp != nil {
		return int(rp[0])
	}
	return 0
}

func (t *Table[T]) forgetPositions() {
	if t != nil {
		t.pos = nil
	}
}

// rowPos is row i's line and column pairs, or nil when there is no row i.
func (t *Table[T]) rowPos(i int) []int32 {
	n := 2 * len(t.Header)
	if i < 0 || n == 0 || (i+1)*n > len(t.pos) {
		return nil
	}
	return t.pos[i*n : (i+1)*n : (i+1)*n]
}

var bom = []byte("\xef\xbb\xbf")

// loadTable reads dir/name.csv from fsys into a Table, adding every problem
// it finds to errs. displayDir prefixes the file name in messages.
func loadTable[T any](ctx context.Context, fsys fs.FS, dir, displayDir, name string, lim Limits, cache *TableCache, errs *diag.List) *Table[T] {
	file := path.Join(displayDir, name+".csv")
	t := &Table[T]{Name: name, File: file, Columns: ColumnsOf[T]()}
	start := len(*errs)
	src, err := readLimited(fsys, path.Join(dir, name+".csv"), lim.MaxFileBytes)
	if errors.Is(err, fs.ErrNotExist) {
		errs.Add(diag.Pos{File: file}, "", "missing: every data set needs a file, at least a header row (%s)", columnList(t.Columns))
		return t
	}
	if err != nil {
		errs.Add(diag.Pos{File: file}, "", "%v", err)
		return t
	}
	t.present = true
	t.Digest = sha256.Sum256(src)
	key := tableKey{file: file, digest: t.Digest, lim: lim}
	if cached, ok := cache.get(key); ok {
		return cached.(*Table[T])
	}
	if ctx.Err() != nil {
		return t
	}
	hadBOM := bytes.HasPrefix(src, bom)
	src = bytes.TrimPrefix(src, bom)
	if len(bytes.TrimSpace(src)) == 0 {
		errs.Add(diag.Pos{File: file, Line: 1}, "", "file is empty: want a header row (%s)", columnList(t.Columns))
		return t
	}
	if line, col, ok := firstInvalidUTF8(src); !ok {
		if line == 1 && hadBOM {
			col += len(bom)
		}
		errs.Add(diag.Pos{File: file, Line: line, Col: col}, "", "invalid UTF-8: save the file as UTF-8")
		return t
	}
	n := len(*errs)
	records := t.readRecords(src, hadBOM, lim, errs)
	if (*errs)[n:].Err() != nil || records == nil {
		return t
	}
	t.checkRequired(records, errs)
	rows, err := t.decodeRows(records, errs)
	if err != nil {
		errs.Add(diag.Pos{File: file}, "", "reading rows: %v", err)
		return t
	}
	t.Rows = rows
	if len(*errs) == start && ctx.Err() == nil { // only a table read without a word is reused
		cache.put(key, t)
	}
	return t
}

// TableCache keeps the tables Load has read, by file and the digest of its
// bytes, so that loading many states of the same data (the releases of
// its history) parses each distinct file once. A table read with any
// problem is not kept. Tables are read-only once loaded, so states share
// them. The zero value is ready; a nil *TableCache keeps nothing.
type TableCache struct{ m sync.Map }

type tableKey struct {
	file   string
	digest [32]byte
	lim    Limits
}

func (c *TableCache) get(k tableKey) (any, bool) {
	if c == nil {
		return nil, false
	}
	return c.m.Load(k)
}

func (c *TableCache) put(k tableKey, t any) {
	if c != nil {
		c.m.Store(k, t)
	}
}

func columnList(cols []Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return "columns: " + strings.Join(names, ",")
}

func readLimited(fsys fs.FS, name string, max int64) ([]byte, error) {
	src, err := readAtMost(fsys, name, max)
	switch {
	case errors.Is(err, errIsDir):
		return nil, fmt.Errorf("is a directory, want a CSV file")
	case errors.Is(err, errTooLarge):
		return nil, fmt.Errorf("file is larger than the %d MiB limit (raise it with --max-file-size)", max>>20)
	}
	return src, err
}

var (
	errIsDir    = errors.New("is a directory")
	errTooLarge = errors.New("too large")
)

// readAtMost reads the file name of fsys, or returns errTooLarge when it
// holds more than max bytes. A file whose size is known is refused before
// any of it is read, so that a huge file costs neither time nor memory;
// the limited read bounds one whose size is not known.
func readAtMost(fsys fs.FS, name string, max int64) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err == nil && st.IsDir() {
		return nil, errIsDir
	}
	if err == nil && st.Mode().IsRegular() && st.Size() > max {
		return nil, errTooLarge
	}
	// Read into a buffer of the file's size, when known, rather than
	// one that doubles as it goes.
	var buf bytes.Buffer
	if err == nil && st.Mode().IsRegular() {
		buf.Grow(int(st.Size()) + bytes.MinRead)
	}
	if _, err := buf.ReadFrom(io.LimitReader(f, max+1)); err != nil {
		return nil, err
	}
	if int64(buf.Len()) > max {
		return nil, errTooLarge
	}
	return buf.Bytes(), nil
}

// firstInvalidUTF8 returns the 1-based line and byte column of the first
// byte that is not valid UTF-8, and false, or true when src is valid.
func firstInvalidUTF8(src []byte) (line, col int, ok bool) {
	if utf8.Valid(src) {
		return 0, 0, true
	}
	line, start := 1, 0
	for i := 0; i < len(src); {
		if src[i] == '\n' {
			line, start = line+1, i+1
			i++
			continue
		}
		r, size := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && size <= 1 {
			return line, i - start + 1, false
		}
		i += size
	}
	return 0, 0, true
}

// readRecords parses src strictly, checks the header and the number of
// fields in each row, and records where every field starts. It is the
// only parse of the file: decodeRows hands its records to gocsv.
func (t *Table[T]) readRecords(src []byte, hadBOM bool, lim Limits, errs *diag.List) (records [][]string) {
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	var pos []int32 // the row's, then appended to t.pos
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				col := pe.Column
				if pe.Line == 1 && hadBOM {
					col += len(bom)
				}
				at := diag.Pos{File: t.File, Line: pe.Line, Col: col}
				if pe.StartLine > 0 && pe.StartLine < pe.Line {
					// A quote left open swallows the lines after it, so the
					// reader stops far from the mistake: point at the row's
					// first line and name where reading stopped.
					errs.Add(diag.Pos{File: t.File, Line: pe.StartLine}, "", "%s", csvErrorText(pe)).Related = &at
				} else {
					errs.Add(at, "", "%s", csvErrorText(pe))
				}
			} else {
				errs.Add(diag.Pos{File: t.File}, "", "%v", err)
			}
			return nil
		}
		pos = slices.Grow(pos[:0], 2*len(rec))[:2*len(rec)]
		for i := range rec {
			line, col := r.FieldPos(i)
			if line == 1 && hadBOM {
				col += len(bom)
			}
			pos[2*i], pos[2*i+1] = int32(line), int32(col)
		}
		if records == nil {
			if len(rec) > lim.MaxColumns {
				errs.Add(diag.Pos{File: t.File, Line: 1, Col: 1}, "", "header has %d columns, more than the %d allowed", len(rec), lim.MaxColumns)
				return nil
			}
			t.Header = rec // trimHeader trims the names in place, for gocsv too
			t.trimHeader(pos, errs)
			if !t.checkHeader(pos, errs) {
				return nil
			}
			records = append(records, rec)
			continue
		}
		if len(records) > lim.MaxRows {
			errs.Add(diag.Pos{File: t.File, Line: int(pos[0])}, "", "more than %d rows (raise the limit with --max-rows)", lim.MaxRows)
			return nil
		}
		line := int(pos[0])
		if len(rec) != len(t.Header) {
			errs.Add(diag.Pos{File: t.File, Line: line}, "", "row has %d fields, the header has %d: check for a missing or extra comma, or a comma inside an unquoted field", len(rec), len(t.Header))
			continue
		}
		for i, f := range rec {
			if len(f) > lim.MaxFieldBytes {
				errs.Add(diag.Pos{File: t.File, Line: int(pos[2*i]), Col: int(pos[2*i+1])}, t.Header[i], "field is %d bytes, more than the %d allowed", len(f), lim.MaxFieldBytes)
			}
		}
		t.pos = append(t.pos, pos...)
		records = append(records, rec)
	}
	return records
}

func csvErrorText(pe *csv.ParseError) string {
	switch {
	case errors.Is(pe.Err, csv.ErrQuote):
		return `a quoted field is not closed, or a stray " is followed by other text: quote the whole field and double any " inside it`
	case errors.Is(pe.Err, csv.ErrBareQuote):
		return `a " appears inside an unquoted field: quote the whole field and double the " inside it`
	}
	return pe.Err.Error()
}

// trimHeader reads the header's names without the spaces around them, as
// spreadsheet exports sometimes write them ("name "), and warns once for
// the file, at the first name it trimmed.
func (t *Table[T]) trimHeader(pos []int32, errs *diag.List) {
	var trimmed []string
	first := -1
	for i, h := range t.Header {
		s := strings.TrimSpace(h)
		if s == h {
			continue
		}
		if first < 0 {
			first = i
		}
		trimmed = append(trimmed, fmt.Sprintf("%q read as %q", h, s))
		t.Header[i] = s
	}
	if first < 0 {
		return
	}
	at := diag.Pos{File: t.File, Line: int(pos[2*first]), Col: int(pos[2*first+1])}
	errs.Warn(at, "", "spaces around column names ignored: %s", strings.Join(trimmed, ", ")).Names(t.Header[first])
}

// schemaFile is where the data sets' columns are defined, for messages
// that tell how to add one.
const schemaFile = "internal/dataset/rows.go"

// checkHeader reports unknown, duplicate and missing columns.
func (t *Table[T]) checkHeader(pos []int32, errs *diag.List) bool {
	ok := true
	seen := map[string]int{}
	known := map[string]bool{}
	for _, c := range t.Columns {
		known[c.Name] = true
	}
	for i, h := range t.Header {
		p := diag.Pos{File: t.File, Line: int(pos[2*i]), Col: int(pos[2*i+1])}
		switch {
		case !known[h]:
			hint := ""
			if s := closest(h, t.Columns); s != "" {
				hint = fmt.Sprintf(" (did you mean %q?)", s)
			}
			errs.Add(p, "", "unknown column %q%s; %s; columns are defined in %s (type %s): add a field there to add one", h, hint, columnList(t.Columns), schemaFile, reflect.TypeFor[T]().Name()).Names(h)
			ok = false
		case seen[h] > 0:
			errs.Add(p, "", "column %q appears twice (first as column %d)", h, seen[h]).Names(h)
			ok = false
		}
		seen[h] = i + 1
	}
	for _, c := range t.Columns {
		if c.Required && seen[c.Name] == 0 {
			errs.Add(diag.Pos{File: t.File, Line: 1}, "", "missing required column %q", c.Name).Names(c.Name)
			ok = false
		}
	}
	return ok
}

// checkRequired reports blank fields in required columns.
func (t *Table[T]) checkRequired(records [][]string, errs *diag.List) {
	for _, c := range t.Columns {
		if !c.Required {
			continue
		}
		ci := t.colIndex(c.Name)
		for r, rec := range records[1:] {
			if strings.TrimSpace(rec[ci]) == "" {
				errs.Add(t.Pos(r, c.Name), "", "%s is required and is blank", c.Name).Names(c.Name)
			}
		}
	}
}
