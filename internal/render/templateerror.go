package render

import (
	"errors"
	"html/template"
	"strconv"
	"strings"
	ttemplate "text/template"
	"text/template/parse"

	"github.com/postal-access/portal/internal/diag"
)

// Error is an error executing a page's template, with the position of
// the template text that failed. Its Error method says what the template
// package said.
type Error struct {
	Pos diag.Pos
	Msg string // without the position
	Err error
}

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// TemplateError turns an error from Templates.Execute into a diagnostic
// at the file, line and column of the template text that failed.
// fallback names the file when the error names none.
func TemplateError(err error, fallback string) diag.List {
	var l diag.List
	var e *Error
	if !errors.As(err, &e) {
		e = locate(nil, err)
	}
	if e.Pos.File == "" {
		e.Pos.File = fallback
	}
	l.Add(e.Pos, "", "%s", e.Msg)
	return l
}

// locate finds where in the templates err happened:
//   - html/template's escaper reports a *template.Error with the node
//     that failed, or the template's name and line;
//   - text/template's ExecError holds the template's name and a message
//     that starts with the location of the node (parse.Tree.ErrorContext,
//     "file:line:column", columns counted from 0), which is the only
//     place it keeps the position; the file is one of defs.
//
// Anything else is left without a position. defs maps the names of the
// templates to the files that define them (the escaper forgets a
// template's tree when it fails); it may be nil.
func locate(defs map[string]string, err error) *Error {
	e := &Error{Msg: err.Error(), Err: err}
	var esc *template.Error
	var exec ttemplate.ExecError
	switch {
	case errors.As(err, &esc) && esc.Node != nil:
		loc, _ := (*parse.Tree)(nil).ErrorContext(esc.Node)
		if pos, ok := position(loc); ok {
			e.Pos, e.Msg = pos, esc.Description
		}
	case errors.As(err, &esc):
		e.Pos.File = defs[esc.Name]
		if esc.Line > 0 {
			e.Pos.Line, e.Msg = esc.Line, esc.Description
		}
	case errors.As(err, &exec):
		e.Pos.File = defs[exec.Name]
		rest, _ := strings.CutPrefix(exec.Err.Error(), "template: ")
		for _, file := range defs {
			after, ok := strings.CutPrefix(rest, file+":")
			if !ok {
				continue
			}
			lc, msg, _ := strings.Cut(after, ": ")
			if pos, ok := position(file + ":" + lc); ok {
				e.Pos, e.Msg = pos, msg
				break
			}
		}
	}
	return e
}

// position reads a location as parse.Tree.ErrorContext writes it,
// "file:line:column" with the column counted from 0, as a diag position,
// whose byte columns count from 1.
func position(loc string) (diag.Pos, bool) {
	rest, c, ok1 := cutLast(loc, ":")
	file, l, ok2 := cutLast(rest, ":")
	line, err1 := strconv.Atoi(l)
	col, err2 := strconv.Atoi(c)
	if !ok1 || !ok2 || err1 != nil || err2 != nil || file == "" {
		return diag.Pos{}, false
	}
	return diag.Pos{File: file, Line: line, Col: col + 1}, true
}

func cutLast(s, sep string) (before, after string, found bool) {
	if i := strings.LastIndex(s, sep); i >= 0 {
		return s[:i], s[i+len(sep):], true
	}
	return s, "", false
}

// definitions maps the names of the templates in set to their files.
func definitions(set *template.Template) map[string]string {
	defs := map[string]string{}
	for _, t := range set.Templates() {
		if t.Tree != nil && t.Tree.ParseName != "" {
			defs[t.Name()] = t.Tree.ParseName
		}
	}
	return defs
}

// parseError is the diagnostic for an error parsing the file name. The
// parser reports "template: NAME:LINE: message" in a plain error, so the
// line is read back from the text, behind the name it was given.
func parseError(err error, name string) diag.List {
	var l diag.List
	pos, msg := diag.Pos{File: name}, err.Error()
	if rest, ok := strings.CutPrefix(msg, "template: "+name+":"); ok {
		line, text, _ := strings.Cut(rest, ": ")
		if n, err := strconv.Atoi(line); err == nil {
			pos.Line, msg = n, text
		}
	}
	l.Add(pos, "", "%s", msg)
	return l
}
