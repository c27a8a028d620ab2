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
