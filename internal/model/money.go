package model

import "github.com/postal-access/portal/internal/dataset"

// MoneySum is a total over values that may be redacted or unknown: the
// sum of the known ones and how many of each kind there were.
type MoneySum struct {
	Total     dataset.Cents
	Disclosed int
	Redacted  int
	Unknown   int
}

// Count returns how many values were summed over, of any state.
func (s MoneySum) Count() int { return s.Disclosed + s.Redacted + s.Unknown }

// SumMoney adds up the known values and counts the others.
func SumMoney(vs []dataset.Money) MoneySum {
	var s MoneySum
	for _, v := range vs {
		switch v.State {
		case dataset.Known:
			s.Total += v.Cents
			s.Disclosed++
		case dataset.Redacted:
			s.Redacted++
		default:
			s.Unknown++
		}
	}
	return s
}
