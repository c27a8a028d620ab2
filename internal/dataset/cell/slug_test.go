package cell_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset/cell"
)

func TestParseSlug(t *testing.T) {
	t.Parallel()
	notID := func(s, like string) string {
		return fmt.Sprintf("%q is not an id: use lowercase letters, digits and single hyphens (like %q), at most 100 characters", s, like)
	}
	device := func(s, like string) string {
		return fmt.Sprintf("%q is not an id: it is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9), where no file or folder can have it; use another (like %q)", s, like)
	}
	long := strings.Repeat("a", cell.MaxSlugLen)
	tests := []struct {
		in  string
		err string
	}{
		{in: ""}, // blank: no id (required columns are checked by the loader)
		{in: "amazon"},
		{in: "lpc-atlanta"},
		{in: "usps-last-mile-2026"},
		{in: "7"},
		{in: long},

		{in: "Amazon", err: notID("Amazon", "amazon")},
		{in: "-amazon", err: notID("-amazon", "amazon")},
		{in: "amazon-", err: notID("amazon-", "amazon")},
		{in: "lpc--atlanta", err: notID("lpc--atlanta", "lpc-atlanta")},
		{in: "lpc_atlanta", err: notID("lpc_atlanta", "lpc-atlanta")},
		{in: "lpc atlanta", err: notID("lpc atlanta", "lpc-atlanta")},
		{in: " amazon", err: notID(" amazon", "amazon")},
		{in: "amazon.com", err: notID("amazon.com", "amazon-com")},
		{in: "../etc/passwd", err: notID("../etc/passwd", "etc-passwd")},
		{in: `a\b`, err: notID(`a\b`, "a-b")},
		{in: "café", err: notID("café", "caf")},
		{in: "---", err: notID("---", "my-id")},
		{in: long + "a", err: notID(long+"a", long)},

		// Windows device names cannot be file or folder names there, and
		// every id becomes a folder of the site.
		{in: "con", err: device("con", "con-1")},
		{in: "prn", err: device("prn", "prn-1")},
		{in: "aux", err: device("aux", "aux-1")},
		{in: "nul", err: device("nul", "nul-1")},
		{in: "com1", err: device("com1", "com1-1")},
		{in: "com9", err: device("com9", "com9-1")},
		{in: "com0", err: device("com0", "com0-1")},
		{in: "lpt1", err: device("lpt1", "lpt1-1")},
		{in: "lpt9", err: device("lpt9", "lpt9-1")},
		{in: "CON", err: device("CON", "con-1")},
		{in: "Nul", err: device("Nul", "nul-1")},
		{in: "con.txt", err: device("con.txt", "con-txt")},
		{in: "C-O-N", err: notID("C-O-N", "c-o-n")},
		{in: "Con_", err: notID("Con_", "con-1")}, // the suggestion is no device name either
		{in: "cons"},
		{in: "con-1"},
		{in: "com10"},
		{in: "com"},
		{in: "lpt"},
		{in: "icon"},
		{in: "null"},
		{in: "auxiliary"},
	}
	for _, tt := range tests {
		got, err := cell.ParseSlug(tt.in)
		switch {
		case errText(err) != tt.err:
			t.Errorf("ParseSlug(%q) error = %q, want %q", tt.in, errText(err), tt.err)
		case err == nil && string(got) != tt.in:
			t.Errorf("ParseSlug(%q) = %q, want it back", tt.in, got)
		case err != nil && got != "":
			t.Errorf("ParseSlug(%q) = %q with an error, want \"\"", tt.in, got)
		}
		if want := tt.in != "" && tt.err == ""; cell.IsSlug(tt.in) != want {
			t.Errorf("IsSlug(%q) = %v, want %v", tt.in, !want, want)
		}
	}
}

func TestIsWindowsDevice(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"con", "CON", "Con", "prn", "aux", "nul", "NUL", "com0", "com1", "COM9", "lpt0", "lpt5", "LPT9",
		"con.txt", "nul.tar.gz", "Aux.html", "con ", "con .txt", "com1.md", "com¹", "LPT³"} {
		if !cell.IsWindowsDevice(name) {
			t.Errorf("IsWindowsDevice(%q) = false, want true", name)
		}
	}
	for _, name := range []string{"", "co", "cons", "econ", "con-1", "con_", "com", "com10", "coma", "lpt", "lptx", "nul1", "null", ".con", "a.con", "auxiliary", "com⁴", "comx"} {
		if cell.IsWindowsDevice(name) {
			t.Errorf("IsWindowsDevice(%q) = true, want false", name)
		}
	}
}

func TestRefUnmarshalCSV(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want cell.Ref
		err  string
	}{
		{in: "", want: cell.Ref{State: cell.Unknown}},
		{in: "redacted", want: cell.Ref{State: cell.Redacted}},
		{in: "amazon", want: cell.Ref{State: cell.Known, ID: "amazon"}},
		{in: "REDACTED", err: `"REDACTED" is not an id: use lowercase letters, digits and single hyphens (like "redacted"), at most 100 characters`},
		{in: "Amazon Inc.", err: `"Amazon Inc." is not an id: use lowercase letters, digits and single hyphens (like "amazon-inc"), at most 100 characters`},
	}
	for _, tt := range tests {
		var got cell.Ref
		err := got.UnmarshalCSV(tt.in)
		if errText(err) != tt.err || (err == nil && got != tt.want) {
			t.Errorf("Ref.UnmarshalCSV(%q) = %+v, %q, want %+v, %q", tt.in, got, errText(err), tt.want, tt.err)
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("Ref.UnmarshalCSV(%q).String() = %q, want it back", tt.in, got.String())
		}
	}
}
