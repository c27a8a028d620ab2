package dataset

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/postal-access/portal/internal/dataset/cell"
)

// Pair is one named value of a JSON object, ready to publish.
type Pair struct {
	Name string
	// JSON is the value for JSON: a json.Number, a string, nil for
	// unknown, or anything encoding/json marshals.
	JSON any
}

// Values returns the JSON values of row, a pointer to a row type, in the
// order of cols. Texts gives their CSV text.
func Values(cols []Column, row any) []Pair {
	v := reflect.ValueOf(row).Elem()
	out := make([]Pair, len(cols))
	for i, c := range cols {
		out[i] = Pair{Name: c.Name, JSON: field(v, c).JSON()}
	}
	return out
}

// Texts appends to out the CSV text of row's values, in the order of
// cols.
func Texts(cols []Column, row any, out []string) []string {
	v := reflect.ValueOf(row).Elem()
	for _, c := range cols {
		out = append(out, field(v, c).CSV())
	}
	return out
}

// field is the value of column c in row v, through a pointer into the
// row: the value itself in an interface would be a copy on the heap.
func field(v reflect.Value, c Column) cell.Field {
	return v.Field(c.Index).Addr().Interface().(cell.Field)
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
	b = append(b, '{')
	for i, f := range o {
		if i > 0 {
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
			if plainNumber(string(v)) {
				b = append(b, v...)
				break
			}
			b, err = appendMarshal(b, v)
		case Object:
			b, err = v.AppendJSON(b)
		case []Object:
			b, err = appendObjects(b, v)
		case []string:
			b = appendStrings(b, v)
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
	return append(b, '}'), nil
}

func appendObjects(b []byte, os []Object) ([]byte, error) {
	if os == nil {
		return append(b, "null"...), nil
	}
	b = append(b, '[')
	for i, o := range os {
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

// appendJSONString appends s as json.Marshal writes it: directly when
// every byte is printable ASCII that needs no escape (HTML's <, > and &
// included), through encoding/json otherwise.
func appendJSONString(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c > 0x7e || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			enc, _ := json.Marshal(s) // a string always marshals
			return append(b, enc...)
		}
	}
	b = append(b, '"')
	b = append(b, s...)
	return append(b, '"')
}

// plainNumber reports whether s is a JSON number in its simplest form:
// an optional minus, digits without a leading zero, and an optional
// fraction. json.Marshal writes such a json.Number as it is.
func plainNumber(s string) bool {
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

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	return strings.Trim(s, "0123456789.") == ""
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
