package dataset_test

import (
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

// A lot's clearing price is not applicable only when the lot has no
// winner and no price; a sealed or known price, or another column, is
// shown as it is.
func TestApplicable(t *testing.T) {
	t.Parallel()
	sold := &dataset.Result{WinnerID: dataset.Ref{State: dataset.Known, ID: "ups"}}
	sealed := &dataset.Result{WinnerID: dataset.Ref{State: dataset.Redacted}}
	unsold := &dataset.Result{}
	tests := []struct {
		name string
		row  any
		col  string
		in   dataset.State
		want dataset.State
	}{
		{"unsold lot, blank price", unsold, "clearing_price_usd", dataset.Unknown, dataset.NotApplicable},
		{"unsold lot, redacted price", unsold, "clearing_price_usd", dataset.Redacted, dataset.Redacted},
		{"unsold lot, other column", unsold, "reserve_price_usd", dataset.Unknown, dataset.Unknown},
		{"sold lot, blank price", sold, "clearing_price_usd", dataset.Unknown, dataset.Unknown},
		{"winner under seal, blank price", sealed, "clearing_price_usd", dataset.Unknown, dataset.Unknown},
		{"another data set", &dataset.Agreement{}, "clearing_price_usd", dataset.Unknown, dataset.Unknown},
	}
	for _, tt := range tests {
		got := dataset.Applicable(tt.row, tt.col, dataset.Display{State: tt.in}).State
		if got != tt.want {
			t.Errorf("%s: Applicable(%s) = %s, want %s", tt.name, tt.col, got, tt.want)
		}
	}
}

// A lot's clearing price as the site shows it follows the same rule, and
// leaves the row as it was read: the row is what the downloads write.
func TestClearingPrice(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		row  dataset.Result
		want dataset.State
	}{
		{"unsold lot, blank price", dataset.Result{}, dataset.NotApplicable},
		{"unsold lot, redacted price", dataset.Result{Clearing: dataset.Money{State: dataset.Redacted}}, dataset.Redacted},
		{"sold lot, blank price", dataset.Result{WinnerID: dataset.Ref{State: dataset.Known, ID: "ups"}}, dataset.Unknown},
		{"winner under seal, blank price", dataset.Result{WinnerID: dataset.Ref{State: dataset.Redacted}}, dataset.Unknown},
		{"sold lot, price", dataset.Result{WinnerID: dataset.Ref{State: dataset.Known, ID: "ups"}, Clearing: dataset.Money{State: dataset.Known, Cents: 512}}, dataset.Known},
	}
	for _, tt := range tests {
		before := tt.row
		got := tt.row.ClearingPrice()
		if got.State != tt.want || got.Cents != tt.row.Clearing.Cents {
			t.Errorf("%s: ClearingPrice() = %+v, want state %s and the row's amount", tt.name, got, tt.want)
		}
		if tt.row != before {
			t.Errorf("%s: ClearingPrice changed the row: %+v, was %+v", tt.name, tt.row, before)
		}
	}
}
