// Package diag holds positioned diagnostics: what is wrong with an input,
// where (file, line, column, field) and, for cross-file problems, the other
// place involved. A List collects them and sorts them like go/scanner.ErrorList.
package diag

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Severity says whether a diagnostic fails the run.
type Severity int

const (
	// Error fails the run.
	Error Severity = iota
	// Warning is reported but fails the run only in strict mode.
	Warning
)

// String returns "error" or "warning".
func (s Severity) String() string {
	if s == Warning {
		return "warning"
	}
	return "error"
}

// Pos is a place in an input file. Lines and columns start at 1; columns
// count bytes, as csv.Reader.FieldPos does. A zero Col means "the whole line".
type Pos struct {
	File string `json:"file"`
	Line int    `json:"line,omitempty"`
	Col  int    `json:"column,omitempty"`
}

// String formats p as go/token's Position.String does: file:line:col,
// file:line, file, line:col or line, and "-" when p is unknown.
func (p Pos) String() string {
	s := p.File
	if p.Line > 0 {
		if s != "" {
			s += ":"
		}
		s += strconv.Itoa(p.Line)
		if p.Col != 0 {
			s += ":" + strconv.Itoa(p.Col)
		}
	}
	if s == "" {
		s = "-"
	}
	return s
}

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Pos
	Severity Severity
	// Field is the column, key or setting the problem is in, if any.
	// Error prints it before Msg, unless Msg names it in its own words
	// (see Names).
	Field string
	Msg   string
	// Related is the other place a cross-file problem involves, if any.
	Related *Pos
	// named says that Msg is a sentence that names Field itself, such as
	// `expires 2026-01-01 is before effective 2026-02-01`.
	named bool
}

// Names records that d's message names field in its own words, as in
// `shipper_id "acme": no such carrier` or `unknown column "x"`: d is
// about field (for tools, as in portal check --format json), but Error
// prints no "field: " before the message. It returns d.
func (d *Diagnostic) Names(field string) *Diagnostic {
	d.Field, d.named = field, true
	return d
}

// Error formats d like go vet: "file:line:col: field: message", with
// "warning: " after the position for a warning, and " (see file:line:col)"
// after the message when a related place is known.
func (d *Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Message())
	if d.Related != nil {
		b.WriteString(" (see ")
		b.WriteString(d.Related.String())
		b.WriteString(")")
	}
	return b.String()
}

// Message is the message as Error prints it after the position: the
// field, unless the message names it, then Msg.
func (d *Diagnostic) Message() string {
	if d.Field == "" || d.named {
		return d.Msg
	}
	return d.Field + ": " + d.Msg
}

// diagnosticJSON is a Diagnostic in JSON. Its message is the message as
// printed, field included, so that a diagnostic read back (a warning kept
// in the output folder's manifest) prints the same.
type diagnosticJSON struct {
	Pos
	Field   string `json:"field,omitempty"`
	Msg     string `json:"message"`
	Related *Pos   `json:"related,omitempty"`
}

// MarshalJSON writes d as {"file", "line", "column", "field", "message",
// "related"}, with the message as printed. The severity is left out.
func (d *Diagnostic) MarshalJSON() ([]byte, error) {
	return json.Marshal(diagnosticJSON{d.Pos, d.Field, d.Message(), d.Related})
}

// UnmarshalJSON reads what MarshalJSON writes. The severity is kept.
func (d *Diagnostic) UnmarshalJSON(b []byte) error {
	var j diagnosticJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*d = Diagnostic{Pos: j.Pos, Severity: d.Severity, Field: j.Field, Msg: j.Msg, Related: j.Related, named: true}
	return nil
}

// List is a list of diagnostics. The zero value is ready to use.
type List []*Diagnostic

// Add appends an error at pos in field (empty when the problem is in no
// one field), printed as "field: message". A message that names the field
// in its own words, such as `shipper_id "acme": no such carrier`, is added
// with no field and then marked with Names.
func (l *List) Add(pos Pos, field, format string, args ...any) *Diagnostic {
	d := &Diagnostic{Pos: pos, Field: field, Msg: fmt.Sprintf(format, args...)}
	*l = append(*l, d)
	return d
}

// Warn appends a warning at pos.
func (l *List) Warn(pos Pos, field, format string, args ...any) *Diagnostic {
	d := l.Add(pos, field, format, args...)
	d.Severity = Warning
	return d
}

// Append adds all of other to l.
func (l *List) Append(other List) { *l = append(*l, other...) }

// Len, Less and Swap implement sort.Interface: by file, line, column, and
// message as printed.
func (l List) Len() int      { return len(l) }
func (l List) Swap(i, j int) { l[i], l[j] = l[j], l[i] }
func (l List) Less(i, j int) bool {
	a, b := l[i], l[j]
	if a.File != b.File {
		return a.File < b.File
	}
	if a.Line != b.Line {
		return a.Line < b.Line
	}
	if a.Col != b.Col {
		return a.Col < b.Col
	}
	return a.Message() < b.Message()
}

// Sort sorts the list in place, stably.
func (l List) Sort() { sort.Stable(l) }

// Dedupe drops, from a sorted list, repeats of the same diagnostic at the
// same place (a template's error repeats on every page of its kind).
func (l List) Dedupe() List {
	var out List
	for i, d := range l {
		if i > 0 && d.Error() == l[i-1].Error() {
			continue
		}
		out = append(out, d)
	}
	return out
}

// Errors returns the diagnostics that fail the run: all of them when strict,
// otherwise only those of Severity Error.
func (l List) Errors(strict bool) List {
	var out List
	for _, d := range l {
		if strict || d.Severity == Error {
			out = append(out, d)
		}
	}
	return out
}

// Warnings returns the diagnostics of Severity Warning.
func (l List) Warnings() List {
	var out List
	for _, d := range l {
		if d.Severity == Warning {
			out = append(out, d)
		}
	}
	return out
}

// Err returns l as an error when it holds at least one Error-severity
// diagnostic, and nil otherwise.
func (l List) Err() error {
	errs := l.Errors(false)
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// Error joins the first diagnostic and a count of the rest.
func (l List) Error() string {
	switch len(l) {
	case 0:
		return "no errors"
	case 1:
		return l[0].Error()
	}
	return fmt.Sprintf("%s (and %d more errors)", l[0].Error(), len(l)-1)
}

// Format writes every diagnostic on its own line, at most max of them
// (max <= 0 means all), followed by a count of those left out.
func (l List) Format(max int) string {
	var b strings.Builder
	for i, d := range l {
		if max > 0 && i == max {
			fmt.Fprintf(&b, "... and %d more\n", len(l)-max)
			break
		}
		b.WriteString(d.Error())
		b.WriteByte('\n')
	}
	return b.String()
}
