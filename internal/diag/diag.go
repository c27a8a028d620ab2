// Package diag holds positioned diagnostics: what is wrong with an input,
// where (file, line, column, field) and, for cross-file problems, the other
// place involved. A List collects them and sorts them like go/scanner.ErrorList.
package diag

import (
	"fmt"
	"sort"
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

// String formats p as file:line:col, file:line or file.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Col == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Diagnostic is one problem found in the input.
type Diagnostic struct {
	Pos
	Severity Severity `json:"-"`
	Field    string   `json:"field,omitempty"`
	Msg      string   `json:"message"`
	// Related is the other place a cross-file problem involves, if any.
	Related *Pos `json:"related,omitempty"`
}

// Error formats d like go vet: "file:line:col: field: message".
func (d *Diagnostic) Error() string {
	var b strings.Builder
	b.WriteString(d.Pos.String())
	b.WriteString(": ")
	if d.Severity == Warning {
		b.WriteString("warning: ")
	}
	b.WriteString(d.Msg)
	if d.Related != nil {
		b.WriteString(" (see ")
		b.WriteString(d.Related.String())
		b.WriteString(")")
	}
	return b.String()
}

// List is a list of diagnostics. The zero value is ready to use.
type List []*Diagnostic

// Add appends an error at pos. The message should start with the field and
// its value where there is one, e.g. `shipper_id "acme": no such carrier`.
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

// Len, Less and Swap implement sort.Interface: by file, line, column, message.
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
	return a.Msg < b.Msg
}

// Sort sorts the list in place, stably.
func (l List) Sort() { sort.Stable(l) }

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
