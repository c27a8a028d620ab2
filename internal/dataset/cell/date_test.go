package cell_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/dataset/cell"
)

func TestParseDate(t *testing.T) {
	t.Parallel()
	const badFormat = ` is not a date: want YYYY-MM-DD`
	const noSuchDay = ` is not a date: no such day`
	tests := []struct {
		in   string
		want cell.Date
		err  string
	}{
		{in: "", want: cell.Date{}}, // blank: unknown
		{in: "2026-10-01", want: cell.Date{Year: 2026, Month: time.October, Day: 1}},
		{in: "2024-02-29", want: cell.Date{Year: 2024, Month: time.February, Day: 29}}, // leap year
		{in: "2000-02-29", want: cell.Date{Year: 2000, Month: time.February, Day: 29}}, // divisible by 400
		{in: "0001-01-01", want: cell.Date{Year: 1, Month: time.January, Day: 1}},

		{in: "2025-02-29", err: `"2025-02-29"` + noSuchDay},
		{in: "1900-02-29", err: `"1900-02-29"` + noSuchDay}, // divisible by 100, not 400
		{in: "2025-04-31", err: `"2025-04-31"` + noSuchDay},
		{in: "2025-13-01", err: `"2025-13-01"` + noSuchDay},
		{in: "2025-00-10", err: `"2025-00-10"` + noSuchDay},
		{in: "2025-01-00", err: `"2025-01-00"` + noSuchDay},
		{in: "2025-01-32", err: `"2025-01-32"` + noSuchDay},
		{in: "0000-01-01", err: `"0000-01-01"` + noSuchDay},

		{in: "2025-1-01", err: `"2025-1-01"` + badFormat},
		{in: "2025/01/01", err: `"2025/01/01"` + badFormat},
		{in: "01/02/2025", err: `"01/02/2025"` + badFormat},
		{in: "2025-01-01T00:00:00Z", err: `"2025-01-01T00:00:00Z"` + badFormat},
		{in: " 2025-01-01", err: `" 2025-01-01"` + badFormat},
		{in: "+025-01-01", err: `"+025-01-01"` + badFormat},
		{in: "2025-0a-01", err: `"2025-0a-01"` + badFormat},
		{in: "1 October 2026", err: `"1 October 2026"` + badFormat},
	}
	for _, tt := range tests {
		got, err := cell.ParseDate(tt.in)
		switch {
		case errText(err) != tt.err:
			t.Errorf("ParseDate(%q) error = %q, want %q", tt.in, errText(err), tt.err)
		case err == nil && got != tt.want:
			t.Errorf("ParseDate(%q) = %+v, want %+v", tt.in, got, tt.want)
		case err == nil && got.String() != tt.in:
			t.Errorf("ParseDate(%q).String() = %q, want it back", tt.in, got.String())
		}
	}
}

func TestDateArithmetic(t *testing.T) {
	t.Parallel()
	d := cell.MustDate
	if got := d("2026-07-01").DaysUntil(d("2026-10-01")); got != 92 {
		t.Errorf("2026-07-01.DaysUntil(2026-10-01) = %d, want 92", got)
	}
	if got := d("2026-10-01").DaysUntil(d("2026-07-01")); got != -92 {
		t.Errorf("2026-10-01.DaysUntil(2026-07-01) = %d, want -92", got)
	}
	// Across a US daylight-saving change: civil dates have no zone.
	if got := d("2026-03-07").DaysUntil(d("2026-03-09")); got != 2 {
		t.Errorf("2026-03-07.DaysUntil(2026-03-09) = %d, want 2", got)
	}
	if got := d("2024-02-28").AddDays(1); got != d("2024-02-29") {
		t.Errorf("2024-02-28.AddDays(1) = %s, want 2024-02-29", got)
	}
	if got := d("2025-12-31").AddDays(1); got != d("2026-01-01") {
		t.Errorf("2025-12-31.AddDays(1) = %s, want 2026-01-01", got)
	}
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"2026-01-01", "2026-01-02", -1},
		{"2026-02-01", "2026-01-31", 1},
		{"2025-12-31", "2026-01-01", -1},
		{"2026-01-01", "2026-01-01", 0},
	} {
		if got := d(c.a).Compare(d(c.b)); got != c.want {
			t.Errorf("%s.Compare(%s) = %d, want %d", c.a, c.b, got, c.want)
		}
	}
	if got := d("2026-10-01").Human(); got != "1 October 2026" {
		t.Errorf(`2026-10-01.Human() = %q, want "1 October 2026"`, got)
	}
	var zero cell.Date
	if zero.String() != "" || zero.Human() != "" || !zero.IsZero() {
		t.Errorf(`Date{}: String() = %q, Human() = %q, IsZero() = %v; want "", "", true`, zero.String(), zero.Human(), zero.IsZero())
	}
}

// TestDateStringMatchesFormat: String writes the digits itself; it must
// write what %04d-%02d-%02d writes, for every date it takes the quick way.
func TestDateStringMatchesFormat(t *testing.T) {
	for _, d := range []cell.Date{{1, 1, 1}, {999, 9, 9}, {2026, 12, 31}, {9999, 12, 31}, {10000, 1, 1}, {-1, 1, 1}, {2024, 13, 40}, {2024, 2, 0}} {
		if got, want := d.String(), fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day); got != want {
			t.Errorf("%#v.String() = %q, want %q", d, got, want)
		}
	}
}

// TestDateStringKept: the texts kept for the dates of 1900-2099 are what
// String writes afresh, at the ends, for days that do not exist, twice
// (the second from the cache) and from several goroutines at once.
func TestDateStringKept(t *testing.T) {
	var dates []cell.Date
	for _, y := range []int{1899, 1900, 1901, 2026, 2099, 2100} {
		for _, m := range []time.Month{0, 1, 2, 12, 13} {
			for _, d := range []int{0, 1, 29, 30, 31, 32} {
				dates = append(dates, cell.Date{Year: y, Month: m, Day: d})
			}
		}
	}
	var wg sync.WaitGroup
	for range 4 {
		wg.Go(func() {
			for range 2 {
				for _, d := range dates {
					want := fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
					if got := d.String(); got != want {
						t.Errorf("%#v.String() = %q, want %q", d, got, want)
					}
				}
			}
		})
	}
	wg.Wait()
	if (cell.Date{}).String() != "" {
		t.Error("the zero date is not blank")
	}
}
