package diag

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// YAMLText maps the positions go.yaml.in/yaml/v3 gives (lines as it
// breaks them, columns counting characters) to positions in the file the
// text was read from (columns counting bytes).
type YAMLText struct {
	file  string
	text  []byte
	line  int   // the file line the text starts on
	start []int // byte offsets where the YAML parser's lines begin
}

// NewYAMLText returns the positions of text, which starts on line line of
// file.
func NewYAMLText(file string, text []byte, line int) *YAMLText {
	return &YAMLText{file: file, text: text, line: line, start: yamlLineStarts(text)}
}

// yamlLineStarts returns the offsets at which the YAML parser starts a new
// line: it also breaks lines at a lone CR, NEL, LS and PS.
func yamlLineStarts(b []byte) []int {
	start := []int{0}
	for i := 0; i < len(b); {
		switch {
		case b[i] == '\r' && i+1 < len(b) && b[i+1] == '\n':
			i += 2
		case b[i] == '\r' || b[i] == '\n':
			i++
		case bytes.HasPrefix(b[i:], []byte("\u0085")):
			i += 2
		case bytes.HasPrefix(b[i:], []byte("\u2028")), bytes.HasPrefix(b[i:], []byte("\u2029")):
			i += 3
		default:
			i++
			continue
		}
		start = append(start, i)
	}
	return start
}

// Node returns where n starts.
func (y *YAMLText) Node(n *yaml.Node) Pos { return y.At(n.Line, n.Column) }

// At returns the position of a line and column as the YAML parser counts
// them; col 0 is the whole line. A line past the end is the last line.
func (y *YAMLText) At(line, col int) Pos {
	line = max(1, min(line, len(y.start)))
	off := y.start[line-1]
	if col > 0 {
		end := len(y.text)
		if line < len(y.start) {
			end = y.start[line]
		}
		for range col - 1 {
			if off >= end {
				break
			}
			_, size := utf8.DecodeRune(y.text[off:])
			off += size
		}
	}
	pos := y.Offset(off)
	if col == 0 {
		pos.Col = 0
	}
	return pos
}

// Offset returns the position of byte off of the text.
func (y *YAMLText) Offset(off int) Pos {
	before := y.text[:off]
	nl := bytes.LastIndexByte(before, '\n')
	return Pos{File: y.file, Line: y.line + bytes.Count(before, []byte("\n")), Col: off - nl}
}

// Error returns the position of the line a syntax error's text names,
// and the error taken apart. The text counts the parser's lines from 0
// (see YAMLError); a caller that shows the text as it is, as portal.yaml
// and datasets.yaml do, points at the line it names. An error that names
// no line is at the file.
func (y *YAMLText) Error(err error) (Pos, YAMLError) {
	e := ParseYAMLError(err)
	if e.Named == 0 {
		return Pos{File: y.file}, e
	}
	return y.At(e.Named, 0), e
}

// YAMLError is a syntax error of go.yaml.in/yaml/v3, taken apart.
type YAMLError struct {
	// Line is the line of the text the error is on, counted from 1; 0
	// when the error names none.
	Line int
	// Named is the line the error's text names: Line for the scanner's
	// errors, Line-1 for the parser's, which count from 0 and name no
	// line on the first line.
	Named int
	// Problem is what the parser says, such as "did not find expected key".
	Problem string
}

// Error formats e as the library does: "yaml: line 3: did not find
// expected key", with the line it names.
func (e YAMLError) Error() string {
	if e.Named == 0 {
		return "yaml: " + e.Problem
	}
	return "yaml: line " + strconv.Itoa(e.Named) + ": " + e.Problem
}

// yamlParserProblems are the messages of the errors the YAML parser finds
// while parsing rather than scanning (go.yaml.in/yaml/v3 parserc.go): it
// reports those with a line counted from 0, and with no line on the
// first line, where the scanner's errors count from 1.
var yamlParserProblems = []string{
	"did not find expected <stream-start>",
	"did not find expected <document start>",
	"found undefined tag handle",
	"did not find expected node content",
	"did not find expected '-' indicator",
	"did not find expected key",
	"did not find expected ',' or ']'",
	"did not find expected ',' or '}'",
	"found duplicate %YAML directive",
	"found incompatible YAML document",
	"found duplicate %TAG directive",
}

// ParseYAMLError takes apart an error of go.yaml.in/yaml/v3's decoder,
// "yaml: line N: problem". The library gives such errors no structure;
// this is the one place that reads their text.
func ParseYAMLError(err error) YAMLError {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	e := YAMLError{Problem: msg}
	if rest, ok := strings.CutPrefix(msg, "line "); ok {
		if n, after, ok := strings.Cut(rest, ": "); ok {
			if l, err := strconv.Atoi(n); err == nil {
				e.Line, e.Named, e.Problem = l, l, after
			}
		}
	}
	for _, pp := range yamlParserProblems {
		if e.Problem == pp {
			e.Line++
			break
		}
	}
	return e
}
