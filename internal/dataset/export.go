package dataset

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
)

// Field is one named value of a row, ready to publish.
type Field struct {
	Name string
	// Text is the value as written in CSV ("" for unknown).
	Text string
	// JSON is the value for JSON: a json.Number, a string, or nil for unknown.
	JSON any
}

// Fields returns row's values in the order of cols.
func Fields[T any](cols []Column, row *T) []Field {
	v := reflect.ValueOf(row).Elem()
	out := make([]Field, len(cols))
	for i, c := range cols {
		fv := v.Field(c.Index).Interface()
		text := textOf(fv)
		out[i] = Field{Name: c.Name, Text: text, JSON: jsonOf(fv, text)}
	}
	return out
}

func textOf(v any) string {
	switch x := v.(type) {
	case fmt.Stringer:
		return x.String()
	case interface{ MarshalText() ([]byte, error) }:
		b, _ := x.MarshalText()
		return string(b)
	}
	return reflect.ValueOf(v).String()
}

func jsonOf(v any, text string) any {
	if text == "" {
		return nil
	}
	switch x := v.(type) {
	case Money:
		if x.State == Known {
			return json.Number(text)
		}
	case Volume:
		if x.State == Known {
			return json.Number(text)
		}
	case Count:
		return json.Number(text)
	case Latitude, Longitude:
		return json.Number(text)
	}
	return text
}

// Object is a JSON object whose keys keep their order.
type Object []Field

// MarshalJSON writes the fields in order. Names, numbers and strings of
// plain characters are written directly; anything else goes through
// encoding/json, so the bytes are always those json.Marshal writes.
func (o Object) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 32*len(o)+2)
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
		default:
			b, err = appendMarshal(b, v)
		}
		if err != nil {
			return nil, err
		}
	}
	return append(b, '}'), nil
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
// by prefixing a single quote.
func SafeCell(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '+', '-', '@', '\t', '\r':
		if s[0] == '-' && isNumber(s[1:]) {
			return s
		}
		return "'" + s
	}
	return s
}

func isNumber(s string) bool {
	if s == "" {
		return false
	}
	return strings.Trim(s, "0123456789.") == ""
}

// FrictionlessType returns the Table Schema type of a column, and the
// enum or pattern constraint that goes with it, if any.
func FrictionlessType(c Column) (typ string, constraints map[string]any) {
	constraints = map[string]any{}
	if c.Required {
		constraints["required"] = true
	}
	switch c.Type {
	case "Slug":
		typ = "string"
		constraints["pattern"] = "[a-z0-9]+(-[a-z0-9]+)*"
	case "Ref":
		typ = "string"
		constraints["pattern"] = "[a-z0-9]+(-[a-z0-9]+)*"
	case "Date":
		typ = "date"
	case "Money", "Latitude", "Longitude":
		typ = "number"
	case "Volume", "Count":
		typ = "integer"
		constraints["minimum"] = 0
	case "Link":
		typ = "string"
		constraints["pattern"] = "https?://.*"
	case "CarrierKind":
		typ, constraints["enum"] = "string", CarrierKinds
	case "FacilityType":
		typ, constraints["enum"] = "string", FacilityTypes
	case "AgreementStatus":
		typ, constraints["enum"] = "string", AgreementStatuses
	case "AuctionStatus":
		typ, constraints["enum"] = "string", AuctionStatuses
	case "AwardRule":
		typ, constraints["enum"] = "string", AwardRules
	case "ParticipationStatus":
		typ, constraints["enum"] = "string", ParticipationStatuses
	case "TermsPublic":
		typ, constraints["enum"] = "string", TermsPublicValues
	case "ContractDocket":
		typ, constraints["pattern"] = "string", "(CP|K)[0-9]{4}-[1-9][0-9]*"
	case "ClassDocket":
		typ, constraints["pattern"] = "string", "MC[0-9]{4}-[1-9][0-9]*"
	default:
		typ = "string"
	}
	return typ, constraints
}
