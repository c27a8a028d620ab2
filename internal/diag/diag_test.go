package diag

import (
	"strings"
	"testing"
)

func TestListSortAndFormat(t *testing.T) {
	var l List
	if l.Err() != nil {
		t.Fatalf("zero List: Err() = %v, want nil", l.Err())
	}
	l.Add(Pos{File: "b.csv", Line: 2, Col: 1}, "id", `id "x": duplicate`)
	l.Add(Pos{File: "a.csv", Line: 9}, "", "short row")
	l.Add(Pos{File: "a.csv", Line: 3, Col: 7}, "kind", `kind "z": not allowed`).Related = &Pos{File: "c.csv", Line: 4, Col: 2}
	l.Warn(Pos{File: "a.csv", Line: 3, Col: 2}, "expires", "expires soon")
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
		{Pos{File: "f"}, "f"},
		{Pos{File: "f", Line: 3}, "f:3"},
		{Pos{File: "f", Line: 3, Col: 4}, "f:3:4"},
	} {
		if got := tc.p.String(); got != tc.want {
			t.Errorf("%#v.String() = %q, want %q", tc.p, got, tc.want)
		}
	}
}
