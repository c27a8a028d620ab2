package content

import (
	"bytes"
	"testing"
)

func TestTableCells(t *testing.T) {
	src := "| name | share | mid |\n|---|---:|:---:|\n| a | 1% | x |\n"
	var buf bytes.Buffer
	if err := NewMarkdown(Options{}).Convert([]byte(src), &buf); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, want := range []string{`<th scope="col">name</th>`, `<th class="num" scope="col">share</th>`, `<td class="num">1%</td>`, `<td class="align-center">x</td>`} {
		if !bytes.Contains(buf.Bytes(), []byte(want)) {
			t.Errorf("markdown table renders as\n%s\nwant it to contain %s", got, want)
		}
	}
	if bytes.Contains(buf.Bytes(), []byte("style=")) {
		t.Errorf("markdown table has a style attribute, which the Content Security Policy blocks:\n%s", got)
	}
}
