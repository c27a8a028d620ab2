package cell_test

import (
	"testing"

	"github.com/postal-access/portal/internal/dataset/cell"
)

func TestParseDocket(t *testing.T) {
	t.Parallel()
	notDocket := func(s string) string {
		return `"` + s + `" is not a PRC docket number: want a prefix (MC, CP, K or N), a fiscal year and a sequence, like CP2025-123`
	}
	tests := []struct {
		in     string
		prefix string // Prefix() of the result
		err    string
	}{
		{in: ""},
		{in: "CP2025-123", prefix: "CP"},
		{in: "MC2025-603", prefix: "MC"},
		{in: "K2025-602", prefix: "K"},
		{in: "N2024-1", prefix: "N"},
		{in: "CP1971-1", prefix: "CP"},
		{in: "CP2025-999999", prefix: "CP"},

		{in: "CP2025-0123", err: notDocket("CP2025-0123")},
		{in: "CP2025-1234567", err: notDocket("CP2025-1234567")},
		{in: "CP25-123", err: notDocket("CP25-123")},
		{in: "CP1970-1", err: notDocket("CP1970-1")},
		{in: "CP2025", err: notDocket("CP2025")},
		{in: "CP2025-", err: notDocket("CP2025-")},
		{in: "cp2025-123", err: notDocket("cp2025-123")},
		{in: "CP 2025-123", err: notDocket("CP 2025-123")},
		{in: "R2025-1", err: notDocket("R2025-1")},
		{in: "CP2025-12a", err: notDocket("CP2025-12a")},
		{in: "MC2025-603/K2025-602", err: notDocket("MC2025-603/K2025-602")},
	}
	for _, tt := range tests {
		got, err := cell.ParseDocket(tt.in)
		switch {
		case errText(err) != tt.err:
			t.Errorf("ParseDocket(%q) error = %q, want %q", tt.in, errText(err), tt.err)
		case err == nil && string(got) != tt.in:
			t.Errorf("ParseDocket(%q) = %q, want it back", tt.in, got)
		case err == nil && got.Prefix() != tt.prefix:
			t.Errorf("ParseDocket(%q).Prefix() = %q, want %q", tt.in, got.Prefix(), tt.prefix)
		}
	}
}

// The agreements file has two docket columns: the contract's (CP or K) and
// the paired mail classification docket (MC). Each refuses the other kind.
func TestDocketColumns(t *testing.T) {
	t.Parallel()
	tests := []struct {
		column string
		in     string
		err    string
	}{
		{column: "docket", in: "CP2025-123"},
		{column: "docket", in: "K2025-602"},
		{column: "docket", in: ""},
		{column: "docket", in: "MC2025-603", err: `"MC2025-603" is a MC docket: this column takes CP or K dockets`},
		{column: "docket", in: "N2024-1", err: `"N2024-1" is a N docket: this column takes CP or K dockets`},
		{column: "docket", in: "CP2025", err: `"CP2025" is not a PRC docket number: want a prefix (MC, CP, K or N), a fiscal year and a sequence, like CP2025-123`},
		{column: "mc_docket", in: "MC2025-603"},
		{column: "mc_docket", in: ""},
		{column: "mc_docket", in: "CP2025-123", err: `"CP2025-123" is a CP docket: this column takes MC dockets`},
		{column: "mc_docket", in: "K2025-602", err: `"K2025-602" is a K docket: this column takes MC dockets`},
	}
	for _, tt := range tests {
		var err error
		var got cell.Docket
		switch tt.column {
		case "docket":
			var d cell.ContractDocket
			err = d.UnmarshalCSV(tt.in)
			got = d.Docket
		case "mc_docket":
			var d cell.ClassDocket
			err = d.UnmarshalCSV(tt.in)
			got = d.Docket
		}
		if errText(err) != tt.err {
			t.Errorf("%s: UnmarshalCSV(%q) error = %q, want %q", tt.column, tt.in, errText(err), tt.err)
		}
		if err == nil && string(got) != tt.in {
			t.Errorf("%s: UnmarshalCSV(%q) = %q, want it back", tt.column, tt.in, got)
		}
	}
}

func TestDocketURL(t *testing.T) {
	t.Parallel()
	if got, want := cell.Docket("CP2025-123").URL(), "https://www.prc.gov/dockets/search?docket=CP2025-123"; got != want {
		t.Errorf("Docket(CP2025-123).URL() = %q, want %q", got, want)
	}
	if got := cell.Docket("").URL(); got != "" {
		t.Errorf(`Docket("").URL() = %q, want ""`, got)
	}
}
