package cell_test

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset/cell"
)

// errText returns err's message, or "" for a nil error, so that a table row
// can say "no error" with an empty want.
func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

func TestParseCents(t *testing.T) {
	t.Parallel()
	const notAmount = ` is not an amount: want dollars like 1234.56 (no $, commas, signs or exponents)`
	tests := []struct {
		in   string
		want cell.Cents
		err  string
	}{
		{in: "0", want: 0},
		{in: "12", want: 1200},
		{in: "12.5", want: 1250},
		{in: "12.50", want: 1250},
		{in: "0.01", want: 1},
		{in: "007", want: 700},
		{in: "6000000000.00", want: 600_000_000_000},
		// The largest amount that fits: MaxInt64 is 92233720368547758.07.
		{in: "92233720368547757.99", want: 9_223_372_036_854_775_799},

		{in: "1,000", err: `"1,000"` + notAmount},
		{in: "$5", err: `"$5"` + notAmount},
		{in: "-1", err: `"-1"` + notAmount},
		{in: "+1", err: `"+1"` + notAmount},
		{in: "1e6", err: `"1e6"` + notAmount},
		{in: " 5", err: `" 5"` + notAmount},
		{in: "5 ", err: `"5 "` + notAmount},
		{in: "12.a", err: `"12.a"` + notAmount},
		{in: "redacted", err: `"redacted"` + notAmount},
		{in: "1.234", err: `"1.234" has more than two decimal places: amounts are in dollars and cents`},
		{in: ".5", err: `".5" is not an amount: want dollars like 1234.56`},
		{in: "5.", err: `"5." is not an amount: want dollars like 1234.56`},
		{in: "", err: `"" is not an amount: want dollars like 1234.56`},
		{in: "92233720368547758.00", err: `"92233720368547758.00" is too large an amount`},
		{in: "99999999999999999999", err: `"99999999999999999999" is too large an amount`},
	}
	for _, tt := range tests {
		got, err := cell.ParseCents(tt.in)
		switch {
		case tt.err == "" && err != nil:
			t.Errorf("ParseCents(%q) error = %q, want %d", tt.in, err, tt.want)
		case tt.err != "" && err == nil:
			t.Errorf("ParseCents(%q) = %d, want error %q", tt.in, got, tt.err)
		case tt.err != "" && err.Error() != tt.err:
			t.Errorf("ParseCents(%q) error = %q, want %q", tt.in, err, tt.err)
		case err == nil && got != tt.want:
			t.Errorf("ParseCents(%q) = %d, want %d", tt.in, got, tt.want)
		}
	}
}

func TestCentsString(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in            cell.Cents
		str, dollars  string
		roundTripsToo bool
	}{
		{0, "0.00", "$0", true},
		{1, "0.01", "$0.01", true},
		{1250, "12.50", "$12.50", true},
		{123450, "1234.50", "$1,234.50", true},
		{123400, "1234.00", "$1,234", true},
		{600_000_000_000, "6000000000.00", "$6,000,000,000", true},
		// Negative amounts never come from a file, but differences do.
		{-5, "-0.05", "-$0.05", false},
	}
	for _, tt := range tests {
		if got := tt.in.String(); got != tt.str {
			t.Errorf("Cents(%d).String() = %q, want %q", int64(tt.in), got, tt.str)
		}
		if got := tt.in.Dollars(); got != tt.dollars {
			t.Errorf("Cents(%d).Dollars() = %q, want %q", int64(tt.in), got, tt.dollars)
		}
		if !tt.roundTripsToo {
			continue
		}
		if back, err := cell.ParseCents(tt.in.String()); err != nil || back != tt.in {
			t.Errorf("ParseCents(%q) = %d, %v, want %d", tt.in.String(), back, err, int64(tt.in))
		}
	}
}

func TestGroup(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0"},
		{7, "7"},
		{10, "10"},
		{100, "100"},
		{999, "999"},
		{1000, "1,000"},
		{1234567, "1,234,567"},
		{-1234, "-1,234"},
		{-999, "-999"},
		{-100000, "-100,000"},
		{math.MaxInt64, "9,223,372,036,854,775,807"},
		{math.MinInt64, "-9,223,372,036,854,775,808"},
	}
	for _, tt := range tests {
		if got := cell.Group(tt.in); got != tt.want {
			t.Errorf("Group(%d) = %q, want %q", tt.in, got, tt.want)
		}
		if got := string(cell.AppendGroup([]byte("x"), tt.in)); got != "x"+tt.want {
			t.Errorf("AppendGroup(x, %d) = %q, want %q", tt.in, got, "x"+tt.want)
		}
	}
	// The numbers under 1,000 come from a table: each is the one written.
	for n := int64(-1); n < 1000; n++ {
		if got, want := cell.Group(n), strconv.FormatInt(n, 10); got != want {
			t.Errorf("Group(%d) = %q, want %q", n, got, want)
		}
	}
}

func TestMoneyUnmarshalCSV(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		want cell.Money
		str  string // the CSV form it writes back
		err  string
	}{
		{in: "", want: cell.Money{State: cell.Unknown}, str: ""},
		{in: "redacted", want: cell.Money{State: cell.Redacted}, str: "redacted"},
		{in: "12.5", want: cell.Money{State: cell.Known, Cents: 1250}, str: "12.50"},
		{in: "0", want: cell.Money{State: cell.Known, Cents: 0}, str: "0.00"},
		{in: "Redacted", err: `"Redacted" is not an amount: want dollars like 1234.56 (no $, commas, signs or exponents)`},
		{in: "n/a", err: `"n/a" is not an amount: want dollars like 1234.56 (no $, commas, signs or exponents)`},
	}
	for _, tt := range tests {
		var got cell.Money
		err := got.UnmarshalCSV(tt.in)
		if errText(err) != tt.err || (err == nil && got != tt.want) {
			t.Errorf("Money.UnmarshalCSV(%q) = %+v, %q, want %+v, %q", tt.in, got, errText(err), tt.want, tt.err)
		}
		if err == nil && got.String() != tt.str {
			t.Errorf("Money.UnmarshalCSV(%q).String() = %q, want %q", tt.in, got.String(), tt.str)
		}
	}
}

// TestNumberStrings checks the hand-written String of amounts and
// degrees against the fmt formatting they replaced.
func TestNumberStrings(t *testing.T) {
	for _, v := range []int64{0, 1, 9, 10, 99, 100, 105, 123456, 1_000_000, 1_000_001, 12_500_000, -1, -10, -99, -100, -123456, -1_000_000, -12_340_000, math.MaxInt64, math.MinInt64, math.MinInt64 + 1} {
		sign, m := "", v
		if m < 0 {
			sign, m = "-", -m
		}
		if got, want := cell.Cents(v).String(), fmt.Sprintf("%s%d.%02d", sign, m/100, m%100); got != want {
			t.Errorf("Cents(%d).String() = %q, want %q", v, got, want)
		}
		s := fmt.Sprintf("%s%d.%06d", sign, m/1_000_000, m%1_000_000)
		want := strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
		if got := (cell.Degrees{Known: true, Micro: v}).String(); got != want {
			t.Errorf("Degrees{Micro: %d}.String() = %q, want %q", v, got, want)
		}
	}
}
