package dataset

import (
	"reflect"
	"strings"
)

// Column describes one column of a data set, as read from its row type's
// struct tags.
type Column struct {
	Name     string
	Required bool
	Doc      string
	// Type is the Go type of the field, such as "Slug", "Money" or "Date".
	Type string
	// Index is the field's index in the row struct.
	Index int
}

// Redactable reports whether the column may hold the literal "redacted".
func (c Column) Redactable() bool {
	return c.Type == "Money" || c.Type == "Volume" || c.Type == "Ref"
}

// ColumnsOf returns the columns of row type T in struct order.
func ColumnsOf[T any]() []Column {
	t := reflect.TypeFor[T]()
	cols := make([]Column, 0, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		name := f.Tag.Get("csv")
		if name == "" || name == "-" {
			continue
		}
		cols = append(cols, Column{
			Name:     name,
			Required: strings.Contains(f.Tag.Get("portal"), "required"),
			Doc:      f.Tag.Get("doc"),
			Type:     f.Type.Name(),
			Index:    i,
		})
	}
	return cols
}
