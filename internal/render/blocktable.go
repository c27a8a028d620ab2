package render

import (
	"cmp"
	"fmt"
	"html/template"
	"slices"
	"strconv"
	"strings"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
)

type condition struct {
	col   dataset.Column
	not   bool
	value string
}

// blockTable renders a "table: NAME" data block: the rows of the data set
// that match where, in the columns and order asked for, at most limit.
func (e *Env) blockTable(b *content.Block) (template.HTML, error) {
	tf, _ := b.Get("table")
	v, ok := e.view(tf.Value)
	if !ok {
		return "", &content.BlockError{Key: "table", Msg: fmt.Sprintf("unknown data set %q; want one of %s", tf.Value, strings.Join(dataset.Names, ", "))}
	}
	conds, err := e.conditions(b, v)
	if err != nil {
		return "", err
	}
	cols := make([]shown, len(v.cols))
	for i, c := range v.cols {
		cols[i] = shown{c, c.Label}
	}
	if cf, ok := b.Get("columns"); ok {
		if cols, err = v.shownColumns(cf.Value); err != nil {
			return "", err
		}
	}
	rows := v.matching(conds)
	if sf, ok := b.Get("sort"); ok {
		if err := v.sort(rows, sf.Value); err != nil {
			return "", err
		}
	}
	total := len(rows)
	limit := MaxBlockRows
	if lf, ok := b.Get("limit"); ok {
		n, err := strconv.Atoi(lf.Value)
		if err != nil || n < 1 || n > MaxBlockRows {
			return "", &content.BlockError{Key: "limit", Msg: fmt.Sprintf("%q: want a whole number from 1 to %d", lf.Value, MaxBlockRows)}
		}
		limit = n
	}
	if len(rows) > limit {
		rows = rows[:limit]
	}
	caption := e.Portal.Manifest.Get(v.name).Title
	if len(conds) > 0 {
		caption += ", where " + e.describe(conds, v.kind)
	}
	if cf, ok := b.Get("caption"); ok {
		caption = cf.Value
	}
	if len(rows) < total {
		caption += fmt.Sprintf(" (first %d of %d rows)", len(rows), total)
	}
	return e.tableHTML(v, caption, cols, rows), nil
}

// conditions reads the block's where: "column = value and column !=
// value", checking that the columns exist and that ids name an entity.
func (e *Env) conditions(b *content.Block, v view) ([]condition, error) {
	wf, ok := b.Get("where")
	if !ok {
		return nil, nil
	}
	var conds []condition
	for _, part := range splitAnd(wf.Value) {
		op := "="
		if strings.Contains(part, "!=") {
			op = "!="
		}
		l, r, found := strings.Cut(part, op)
		if !found {
			return nil, &content.BlockError{Key: "where", Msg: fmt.Sprintf("%q: want column = value or column != value, joined by and", part)}
		}
		col, ok := v.column(strings.TrimSpace(l))
		if !ok {
			return nil, &content.BlockError{Key: "where", Msg: fmt.Sprintf("unknown column %q in %s; want one of %s", strings.TrimSpace(l), v.name, v.names())}
		}
		val := strings.TrimSpace(r)
		if kind := refKinds[col.Name]; kind != "" && val != dataset.RedactedWord && val != "" && !e.exists(kind, val) {
			return nil, &content.BlockError{Key: "where", Msg: fmt.Sprintf("no %s with id %q", kind, val)}
		}
		if col.Name == "id" && v.kind != "" && !e.exists(v.kind, val) {
			return nil, &content.BlockError{Key: "where", Msg: fmt.Sprintf("no %s with id %q", v.kind, val)}
		}
		conds = append(conds, condition{col: col, not: op == "!=", value: val})
	}
	return conds, nil
}

// matching lists the rows of v that meet every condition, in order.
func (v view) matching(conds []condition) []any {
	var rows []any
	for i := 0; i < v.n; i++ {
		r := v.row(i)
		match := true
		for _, c := range conds {
			if (c.col.Of(r).CSV() == c.value) == c.not {
				match = false
				break
			}
		}
		if match {
			rows = append(rows, r)
		}
	}
	return rows
}

// sort orders rows by the column a sort: value names, descending when it
// starts with "-"; equal rows keep their order.
func (v view) sort(rows []any, by string) error {
	desc := strings.HasPrefix(by, "-")
	col, ok := v.column(strings.TrimPrefix(by, "-"))
	if !ok {
		return &content.BlockError{Key: "sort", Msg: fmt.Sprintf("unknown column %q in %s; want one of %s (prefix - for descending)", strings.TrimPrefix(by, "-"), v.name, v.names())}
	}
	slices.SortStableFunc(rows, func(a, b any) int {
		return compareCells(col.Of(a).Show(), col.Of(b).Show(), desc)
	})
	return nil
}

