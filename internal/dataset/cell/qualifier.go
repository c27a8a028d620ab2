package cell

import "fmt"

// Qualifiers lists the allowed values of a qualifier column: how an
// amount beside it is to be read when it is a bound or an estimate.
var Qualifiers = []string{"about", "at-least", "more-than", "at-most"}

// Qualifier says how an amount is to be read: blank for an exact amount,
// about for an estimate, at-least or more-than for a lower bound, at-most
// for an upper bound. It qualifies the amount in the column before it
// (est_annual_revenue_qualifier qualifies est_annual_revenue_usd), and
// needs a disclosed amount to qualify.
type Qualifier string

// UnmarshalCSV checks v against Qualifiers.
func (q *Qualifier) UnmarshalCSV(v string) error {
	*q = Qualifier(v)
	return checkEnum(v, Qualifiers)
}

// Words is the qualifier as people read it before an amount: "more than".
func (q Qualifier) Words() string {
	switch q {
	case "at-least":
		return "at least"
	case "more-than":
		return "more than"
	case "at-most":
		return "at most"
	}
	return string(q)
}

// Amount shows m as the qualifier reads it: "more than $6 billion". A
// qualified amount is a bound or an estimate, so it is shown rounded to
// the scale people say it in (Cents.Approx); an exact one as it is.
func (q Qualifier) Amount(m Money) Display {
	d := m.Show()
	if q == "" || m.State != Known {
		return d
	}
	d.Text = q.Words() + " " + m.Cents.Approx()
	return d
}

// Approx formats c at the scale people say it in: "$6 billion",
// "$1.2 million"; amounts under a million as Dollars does.
func (c Cents) Approx() string {
	d := int64(c) / 100
	for _, s := range []struct {
		n    int64
		word string
	}{{1e12, "trillion"}, {1e9, "billion"}, {1e6, "million"}} {
		if d >= s.n {
			tenths := (d*10 + s.n/2) / s.n // rounded to one decimal
			if tenths%10 == 0 {
				return fmt.Sprintf("$%s %s", Group(tenths/10), s.word)
			}
			return fmt.Sprintf("$%d.%d %s", tenths/10, tenths%10, s.word)
		}
	}
	return c.Dollars()
}

// CSV returns the value.
func (q Qualifier) CSV() string { return string(q) }

// AppendCSV appends the value.
func (q Qualifier) AppendCSV(b []byte) []byte { return append(b, q...) }

// JSONNumber is false: the value is a string, or null when blank.
func (Qualifier) JSONNumber() bool { return false }

// Schema declares Qualifiers.
func (Qualifier) Schema() Schema { return enumSchema(Qualifiers) }

// Show shows the value as words: "more than".
func (q Qualifier) Show() Display { return plain(q.Words()) }
