package cell

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Cents is an amount of US money in cents. Money is never a float.
type Cents int64

// ParseCents parses a non-negative decimal dollar amount with at most two
// decimal places ("1234", "1234.5", "1234.56"). It rejects signs, thousands
// separators, currency symbols, exponents and amounts too large to hold.
func ParseCents(s string) (Cents, error) {
	whole, frac, hasDot := strings.Cut(s, ".")
	if whole == "" || (hasDot && frac == "") {
		return 0, fmt.Errorf("%q is not an amount: want dollars like 1234.56", s)
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("%q has more than two decimal places: amounts are in dollars and cents", s)
	}
	for _, part := range []string{whole, frac} {
		for i := 0; i < len(part); i++ {
			if part[i] < '0' || part[i] > '9' {
				return 0, fmt.Errorf("%q is not an amount: want dollars like 1234.56 (no $, commas, signs or exponents)", s)
			}
		}
	}
	w, err := strconv.ParseInt(whole, 10, 64)
	if err != nil || w > (math.MaxInt64-99)/100 {
		return 0, fmt.Errorf("%q is too large an amount", s)
	}
	c := w * 100
	switch len(frac) {
	case 1:
		c += int64(frac[0]-'0') * 10
	case 2:
		c += int64(frac[0]-'0')*10 + int64(frac[1]-'0')
	}
	return Cents(c), nil
}

// String formats c as a plain decimal with two places: "1234.50".
func (c Cents) String() string {
	var buf [24]byte
	return string(c.appendTo(buf[:0]))
}

// appendTo appends String() to b.
func (c Cents) appendTo(b []byte) []byte {
	v := int64(c)
	if v < 0 {
		b, v = append(b, '-'), -v
	}
	if v < 0 { // the most negative int64 has no opposite
		return fmt.Appendf(b, "%d.%02d", v/100, v%100)
	}
	// Downloads and pages print every amount: fmt took a tenth of their
	// CPU outside the templates.
	b = strconv.AppendInt(b, v/100, 10)
	return append(b, '.', byte('0'+v%100/10), byte('0'+v%10))
}

// Dollars formats c for people: "$1,234.50", or "$1,234" for whole dollars.
func (c Cents) Dollars() string {
	var mem [32]byte
	v := int64(c)
	b := mem[:0]
	if v < 0 {
		b, v = append(b, '-'), -v
	}
	b = AppendGroup(append(b, '$'), v/100)
	if c := v % 100; c != 0 {
		b = append(b, '.', byte('0'+c/10), byte('0'+c%10))
	}
	return string(b)
}

// Group formats n with thousands separators: 1234567 → "1,234,567".
// Numbers under 1,000, most of the counts a page shows (lots, bids,
// agreements), are cut from one string rather than made each time.
func Group(n int64) string {
	if 0 <= n && n < 1000 {
		return smallNumbers[smallAt[n]:smallAt[n+1]]
	}
	var mem [32]byte
	return string(AppendGroup(mem[:0], n))
}

// smallNumbers holds 0 to 999 written one after the other, number n at
// smallNumbers[smallAt[n]:smallAt[n+1]].
var smallNumbers, smallAt = func() (string, [1001]uint16) {
	var b []byte
	var at [1001]uint16
	for n := range 1000 {
		at[n] = uint16(len(b))
		b = strconv.AppendInt(b, int64(n), 10)
	}
	at[1000] = uint16(len(b))
	return string(b), at
}()

// AppendGroup appends n, with thousands separators, to b: every table
// row shows its numbers so, and this makes each in one string.
func AppendGroup(b []byte, n int64) []byte {
	var mem [24]byte
	s := strconv.AppendInt(mem[:0], n, 10)
	if s[0] == '-' {
		b, s = append(b, '-'), s[1:]
	}
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b = append(b, ',')
		}
		b = append(b, c)
	}
	return b
}

// Money is an amount that may be known, redacted or unknown.
type Money struct {
	State State
	Cents Cents
}

// UnmarshalCSV reads an amount, the literal "redacted", or a blank.
func (m *Money) UnmarshalCSV(v string) error {
	switch v {
	case "":
		*m = Money{}
	case RedactedWord:
		*m = Money{State: Redacted}
	default:
		c, err := ParseCents(v)
		if err != nil {
			return err
		}
		*m = Money{State: Known, Cents: c}
	}
	return nil
}

// String returns the CSV form: "1234.56", "redacted" or "".
func (m Money) String() string {
	var buf [24]byte
	return string(m.AppendCSV(buf[:0]))
}

// MarshalText writes the CSV form.
func (m Money) MarshalText() ([]byte, error) { return []byte(m.String()), nil }