// tableHTML writes the rows of v as a sortable table, each row headed by
// its first cell, with a link to the whole data set below.
func (e *Env) tableHTML(v view, caption string, cols []shown, rows []any) template.HTML {
	var s strings.Builder
	s.WriteString(`<div class="table-wrap"><table class="data sortable"><caption>`)
	s.WriteString(esc(caption))
	s.WriteString(`</caption><thead><tr>`)
	for _, c := range cols {
		fmt.Fprintf(&s, `<th scope="col"%s>%s</th>`, numClass(c.Column), esc(c.label))
	}
	s.WriteString(`</tr></thead><tbody>`)
	for _, r := range rows {
		s.WriteString("<tr>")
		for j, c := range cols {
			tag := "td"
			if j == 0 {
				tag = `th scope="row"`
			}
			fmt.Fprintf(&s, `<%s%s>%s</%s>`, tag, numClass(c.Column), e.cell(c.Column, dataset.Applicable(r, c.Name, c.Of(r).Show()), v.kind), strings.Fields(tag)[0])
		}
		s.WriteString("</tr>")
	}
	if len(rows) == 0 {
		fmt.Fprintf(&s, `<tr><td colspan="%d">No rows match.</td></tr>`, len(cols))
	}
	fmt.Fprintf(&s, `</tbody></table></div><p class="download">Full data: <a href="%s">%s.csv</a></p>`, esc(e.URL("/data/"+v.name+".csv")), esc(v.name))
	return template.HTML(s.String())
}

// shown is a column as a table shows it, under its label.
type shown struct {
	dataset.Column
	label string
}

// shownColumns reads a columns: list, "facility, winner as Won by,
// clearing_price_usd as \"Price, in dollars\"": each column under its own
// label, or under the one given after as (quoted when it holds a comma).
func (v view) shownColumns(list string) ([]shown, error) {
	var cols []shown
	for _, item := range splitList(list) {
		name, label, relabel := strings.Cut(item+" ", " as ")
		name = strings.TrimSpace(name)
		col, ok := v.column(name)
		if !ok {
			return nil, &content.BlockError{Key: "columns", Msg: fmt.Sprintf("unknown column %q in %s; want one of %s", name, v.name, v.names())}
		}
		if !relabel {
			cols = append(cols, shown{col, col.Label})
			continue
		}
		label = strings.TrimSpace(label)
		if len(label) >= 2 && label[0] == '"' && label[len(label)-1] == '"' {
			label = strings.TrimSpace(label[1 : len(label)-1])
		}
		if label == "" || strings.Contains(label, `"`) {
			return nil, &content.BlockError{Key: "columns", Msg: fmt.Sprintf("%q: want a label after as, in double quotes if it holds a comma", strings.TrimSpace(item))}
		}
		cols = append(cols, shown{col, label})
	}
	return cols, nil
}

// splitList splits s at the commas that are not inside double quotes.
func splitList(s string) []string {
	var out []string
	quoted, start := false, 0
	for i := 0; i <= len(s); i++ {
		switch {
		case i == len(s) || (s[i] == ',' && !quoted):
			out = append(out, strings.TrimSpace(s[start:i]))
			start = i + 1
		case s[i] == '"':
			quoted = !quoted
		}
	}
	return out
}

// describe says in words what the conditions select: "Auction is Spring
// capacity round and Winner is not redacted".
func (e *Env) describe(conds []condition, ownKind string) string {
	parts := make([]string, len(conds))
	for i, c := range conds {
		val := c.value
		kind := refKinds[c.col.Name]
		if c.col.Name == "id" {
			kind = ownKind
		}
		if name := e.entityName(kind, val); name != "" {
			val = name
		}
		if val == "" {
			val = "blank"
		}
		is := " is "
		if c.not {
			is = " is not "
		}
		parts[i] = c.col.Label + is + val
	}
	return strings.Join(parts, " and ")
}

func splitAnd(s string) []string {
	var out []string
	for _, p := range strings.Split(s, " and ") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

func numClass(c dataset.Column) string {
	if c.Zero.Show().Number {
		return ` class="num"`
	}
	return ""
}

// compareCells orders known values by their number, then their text;
// blanks and redactions sort last in either direction.
func compareCells(a, b dataset.Display, desc bool) int {
	switch {
	case !a.Known() && !b.Known():
		return 0
	case !a.Known():
		return 1
	case !b.Known():
		return -1
	}
	c := cmp.Or(cmp.Compare(a.N, b.N), cmp.Compare(a.Text, b.Text))
	if desc {
		return -c
	}
	return c
}
