package dataset

import "github.com/postal-access/portal/internal/dataset/cell"

// NoSale reports whether the lot was not awarded: its winner is blank.
// Such a lot has no clearing price, which is not applicable rather than
// unknown.
func (r Result) NoSale() bool { return r.WinnerID.State == cell.Unknown }

// ClearingPrice is the lot's clearing price as the site shows it: a
// blank one is not applicable, rather than unknown, when the lot was not
// awarded. The row itself keeps the blank as read.
func (r *Result) ClearingPrice() cell.Money {
	m := r.Clearing
	m.State = r.clearingState(m.State)
	return m
}

// clearingState is s, the state of the lot's clearing price, or not
// applicable when the lot was not awarded and the price is blank.
func (r *Result) clearingState(s cell.State) cell.State {
	if s == cell.Unknown && r.NoSale() {
		return cell.NotApplicable
	}
	return s
}

// Applicable shows d, the value in column col of row, as not applicable
// when the row cannot have one: the blank clearing price of a lot that
// was not awarded. Other values are shown as they are.
func Applicable(row any, col string, d cell.Display) cell.Display {
	if r, ok := row.(*Result); ok && col == "clearing_price_usd" {
		d.State = r.clearingState(d.State)
	}
	return d
}
