package changes

import (
	"slices"
	"strings"

	"github.com/postal-access/portal/internal/dataset"
)

// Diff is what changed in the data between two releases.
type Diff struct {
	Sets  []SetDiff // one per data set, in the order of dataset.Names
	Notes []Note    // the changes called out in words
}

// Empty reports whether nothing changed.
func (d Diff) Empty() bool {
	for _, s := range d.Sets {
		if !s.Empty() {
			return false
		}
	}
	return true
}

// SetDiff is what changed in one data set. Rows are matched by their
// identity (see Keys), not by their place in the file: reordered rows are
// no change, and a renamed id is a row removed and a row added.
type SetDiff struct {
	Name                    string
	Added, Removed, Changed []Row
	// ColumnsAdded and ColumnsRemoved are optional columns that one of the
	// files' headers has and the other's not. Their values are not
	// compared: a new column is not a change of every row.
	ColumnsAdded, ColumnsRemoved []string
}

// Empty reports whether nothing changed in the data set.
func (s SetDiff) Empty() bool {
	return len(s.Added)+len(s.Removed)+len(s.Changed)+len(s.ColumnsAdded)+len(s.ColumnsRemoved) == 0
}

// Row is one row added, removed or changed.
type Row struct {
	// Key is the row's identity, one value per key column (see Keys).
	Key []string
	// Label names the row for people: a carrier's name, an agreement's
	// product; empty when the data set has no such column.
	Label string
	// Values are the row's fields (of the newer release, or of the older
	// for a removed row), by column name.
	Values map[string]dataset.Field
	// Changes are the fields that differ, in column order (changed rows only).
	Changes []Change
	// Old and New are the row itself (a *dataset.Result, ...) in the
	// older and the newer release, nil in the one that lacks it: how a
	// field shows can depend on its row (see dataset.Applicable).
	Old, New any
}

// ID is the key joined with "/": "amazon", "usps-last-mile-2026/lot-3".
func (r Row) ID() string { return strings.Join(r.Key, "/") }

// Change is one field of a row: before → after.
type Change struct {
	Column        dataset.Column
	Before, After dataset.Field
}

// Compare returns what changed from old to new. A data set that either
// side could not load (skip reports it) is left out.
func Compare(old, new *dataset.Data, skip func(name string) bool) Diff {
	var d Diff
	for _, set := range dataset.Sets {
		if skip == nil || !skip(set.Name) { // a skipped set is not compared at all
			d.Sets = append(d.Sets, Table(set.Of(old), set.Of(new)))
		}
	}
	d.Notes = notes(d.Sets)
	return d
}

// Table compares two states of one data set; either may be nil or a
// file that was missing (no rows).
func Table(old, new dataset.AnyTable) SetDiff {
	var name string
	var cols []dataset.Column
	for _, t := range []dataset.AnyTable{new, old} {
		if h := head(t); h.Name != "" {
			name, cols = h.Name, h.Columns
			break
		}
	}
	s := SetDiff{Name: name}
	if present(old) && present(new) && head(old).Digest == head(new).Digest {
		return s // the same bytes: nothing to compare
	}
	set, _ := dataset.SetOf(name) // its key columns and its label column
	keys := set.Key
	before := index(old, cols, keys)
	after := index(new, cols, keys)
	var common []dataset.Column
	for _, c := range cols {
		inOld, inNew := has(old, c.Name), has(new, c.Name)
		switch {
		case inOld && inNew:
			common = append(common, c)
		case inNew && present(old):
			s.ColumnsAdded = append(s.ColumnsAdded, c.Name)
		case inOld && present(new):
			s.ColumnsRemoved = append(s.ColumnsRemoved, c.Name)
		}
	}
	if new != nil {
		for i := range new.Len() {
			r := new.Row(i)
			k := key(cols, keys, r)
			o, ok := before[strings.Join(k, "\x00")]
			if !ok {
				row := makeRow(set.Label, cols, k, r)
				row.New = r
				s.Added = append(s.Added, row)
				continue
			}
			var ch []Change
			for _, c := range common {
				if b, a := c.Of(o), c.Of(r); b.CSV() != a.CSV() {
					ch = append(ch, Change{Column: c, Before: b, After: a})
				}
			}
			if len(ch) > 0 {
				row := makeRow(set.Label, cols, k, r)
				row.Changes, row.Old, row.New = ch, o, r
				s.Changed = append(s.Changed, row)
			}
		}
	}
	if old != nil {
		for i := range old.Len() {
			r := old.Row(i)
			k := key(cols, keys, r)
			if _, ok := after[strings.Join(k, "\x00")]; !ok {
				row := makeRow(set.Label, cols, k, r)
				row.Old = r
				s.Removed = append(s.Removed, row)
			}
		}
	}
	return s
}

// head is t's head; the zero Head for no table.
func head(t dataset.AnyTable) dataset.Head {
	if t == nil {
		return dataset.Head{}
	}
	return t.Head()
}

func present(t dataset.AnyTable) bool { return head(t).Present }

func has(t dataset.AnyTable, col string) bool {
	return present(t) && slices.Contains(head(t).Header, col)
}

// index maps each row's key to the row (the last of duplicates, which
// only a release that no longer validates can hold).
func index(t dataset.AnyTable, cols []dataset.Column, keys []string) map[string]any {
	m := map[string]any{}
	if t == nil {
		return m
	}
	for i := range t.Len() {
		m[strings.Join(key(cols, keys, t.Row(i)), "\x00")] = t.Row(i)
	}
	return m
}

func key(cols []dataset.Column, keys []string, r any) []string {
	out := make([]string, 0, len(keys))
	for _, k := range keys {
		for _, c := range cols {
			if c.Name == k {
				out = append(out, c.Of(r).CSV())
			}
		}
	}
	return out
}

// makeRow is row r as the diff reports it; label is the column that
// names it for people, if any.
func makeRow(label string, cols []dataset.Column, k []string, r any) Row {
	row := Row{Key: k, Values: make(map[string]dataset.Field, len(cols))}
	for _, c := range cols {
		row.Values[c.Name] = c.Of(r)
	}
	if label != "" {
		row.Label = row.Values[label].CSV()
	}
	return row
}
