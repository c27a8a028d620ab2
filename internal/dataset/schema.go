package dataset

import (
	"fmt"
	"reflect"
	"strings"
	"unsafe"

	"github.com/postal-access/portal/internal/dataset/cell"
)

// Column describes one column of a data set, as read from its row type's
// struct tags.
type Column struct {
	Name string
	// Label is the column's heading for readers, such as "Clearing price".
	Label    string
	Required bool
	Doc      string
	// Ref names the data set whose id the column holds, if it holds one.
	Ref string
	// Zero is the column's field type, as its zero value: it says how the
	// column's values print, declare themselves and show.
	Zero cell.Field
	// Index is the field's index in the row struct.
	Index int
	// at reaches the column's field from a pointer to it (see cellAt);
	// nil for a type not listed there.
	at func(unsafe.Pointer) cell.Field
	// jsonKey is jsonName as JSON writes it before a member's value,
	// quoted and with its colon; made once, as every row writes it, and
	// used while Name is still jsonName.
	jsonKey, jsonName string
}

// Redactable reports whether the column may hold the literal "redacted".
func (c Column) Redactable() bool { return c.Zero.Schema().Redactable }

// Type names the column's field type, such as "Slug", "Money" or "Date",
// for the data dictionary.
func (c Column) Type() string { return reflect.TypeOf(c.Zero).Name() }

// Of returns the column's value in row, a pointer to a row struct of the
// column's data set.
func (c Column) Of(row any) cell.Field {
	return reflect.ValueOf(row).Elem().Field(c.Index).Interface().(cell.Field)
}

// ColumnsOf returns the columns of row type T in struct order. Every
// column's type must be a Field; a row type with another is a mistake in
// this package, which TestColumnsAreFields catches.
func ColumnsOf[T any]() []Column {
	t := reflect.TypeFor[T]()
	cols := make([]Column, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("csv")
		if name == "" || name == "-" {
			continue
		}
		zero, ok := reflect.Zero(f.Type).Interface().(cell.Field)
		if !ok {
			panic(fmt.Sprintf("dataset: %s.%s (column %s) is a %s, which is not a Field", t.Name(), f.Name, name, f.Type))
		}
		cols = append(cols, Column{
			Name:     name,
			Label:    f.Tag.Get("label"),
			Required: strings.Contains(f.Tag.Get("portal"), "required"),
			Doc:      f.Tag.Get("doc"),
			Ref:      f.Tag.Get("ref"),
			Zero:     zero,
			Index:    i,
			at:       cellAt[f.Type],
			jsonKey:  string(appendJSONString(nil, name)) + ":",
			jsonName: name,
		})
	}
	return cols
}
