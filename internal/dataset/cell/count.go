package cell

import (
	"fmt"
	"strconv"
)

// MaxCount bounds counts so that sums over any data set cannot overflow.
const MaxCount = 1_000_000_000_000

func parseCount(s string) (int64, error) {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, fmt.Errorf("%q is not a count: want a whole number like 1200 (no commas, signs or decimals)", s)
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n > MaxCount {
		return 0, fmt.Errorf("%q is too large a count (at most %d)", s, int64(MaxCount))
	}
	return n, nil
}

// Count is a non-negative whole number that may be unknown (blank).
type Count struct {
	Known bool
	N     int64
}

// UnmarshalCSV reads a whole number or a blank.
func (c *Count) UnmarshalCSV(v string) error {
	if v == "" {
		*c = Count{}
		return nil
	}
	if v == RedactedWord {
		return fmt.Errorf("%q is not allowed here: only agreement and result volumes may be redacted", v)
	}
	n, err := parseCount(v)
	if err != nil {
		return err
	}
	*c = Count{Known: true, N: n}
	return nil
}

// String returns the CSV form.
func (c Count) String() string {
	var buf [20]byte
	return string(c.AppendCSV(buf[:0]))
}

// MarshalText writes the CSV form.
func (c Count) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Volume is a count that may be known, redacted or unknown.
type Volume struct {
	State State
	N     int64
}

// UnmarshalCSV reads a whole number, the literal "redacted", or a blank.
func (q *Volume) UnmarshalCSV(v string) error {
	switch v {
	case "":
		*q = Volume{}
	case RedactedWord:
		*q = Volume{State: Redacted}
	default:
		n, err := parseCount(v)
		if err != nil {
			return err
		}
		*q = Volume{State: Known, N: n}
	}
	return nil
}

// String returns the CSV form.
func (q Volume) String() string {
	var buf [20]byte
	return string(q.AppendCSV(buf[:0]))
}

// MarshalText writes the CSV form.
func (q Volume) MarshalText() ([]byte, error) { return []byte(q.String()), nil }
