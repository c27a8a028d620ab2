package dataset

import "testing"

func TestEditDistance(t *testing.T) {
	t.Parallel()
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

func BenchmarkEditDistance(b *testing.B) {
	for b.Loop() {
		EditDistance("carrier-12345x", "carrier-54321", 3)
		EditDistance("amazon-logistics", "pitney-bowes-gx", 3)
	}
}

// levenshtein is the textbook distance, for FuzzEditDistance to hold the
// banded, early-stopping EditDistance to.
func levenshtein(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
		}
	}
	return d[len(a)][len(b)]
}

// FuzzEditDistance: EditDistance is the Levenshtein distance, capped at
// its limit, for every limit a suggestion uses and one beyond.
func FuzzEditDistance(f *testing.F) {
	f.Fuzz(func(t *testing.T, a, b string) {
		want := levenshtein(a, b)
		for limit := 1; limit <= nearMiss+1; limit++ {
			if got := EditDistance(a, b, limit); got != min(want, limit) {
				t.Errorf("EditDistance(%q, %q, %d) = %d, want %d", a, b, limit, got, min(want, limit))
			}
		}
	})
}
