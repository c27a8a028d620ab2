package diag

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestListSortAndFormat(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatalf("zero List: Err() = %v, want nil", l.Err())
	}
	l.Add(Pos{File: "b.csv", Line: 2, Col: 1}, "", `id "x": duplicate`).Names("id")
	l.Add(Pos{File: "a.csv", Line: 9}, "", "short row")
	l.Add(Pos{File: "a.csv", Line: 3, Col: 7}, "", `kind "z": not allowed`).Names("kind").Related = &Pos{File: "c.csv", Line: 4, Col: 2}
	l.Warn(Pos{File: "a.csv", Line: 3, Col: 2}, "", "expires soon").Names("expires")
	l.Sort()
	got := l.Format(0)
	want := `a.csv:3:2: warning: expires soon
a.csv:3:7: kind "z": not allowed (see c.csv:4:2)
a.csv:9: short row
b.csv:2:1: id "x": duplicate
`
	if got != want {
		t.Errorf("Format(0) =\n%s\nwant\n%s", got, want)
	}
	if n := len(l.Errors(false)); n != 3 {
		t.Errorf("len(Errors(false)) = %d, want 3", n)
	}
	if n := len(l.Errors(true)); n != 4 {
		t.Errorf("len(Errors(true)) = %d, want 4", n)
	}
	if got := l.Format(2); !strings.HasSuffix(got, "... and 2 more\n") {
		t.Errorf("Format(2) = %q, want a count of the rest", got)
	}
	if !strings.Contains(l.Err().Error(), "and 2 more errors") {
		t.Errorf("Err() = %q", l.Err())
	}
}

func TestPosString(t *testing.T) {
	for _, tc := range []struct {
		p    Pos
		want string
	}{
		{Pos{}, "-"},
		{Pos{Line: 3}, "3"},
		{Pos{Line: 3, Col: 4}, "3:4"},
		{Pos{File: "f", Col: 4}, "f"},
		{Pos{File: "f"}, "f"},
		{Pos{File: "f", Line: 3}, "f:3"},
		{Pos{File: "f", Line: 3, Col: 4}, "f:3:4"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.p, got, tc.want)
		}
	}
}

func TestDiagnosticError(t *testing.T) {
	at := Pos{File: "data/agreements.csv", Line: 14, Col: 2}
	for _, tc := range []struct {
		name string
		d    *Diagnostic
		want string
	}{
		{"message only", &Diagnostic{Pos: at, Msg: "short row"},
			"data/agreements.csv:14:2: short row"},
		{"field", &Diagnostic{Pos: at, Field: "expires", Msg: `"2026-02-30" is not a date`},
			`data/agreements.csv:14:2: expires: "2026-02-30" is not a date`},
		{"field named by the message", (&Diagnostic{Pos: at, Msg: `shipper_id "acme": no such carrier`}).Names("shipper_id"),
			`data/agreements.csv:14:2: shipper_id "acme": no such carrier`},
		{"line, no column", &Diagnostic{Pos: Pos{File: "f.md", Line: 3}, Field: "date", Msg: "want a date"},
			"f.md:3: date: want a date"},
		{"file only", &Diagnostic{Pos: Pos{File: "portal.yaml"}, Msg: "cannot read"},
			"portal.yaml: cannot read"},
		{"unknown position", &Diagnostic{Field: "base_url", Msg: "want an address"},
			"-: base_url: want an address"},
		{"warning", &Diagnostic{Pos: at, Severity: Warning, Field: "expires", Msg: "expires soon"},
			"data/agreements.csv:14:2: warning: expires: expires soon"},
		{"related", &Diagnostic{Pos: at, Field: "id", Msg: "duplicate", Related: &Pos{File: "data/agreements.csv", Line: 3, Col: 1}},
			"data/agreements.csv:14:2: id: duplicate (see data/agreements.csv:3:1)"},
		{"related, unknown", &Diagnostic{Pos: at, Msg: "duplicate", Related: &Pos{}},
			"data/agreements.csv:14:2: duplicate (see -)"},
	} {
		if got := tc.d.Error(); got != tc.want {
			t.Errorf("%s: Error() = %q, want %q", tc.name, got, tc.want)
		}
	}
}

// Diagnostics at one place sort by the message as printed, field first.
func TestListSortsByPrintedMessage(t *testing.T) {
	at := Pos{File: "f", Line: 1, Col: 1}
	var l List
	l.Add(at, "title", "a")
	l.Add(at, "", "b")
	l.Add(at, "", "title: b")
	l.Sort()
	if got, want := l.Format(0), "f:1:1: b\nf:1:1: title: a\nf:1:1: title: b\n"; got != want {
		t.Errorf("Format(0) = %q, want %q", got, want)
	}
}

// A diagnostic written as JSON and read back prints the same, whether its
// field is printed before the message or named in it.
func TestDiagnosticJSON(t *testing.T) {
	at := Pos{File: "f.csv", Line: 2, Col: 3}
	for _, d := range []*Diagnostic{
		{Pos: at, Field: "expires", Msg: "expires soon"},
		(&Diagnostic{Pos: at, Msg: `agreement "a" expires soon`}).Names("expires"),
		{Pos: Pos{File: "f.csv"}, Msg: "no rows", Related: &at},
	} {
		js, err := json.Marshal(d)
		if err != nil {
			t.Fatal(err)
		}
		var back Diagnostic
		if err := json.Unmarshal(js, &back); err != nil {
			t.Fatalf("json.Unmarshal(%s): %v", js, err)
		}
		if back.Error() != d.Error() || back.Field != d.Field {
			t.Errorf("%s read back prints %q (field %q), want %q (field %q)", js, back.Error(), back.Field, d.Error(), d.Field)
		}
	}
	js, _ := json.Marshal(&Diagnostic{Pos: at, Field: "expires", Msg: "expires soon"})
	if want := `{"file":"f.csv","line":2,"column":3,"field":"expires","message":"expires: expires soon"}`; string(js) != want {
		t.Errorf("json.Marshal = %s, want %s", js, want)
	}
}
