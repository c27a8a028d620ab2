package dataset

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
	"unsafe"

	"github.com/postal-access/portal/internal/dataset/cell"
)

// Pair is one named value of a JSON object, ready to publish.
type Pair struct {
	Name string
	// JSON is the value for JSON: a json.Number, a string, nil for
	// unknown, or anything encoding/json marshals.
	JSON any
}

// Row is a data set's row as a JSON object: a member per column, named
// after it, in the order of Cols, each value written straight from its
// cell (see cell.Field's AppendCSV and JSONNumber). Row is a pointer to
// a row type.
type Row struct {
	Cols []Column
	Row  any
}

// MarshalJSON writes the row's object.
func (r Row) MarshalJSON() ([]byte, error) { return r.AppendJSON(make([]byte, 0, 48*len(r.Cols)+2)) }

// AppendJSON appends the row's object to b.
func (r Row) AppendJSON(b []byte) ([]byte, error) {
	b, err := r.appendMembers(append(b, '{'), false)
	return append(b, '}'), err
}

// appendMembers appends the row's members, after a comma when comma.
func (r Row) appendMembers(b []byte, comma bool) ([]byte, error) {
	if len(r.Cols) == 0 {
		return b, nil // a record without a row
	}
	v := reflect.ValueOf(r.Row).Elem()
	for i, c := range r.Cols {
		if comma || i > 0 {
			b = append(b, ',')
		}
		if c.jsonKey != "" && c.jsonName == c.Name {
			b = append(b, c.jsonKey...)
		} else {
			b = append(appendJSONString(b, c.Name), ':')
		}
		var err error
		if b, err = appendCell(b, field(v, c)); err != nil {
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
	}
	return b, nil
}

// appendCell appends f's JSON to b: its CSV text as a number, or as a
// string, or null when that is empty. The text is written in place and
// checked there: a number or a string of plain characters is written as
// json.Marshal would write it; anything else goes through encoding/json.
func appendCell(b []byte, f cell.Field) ([]byte, error) {
	start := len(b)
	if f.JSONNumber() {
		b = f.AppendCSV(b)
		if plainNumber(b[start:]) {
			return b, nil
		}
		return appendMarshal(b[:start], json.Number(b[start:]))
	}
	b = f.AppendCSV(append(b, '"'))
	switch text := b[start+1:]; {
	case len(text) == 0:
		return append(b[:start], "null"...), nil
	case plainString(text):
		return append(b, '"'), nil
	default:
		return appendJSONString(b[:start], string(text)), nil
	}
}

// field is the value of column c in row v, an addressable row, through a
// pointer into the row: the value itself in an interface would be a copy
// on the heap.
func field(v reflect.Value, c Column) cell.Field {
	if c.at != nil {
		return c.at(unsafe.Pointer(v.Field(c.Index).UnsafeAddr()))
	}
	return v.Field(c.Index).Addr().Interface().(cell.Field)
}

// cellAt makes, for each field type of package cell, a column's Field
// from a pointer to the field: the downloads and twins read every cell of
// every row, and reaching each through reflect (Addr, which looks the
// pointer's type up each time, then an interface conversion) took 2 % of
// a cold build's instructions. A column of another type is reached
// through reflect. TestEveryColumnReachedDirectly holds
// the list to the row types' columns.
var cellAt = func() map[reflect.Type]func(unsafe.Pointer) cell.Field {
	m := map[reflect.Type]func(unsafe.Pointer) cell.Field{}
	reachable[cell.Slug](m)
	reachable[cell.Ref](m)
	reachable[cell.Text](m)
	reachable[cell.Link](m)
	reachable[cell.StateCode](m)
	reachable[cell.ZIP](m)
	reachable[cell.Latitude](m)
	reachable[cell.Longitude](m)
	reachable[cell.Money](m)
	reachable[cell.Count](m)
	reachable[cell.Volume](m)
	reachable[cell.Date](m)
	reachable[cell.ContractDocket](m)
	reachable[cell.ClassDocket](m)
	reachable[cell.Qualifier](m)
	reachable[cell.CarrierKind](m)
	reachable[cell.FacilityType](m)
	reachable[cell.AgreementStatus](m)
	reachable[cell.AuctionStatus](m)
	reachable[cell.AwardRule](m)
	reachable[cell.ParticipationStatus](m)
	reachable[cell.TermsPublic](m)
	return m
}()

// reachable adds T to m: the Field of a pointer to a T.
func reachable[T any, P interface {
	*T
	cell.Field
}](m map[reflect.Type]func(unsafe.Pointer) cell.Field) {
	m[reflect.TypeFor[T]()] = func(p unsafe.Pointer) cell.Field { return P((*T)(p)) }
}

// Record is a JSON object that starts with a row's members and goes on
// with more: an entity's JSON twin.
type Record struct {
	Row  Row
	More Object
}

// MarshalJSON writes the record's object.
func (r Record) MarshalJSON() ([]byte, error) { return r.AppendJSON(nil) }

// AppendJSON appends the record's object to b.
func (r Record) AppendJSON(b []byte) ([]byte, error) {
	b, err := r.Row.appendMembers(append(b, '{'), false)
	if err != nil {
		return nil, err
	}
	if b, err = r.More.appendMembers(b, len(r.Row.Cols) > 0); err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// AppendCSV appends row's cells to out as CSV writes them, in the order
// of cols (see cell.Field's AppendCSV), with cells that a spreadsheet
// would run as formulas neutralised (see SafeCell), each cell's text
// written into scratch first; it returns out and scratch to be used
// again. The record ends with a newline, as encoding/csv writes it.
func AppendCSV(out, scratch []byte, cols []Column, row any) ([]byte, []byte) {
	v := reflect.ValueOf(row).Elem()
	for i, c := range cols {
		if i > 0 {
			out = append(out, ',')
		}
		scratch = field(v, c).AppendCSV(scratch[:0])
		out = AppendCSVCell(out, scratch)
	}
	return append(out, '\n'), scratch
}

// RedactedCells counts the cells of row, in cols, that are RedactedWord in
// CSV, each written into scratch; it returns scratch to be used again.
func RedactedCells(cols []Column, row any, scratch []byte) (int, []byte) {
	v, n := reflect.ValueOf(row).Elem(), 0
	for _, c := range cols {
		if scratch = field(v, c).AppendCSV(scratch[:0]); string(scratch) == RedactedWord {
			n++
		}
	}
	return n, scratch
}

// AppendCSVHeader appends the names of cols as a CSV record.
func AppendCSVHeader(out []byte, cols []Column) []byte {
	for i, c := range cols {
		if i > 0 {
			out = append(out, ',')
		}
		out = appendCSVField(out, []byte(c.Name), false)
	}
	return append(out, '\n')
}

// AppendCSVCell appends the cell text, neutralised as SafeCell does it,
// to out as encoding/csv's Writer writes a field (comma-separated, lines
// ended by \n): quoted when it holds a comma, quote, carriage return or
// line feed, starts with white space or is \., its quotes doubled.
func AppendCSVCell(out, text []byte) []byte { return appendCSVField(out, text, true) }

// appendCSVField appends text as encoding/csv's Writer writes a field,
// neutralised first as SafeCell does it when safe.
func appendCSVField(out, text []byte, safe bool) []byte {
	if safe && safeCellQuote(text) {
		// SafeCell's quote: the text then starts with it, not with space.
		if !csvNeedsQuotes(text, false) {
			return append(append(out, '\''), text...)
		}
		out = append(out, '"', '\'')
	} else if !csvNeedsQuotes(text, true) {
		return append(out, text...)
	} else {
		out = append(out, '"')
	}
	for {
		i := bytes.IndexByte(text, '"')
		if i < 0 {
			break
		}
		out = append(append(out, text[:i+1]...), '"')
		text = text[i+1:]
	}
	return append(append(out, text...), '"')
}

// csvSpecial are the bytes that make encoding/csv quote a field.
var csvSpecial = [256]bool{'\n': true, '\r': true, '"': true, ',': true}

// safeCellQuote reports whether SafeCell prefixes text with a quote.
func safeCellQuote(text []byte) bool {
	if len(text) == 0 {
		return false
	}
	switch text[0] {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		return !(text[0] == '-' && isNumber(text[1:]))
	}
	return false
}

// csvNeedsQuotes is encoding/csv's fieldNeedsQuotes for a comma: the
// text holds a comma, quote, carriage return or line feed, or, when it
// is bare (the whole field, with no quote of SafeCell's before it), is
// \. or starts with white space.
func csvNeedsQuotes(text []byte, bare bool) bool {
	if len(text) == 0 {
		return false
	}
	if bare && string(text) == `\.` {
		return true
	}
	for _, c := range text {
		if csvSpecial[c] {
			return true
		}
	}
	if !bare {
		return false
	}
	r, _ := utf8.DecodeRune(text)
	return unicode.IsSpace(r)
}

// Object is a JSON object whose keys keep their order.
type Object []Pair

// MarshalJSON writes the fields in order. Names, numbers and strings of
// plain characters are written directly; anything else goes through
// encoding/json, so the bytes are always those json.Marshal writes.
func (o Object) MarshalJSON() ([]byte, error) { return o.AppendJSON(make([]byte, 0, 32*len(o)+2)) }

// AppendJSON appends o to b as MarshalJSON writes it: a caller that makes
// many objects' JSON can write them into memory it reuses. The objects
// and lists of strings a JSON twin nests in it are written here too:
// through encoding/json each would be written, then checked and copied
// again.
func (o Object) AppendJSON(b []byte) ([]byte, error) {
	b, err := o.appendMembers(append(b, '{'), false)
	if err != nil {
		return nil, err
	}
	return append(b, '}'), nil
}

// appendMembers appends o's members, after a comma when comma.
func (o Object) appendMembers(b []byte, comma bool) ([]byte, error) {
	for i, f := range o {
		if comma || i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, f.Name)
		b = append(b, ':')
		var err error
		switch v := f.JSON.(type) {
		case nil:
			b = append(b, "null"...)
		case string:
			b = appendJSONString(b, v)
		case json.Number:
			if plainNumber(v) {
				b = append(b, v...)
				break
			}
			b, err = appendMarshal(b, v)
		case Object:
			b, err = v.AppendJSON(b)
		case []Object:
			b, err = appendList(b, v)
		case Row:
			b, err = v.AppendJSON(b)
		case []Row:
			b, err = appendList(b, v)
		case []string:
			b = appendStrings(b, v)
		case json.RawMessage:
			// As it is, not through json.Marshal (which would check,
			// compact and HTML-escape it): its writer must write what
			// Object writes for the same members, its strings through
			// AppendJSONString (see publish's concentration).
			b = append(b, v...)
		case int:
			b = strconv.AppendInt(b, int64(v), 10)
		case int64:
			b = strconv.AppendInt(b, v, 10)
		case bool:
			b = strconv.AppendBool(b, v)
		default:
			b, err = appendMarshal(b, v)
		}
		if err != nil {
			return nil, err
		}
	}
	return b, nil
}

// appendList appends a JSON array of objects or rows, or null for none.
func appendList[T interface{ AppendJSON([]byte) ([]byte, error) }](b []byte, list []T) ([]byte, error) {
	if list == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i, o := range list {
		if i > 0 {
			b = append(b, ',')
		}
		var err error
		if b, err = o.AppendJSON(b); err != nil {
			return nil, err
		}
	}
	return append(b, ']'), nil
}

func appendStrings(b []byte, ss []string) []byte {
	if ss == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range ss {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

func appendMarshal(b []byte, v any) ([]byte, error) {
	enc, err := json.Marshal(v)
	return append(b, enc...), err
}

// AppendJSONString appends s as json.Marshal, and so Object, writes it,
// for a caller writing a member's JSON itself (see json.RawMessage in
// Object).
func AppendJSONString(b []byte, s string) []byte { return appendJSONString(b, s) }

// appendJSONString appends s as json.Marshal writes it: directly when
// every byte is printable ASCII that needs no escape (HTML's <, > and &
// included), through encoding/json otherwise.
func appendJSONString(b []byte, s string) []byte {
	if !plainString(s) {
		enc, _ := json.Marshal(s) // a string always marshals
		return append(b, enc...)
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainString reports whether json.Marshal writes s as it is, quoted:
// every byte is printable ASCII that needs no escape (HTML's <, > and &
// included).
func plainString[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if !jsonPlain[s[i]] {
			return false
		}
	}
	return true
}

// jsonPlain are the bytes json.Marshal writes as they are in a string:
// printable ASCII but the quote, backslash, <, > and &. A table, as every
// name and string of every JSON file is read byte by byte here.
var jsonPlain = func() (t [256]bool) {
	for c := 0x20; c <= 0x7e; c++ {
		t[c] = true
	}
	for _, c := range `"\<>&` {
		t[c] = false
	}
	return t
}()

// PlainNumber reports whether b is a JSON number as Object writes a
// json.Number of it: as it is.
func PlainNumber(b []byte) bool { return plainNumber(b) }

// plainNumber reports whether s is a JSON number in its simplest form:
// an optional minus, digits without a leading zero, and an optional
// fraction. json.Marshal writes such a json.Number as it is.
func plainNumber[T ~string | ~[]byte](s T) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	start := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == start || s[start] == '0' && i-start > 1 {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		frac := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == frac {
			return false
		}
	}
	return i == len(s)
}

// SafeCell neutralises a CSV cell that a spreadsheet would run as a
// formula (OWASP: cells starting with =, +, -, @, tab or carriage return)
// by prefixing a single quote. A cell that already starts with a quote
// gets one more, so that the guard can always be undone: PlainCell
// removes exactly one leading quote.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r', '\'':
		if s[0] == '-' && isNumber(s[1:]) {
			return s
		}
		return "'" + s
	}
	return s
}

// PlainCell undoes SafeCell: a published cell that starts with a single
// quote is the data's cell without that one quote. PlainCell(SafeCell(s))
// == s for every s.
func PlainCell(s string) string { return strings.TrimPrefix(s, "'") }

func isNumber[T string | []byte](s T) bool {
	if len(s) == 0 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; (c < '0' || c > '9') && c != '.' {
			return false
		}
	}
	return true
}

// FrictionlessType returns the Table Schema type of a column and its
// constraints. A redactable column is never required: the sealed rows
// hold "redacted", which the data package declares a missing value.
func FrictionlessType(c Column) (typ string, constraints map[string]any) {
	s := c.Zero.Schema()
	constraints = map[string]any{}
	if c.Required && !s.Redactable {
		constraints["required"] = true
	}
	if s.Pattern != "" {
		constraints["pattern"] = s.Pattern
	}
	if s.Enum != nil {
		constraints["enum"] = s.Enum
	}
	if s.Min != nil {
		constraints["minimum"] = *s.Min
	}
	if s.Max != nil {
		constraints["maximum"] = *s.Max
	}
	return s.Type, constraints
}
