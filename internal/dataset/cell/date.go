package cell

import (
	"fmt"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Date is a civil date (no time zone). The zero Date means unknown.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// ParseDate parses a YYYY-MM-DD date and rejects dates that do not exist.
// A blank string gives the zero (unknown) Date.
func ParseDate(s string) (Date, error) {
	if s == "" {
		return Date{}, nil
	}
	if len(s) != 10 || s[4] != '-' || s[7] != '-' {
		return Date{}, fmt.Errorf("%q is not a date: want YYYY-MM-DD", s)
	}
	y, ok1 := digits(s[0:4])
	m, ok2 := digits(s[5:7])
	d, ok3 := digits(s[8:10])
	if !ok1 || !ok2 || !ok3 {
		return Date{}, fmt.Errorf("%q is not a date: want YYYY-MM-DD", s)
	}
	t := time.Date(y, time.Month(m), d, 0, 0, 0, 0, time.UTC)
	if y < 1 || t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return Date{}, fmt.Errorf("%q is not a date: no such day", s)
	}
	return Date{y, time.Month(m), d}, nil
}

// MustDate is ParseDate for literals in tests and code; it panics on error.
func MustDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func digits(s string) (int, bool) {
	n := 0
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// DateOf returns the civil date of t in UTC.
func DateOf(t time.Time) Date {
	t = t.UTC()
	return Date{t.Year(), t.Month(), t.Day()}
}

// UnmarshalCSV parses a CSV field (gocsv calls it).
func (d *Date) UnmarshalCSV(s string) error {
	v, err := ParseDate(s)
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalText writes YYYY-MM-DD, or nothing for an unknown date.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// IsZero reports whether the date is unknown.
func (d Date) IsZero() bool { return d == Date{} }

// String formats d as YYYY-MM-DD; the zero Date formats as "".
func (d Date) String() string { return isos.Get(d, Date.format) }

func (d Date) format() string {
	var buf [10]byte
	return string(d.appendTo(buf[:0]))
}

// isos are the texts of dates: pages, charts and keys print a row's dates
// again and again (half a million times at scale 16), and a site has a
// few thousand distinct ones.
var isos DateMemo[string]

// DateMemo keeps a value made from each date of two centuries, made the
// first time it is asked for, for a value that depends on the date alone
// (and so is the process's to keep): its slots take 600 KB once the first
// is asked for. The zero DateMemo is ready to use.
type DateMemo[T any] struct {
	once  sync.Once
	slots []atomic.Pointer[T]
}

// Get returns build(d), built once for a date in the memo's range (two
// goroutines may both build it; they build the same).
func (m *DateMemo[T]) Get(d Date, build func(Date) T) T {
	i, ok := memoSlot(d)
	if !ok {
		return build(d)
	}
	m.once.Do(func() { m.slots = make([]atomic.Pointer[T], memoYears*12*31) })
	if v := m.slots[i].Load(); v != nil {
		return *v
	}
	v := build(d)
	m.slots[i].Store(&v)
	return v
}

const firstMemoYear, memoYears = 1900, 200

// memoSlot is d's place in a DateMemo, if it has one: months of 31 days,
// the few that do not exist included.
func memoSlot(d Date) (int, bool) {
	if d.Year < firstMemoYear || d.Year >= firstMemoYear+memoYears || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return 0, false
	}
	return ((d.Year-firstMemoYear)*12+int(d.Month)-1)*31 + d.Day - 1, true
}

// appendTo appends String() to b.
func (d Date) appendTo(b []byte) []byte {
	if d.IsZero() {
		return b
	}
	if d.Year < 0 || d.Year > 9999 || d.Month < 1 || d.Month > 12 || d.Day < 1 || d.Day > 31 {
		return fmt.Appendf(b, "%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	// Written out, as every table row prints its dates (fmt was 2 % of a build).
	m, y := int(d.Month), d.Year
	return append(b, byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-', byte('0'+d.Day/10), byte('0'+d.Day%10))
}

// Time returns midnight UTC of d.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.Compare(e) < 0 }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.Compare(e) > 0 }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	switch {
	case d.Year != e.Year:
		return cmp(d.Year, e.Year)
	case d.Month != e.Month:
		return cmp(int(d.Month), int(e.Month))
	}
	return cmp(d.Day, e.Day)
}

func cmp(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// AddDays returns d plus n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// DaysUntil returns the number of days from d to e (negative if e is earlier).
func (d Date) DaysUntil(e Date) int { return int(e.Time().Sub(d.Time()).Hours() / 24) }

// Human formats d as "1 October 2026"; unknown dates format as "".
func (d Date) Human() string {
	if d.IsZero() {
		return ""
	}
	return strconv.Itoa(d.Day) + " " + d.Month.String() + " " + strconv.Itoa(d.Year)
}
