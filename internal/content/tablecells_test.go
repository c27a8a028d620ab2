package content

import (
	"bytes"
	"strings"
	"testing"
)

// A table's cells get their class and scope wherever the table is: at
// the top, after a paragraph, in a quote or in a list item.
func TestTableCells(t *testing.T) {
	table := "| name | share | mid |\n|---|---:|:---:|\n| a | 1% | x |\n"
	for name, src := range map[string]string{
		"top":            table,
		"after text":     "Some *words* and a [link](/a/).\n\n" + table,
		"in a quote":     "> " + strings.ReplaceAll(strings.TrimSuffix(table, "\n"), "\n", "\n> ") + "\n",
		"in a list item": "- item\n\n  " + strings.ReplaceAll(strings.TrimSuffix(table, "\n"), "\n", "\n  ") + "\n",
	} {
		var buf bytes.Buffer
		if err := NewMarkdown(Options{}).Convert([]byte(src), &buf); err != nil {
			t.Fatal(err)
		}
		got := buf.String()
		for _, want := range []string{`<th scope="col">name</th>`, `<th class="num" scope="col">share</th>`, `<td class="num">1%</td>`, `<td class="align-center">x</td>`} {
			if !bytes.Contains(buf.Bytes(), []byte(want)) {
				t.Errorf("%s: markdown table renders as\n%s\nwant it to contain %s", name, got, want)
			}
		}
		if bytes.Contains(buf.Bytes(), []byte("style=")) {
			t.Errorf("%s: markdown table has a style attribute, which the Content Security Policy blocks:\n%s", name, got)
		}
	}
}
