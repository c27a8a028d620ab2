package dataset

import "testing"

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"title", "title", 0},
		{"titel", "title", 2},
		{"Title", "title", 1},
		{"alias", "aliases", 2},
		{"", "date", 3},
		{"colour", "slug", 3},
	}
	for _, tt := range tests {
		if got := EditDistance(tt.a, tt.b, 3); got != tt.want {
			t.Errorf("EditDistance(%q, %q, 3) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
