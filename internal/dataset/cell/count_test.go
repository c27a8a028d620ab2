package cell_test

import (
	"fmt"
	"testing"

	"github.com/postal-access/portal/internal/dataset/cell"
)

func TestCountUnmarshalCSV(t *testing.T) {
	t.Parallel()
	notCount := func(s string) string {
		return fmt.Sprintf("%q is not a count: want a whole number like 1200 (no commas, signs or decimals)", s)
	}
	tests := []struct {
		in   string
		want cell.Count
		err  string
	}{
		{in: "", want: cell.Count{}},
		{in: "0", want: cell.Count{Known: true, N: 0}},
		{in: "1200", want: cell.Count{Known: true, N: 1200}},
		{in: "1000000000000", want: cell.Count{Known: true, N: cell.MaxCount}},
		{in: "1,200", err: notCount("1,200")},
		{in: "-1", err: notCount("-1")},
		{in: "1.5", err: notCount("1.5")},
		{in: "1e3", err: notCount("1e3")},
		{in: " 12", err: notCount(" 12")},
		{in: "1000000000001", err: `"1000000000001" is too large a count (at most 1000000000000)`},
		{in: "99999999999999999999", err: `"99999999999999999999" is too large a count (at most 1000000000000)`},
		// Only volumes of agreements and results may be under seal.
		{in: "redacted", err: `"redacted" is not allowed here: only agreement and result volumes may be redacted`},
	}
	for _, tt := range tests {
		var got cell.Count
		err := got.UnmarshalCSV(tt.in)
		if errText(err) != tt.err || (err == nil && got != tt.want) {
			t.Errorf("Count.UnmarshalCSV(%q) = %+v, %q, want %+v, %q", tt.in, got, errText(err), tt.want, tt.err)
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("Count.UnmarshalCSV(%q).String() = %q, want it back", tt.in, got.String())
		}
	}
}

func TestVolumeUnmarshalCSV(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want cell.Volume
		err  string
	}{
		{in: "", want: cell.Volume{State: cell.Unknown}},
		{in: "redacted", want: cell.Volume{State: cell.Redacted}},
		{in: "48000", want: cell.Volume{State: cell.Known, N: 48000}},
		{in: "48,000", err: `"48,000" is not a count: want a whole number like 1200 (no commas, signs or decimals)`},
		{in: "sealed", err: `"sealed" is not a count: want a whole number like 1200 (no commas, signs or decimals)`},
	}
	for _, tt := range tests {
		var got cell.Volume
		err := got.UnmarshalCSV(tt.in)
		if errText(err) != tt.err || (err == nil && got != tt.want) {
			t.Errorf("Volume.UnmarshalCSV(%q) = %+v, %q, want %+v, %q", tt.in, got, errText(err), tt.want, tt.err)
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("Volume.UnmarshalCSV(%q).String() = %q, want it back", tt.in, got.String())
		}
	}
}
