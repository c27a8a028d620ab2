package content

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"

	"github.com/postal-access/portal/internal/diag"
)

// MaxPageBytes bounds one markdown file. Markdown parsing is fast on
// ordinary text but slow on pathological nesting, so a page is bounded in
// size and in how deeply its blocks nest.
const MaxPageBytes = 512 << 10

// MaxNesting is how deeply block quotes and lists may nest.
const MaxNesting = 32

// MaxParagraph bounds a run of text lines without a blank line between
// them (table rows, starting with "|", are not counted), and each table
// row: inline parsing of links is slow on long paragraphs full of unclosed
// brackets.
const MaxParagraph = 16 << 10

// MaxInlineWork bounds the inline parsing a page may ask for. Parsing a
// paragraph (or a table row) costs, at worst, about its length times the
// number of brackets, parentheses, emphasis, code and angle marks in it:
// each one that is never closed is looked for to the paragraph's end. A
// page of 16 KiB paragraphs made only of "[a](" takes several seconds to
// render; this keeps any page to about a second, while ordinary prose,
// with a mark every few dozen bytes, stays far below it.
const MaxInlineWork = 1 << 29

// inlineMarks are the bytes that open or close inline markup.
const inlineMarks = "[]()*_~`<>!"

// readPage reads a markdown file, refusing one over MaxPageBytes before
// reading it whole.
func readPage(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	size := 0
	if info, err := f.Stat(); err == nil && info.Size() > MaxPageBytes {
		return nil, fmt.Errorf("page is %d bytes, more than the %d allowed: split it into several pages", info.Size(), MaxPageBytes)
	} else if err == nil {
		size = int(info.Size())
	}
	// Read into a buffer of the file's size, not one grown from 512 bytes.
	buf := bytes.NewBuffer(make([]byte, 0, size+bytes.MinRead))
	if _, err := buf.ReadFrom(io.LimitReader(f, MaxPageBytes+1)); err != nil {
		return nil, err
	}
	src := buf.Bytes()
	if len(src) > MaxPageBytes {
		return nil, fmt.Errorf("page is more than the %d bytes allowed: split it into several pages", MaxPageBytes)
	}
	return src, nil
}

// checkNesting reports the first line whose block quote and list markers
// nest deeper than MaxNesting. Each ">" and each list marker ("-", "*",
// "+" or digits and "." or ")") followed by a space opens a level.
func checkNesting(file string, body []byte, bodyLine int) *diag.Diagnostic {
	i := -1 // the line's index; SplitSeq makes no slice of the lines
	for line := range bytes.SplitSeq(body, []byte("\n")) {
		i++
		depth, j := 0, 0
		for j < len(line) && depth <= MaxNesting {
			switch c := line[j]; {
			case c == ' ' || c == '\t':
				j++
			case c == '>':
				depth++
				j++
			case (c == '-' || c == '*' || c == '+') && j+1 < len(line) && (line[j+1] == ' ' || line[j+1] == '\t'):
				depth++
				j += 2
			case c >= '0' && c <= '9':
				k := j
				for k < len(line) && line[k] >= '0' && line[k] <= '9' {
					k++
				}
				if k+1 < len(line) && (line[k] == '.' || line[k] == ')') && (line[k+1] == ' ' || line[k+1] == '\t') {
					depth++
					j = k + 2
					continue
				}
				j = len(line)
			default:
				j = len(line)
			}
		}
		if depth > MaxNesting {
			return &diag.Diagnostic{Pos: diag.Pos{File: file, Line: bodyLine + i}, Msg: fmt.Sprintf("block quotes and lists nest more than %d levels deep", MaxNesting)}
		}
	}
	// A paragraph's work is counted when it ends, a table row's at once.
	start, size, marks, work := 0, 0, 0, 0
	tooMuch := func(line int) *diag.Diagnostic {
		return &diag.Diagnostic{Pos: diag.Pos{File: file, Line: bodyLine + line}, Msg: fmt.Sprintf("too much link, emphasis and code markup (%s) in long paragraphs to render quickly: break them up with blank lines, or escape the marks with \\", inlineMarks)}
	}
	i = -1
	for line := range bytes.SplitSeq(body, []byte("\n")) {
		i++
		t := bytes.TrimSpace(line)
		if len(t) == 0 || t[0] == '|' {
			if work += marks * size; work > MaxInlineWork {
				return tooMuch(start)
			}
			size, marks = 0, 0
			if len(t) == 0 {
				continue
			}
			if len(line) > MaxParagraph {
				return &diag.Diagnostic{Pos: diag.Pos{File: file, Line: bodyLine + i}, Msg: fmt.Sprintf("table row is longer than %d KiB: split the table, or move long text out of it", MaxParagraph>>10)}
			}
			if work += countMarks(line) * len(line); work > MaxInlineWork {
				return tooMuch(i)
			}
			continue
		}
		if size == 0 {
			start = i
		}
		marks += countMarks(line)
		if size += len(line) + 1; size > MaxParagraph {
			return &diag.Diagnostic{Pos: diag.Pos{File: file, Line: bodyLine + start}, Msg: fmt.Sprintf("paragraph is longer than %d KiB: break it up with blank lines", MaxParagraph>>10)}
		}
	}
	if work += marks * size; work > MaxInlineWork {
		return tooMuch(start)
	}
	return nil
}

func countMarks(line []byte) int {
	n := 0
	for i := range len(inlineMarks) { // a count per mark runs a word at a time
		n += bytes.Count(line, []byte{inlineMarks[i]})
	}
	return n
}
