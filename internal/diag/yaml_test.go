package diag

import (
	"bytes"
	"testing"

	"go.yaml.in/yaml/v3"
)

// decodeErr is the error go.yaml.in/yaml/v3 gives for src.
func decodeErr(t *testing.T, src string) error {
	t.Helper()
	var n yaml.Node
	err := yaml.NewDecoder(bytes.NewReader([]byte(src))).Decode(&n)
	if err == nil {
		t.Fatalf("Decode(%q) = nil, want a syntax error", src)
	}
	return err
}

// The parser's errors count lines from 0 (none on the first line), the
// scanner's from 1 (none on the first line either); ParseYAMLError counts
// them all from 1 in Line, keeps the one the text names in Named, and
// formats the error as the library does.
func TestParseYAMLError(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want YAMLError
		text string
	}{
		{"title: \"open\n", YAMLError{2, 2, "found unexpected end of stream"}, "yaml: line 2: found unexpected end of stream"},
		{"a: b\nc: [1, 2\n", YAMLError{2, 1, "did not find expected ',' or ']'"}, "yaml: line 1: did not find expected ',' or ']'"},
		{"- a\nb: c\n", YAMLError{2, 1, "did not find expected '-' indicator"}, "yaml: line 1: did not find expected '-' indicator"},
		{"a:\n  b: c\n d: e\n", YAMLError{3, 2, "did not find expected key"}, "yaml: line 2: did not find expected key"},
		{"{a: 1", YAMLError{2, 1, "did not find expected ',' or '}'"}, "yaml: line 1: did not find expected ',' or '}'"},
		{"%YAML 1.1\n%YAML 1.1\n---\na\n", YAMLError{2, 1, "found duplicate %YAML directive"}, "yaml: line 1: found duplicate %YAML directive"},
		{"a: 1\n- b\n", YAMLError{2, 1, "did not find expected key"}, "yaml: line 1: did not find expected key"},
		{"a: b: c\n", YAMLError{0, 0, "mapping values are not allowed in this context"}, "yaml: mapping values are not allowed in this context"},
		{"a: *x\n", YAMLError{0, 0, "unknown anchor 'x' referenced"}, "yaml: unknown anchor 'x' referenced"},
		{"\x01", YAMLError{0, 0, "control characters are not allowed"}, "yaml: control characters are not allowed"},
	} {
		e := ParseYAMLError(decodeErr(t, tc.src))
		if e != tc.want || e.Error() != tc.text {
			t.Errorf("ParseYAMLError(error of %q) = %+v (%q), want %+v (%q)", tc.src, e, e.Error(), tc.want, tc.text)
		}
	}
}

// Positions count bytes in the file, where yaml.Node counts characters,
// and start at the line the text starts on.
func TestYAMLTextNode(t *testing.T) {
	for _, tc := range []struct {
		src  string
		line int   // the file line the text starts on
		path []int // indexes into Content from the document's root
		want Pos
	}{
		{"a: b\n", 1, []int{1}, Pos{File: "f", Line: 1, Col: 4}},
		{"a: b\n", 2, []int{1}, Pos{File: "f", Line: 2, Col: 4}},
		{"é: x\n", 1, []int{1}, Pos{File: "f", Line: 1, Col: 5}},
		{"a: 1\nb: [“q”, x]\n", 1, []int{3, 1}, Pos{File: "f", Line: 2, Col: 14}},
		{"a: 1\r\nb: 2\r\n", 1, []int{3}, Pos{File: "f", Line: 2, Col: 4}},
	} {
		var doc yaml.Node
		if err := yaml.Unmarshal([]byte(tc.src), &doc); err != nil {
			t.Fatal(err)
		}
		n := doc.Content[0]
		for _, i := range tc.path {
			n = n.Content[i]
		}
		if got := NewYAMLText("f", []byte(tc.src), tc.line).Node(n); got != tc.want {
			t.Errorf("Node(%v in %q from line %d) = %v, want %v", tc.path, tc.src, tc.line, got, tc.want)
		}
	}
}

// A syntax error is at the line its text names, within the text, or at
// the file when it names none.
func TestYAMLTextError(t *testing.T) {
	for _, tc := range []struct {
		src  string
		want Pos
	}{
		{"title: \"open\n", Pos{File: "f", Line: 2}},
		{"a: b\nc: [1, 2", Pos{File: "f", Line: 1}}, // as "yaml: line 1: ..." says
		{"a: b: c\n", Pos{File: "f"}},
	} {
		if got, _ := NewYAMLText("f", []byte(tc.src), 1).Error(decodeErr(t, tc.src)); got != tc.want {
			t.Errorf("Error(error of %q) at %v, want %v", tc.src, got, tc.want)
		}
	}
}
