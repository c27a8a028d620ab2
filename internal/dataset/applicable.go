package dataset

import "github.com/postal-access/portal/internal/dataset/cell"

// NoSale reports whether the lot was not awarded: its winner is blank.
// Such a lot has no clearing price, which is not applicable rather than
// unknown.
func (r Result) NoSale() bool { return r.WinnerID.State == cell.Unknown }

// Applicable shows d, the value in column col of row, as not applicable
// when the row cannot have one: the blank clearing price of a lot that
// was not awarded. Other values are shown as they are.
func Applicable(row any, col string, d cell.Display) cell.Display {
	if r, ok := row.(*Result); ok && col == "clearing_price_usd" && r.NoSale() && d.State == cell.Unknown {
		d.State = cell.NotApplicable
	}
	return d
}
