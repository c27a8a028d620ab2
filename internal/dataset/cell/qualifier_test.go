package cell_test

import (
	"testing"

	"github.com/postal-access/portal/internal/dataset/cell"
)

// A qualified amount reads as its qualifier says, at the scale people
// say it in; an exact one as it is.
func TestQualifierAmount(t *testing.T) {
	t.Parallel()
	tests := []struct {
		qual  cell.Qualifier
		cents cell.Cents
		want  string
	}{
		{"", 600000000000, "$6,000,000,000"},
		{"more-than", 600000000000, "more than $6 billion"},
		{"about", 125000000, "about $1.3 million"},
		{"at-least", 123456, "at least $1,234.56"},
		{"at-most", 250000000000000, "at most $2.5 trillion"},
	}
	for _, tt := range tests {
		m := cell.Money{State: cell.Known, Cents: tt.cents}
		if got := tt.qual.Amount(m).Text; got != tt.want {
			t.Errorf("Qualifier(%q).Amount(%s).Text = %q, want %q", tt.qual, tt.cents, got, tt.want)
		}
	}
}
