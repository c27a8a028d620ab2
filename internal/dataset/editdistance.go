package dataset

import (
	"slices"
	"strings"
)

// EditDistance returns the Levenshtein distance between a and b, or limit
// when it is at least limit: for "did you mean" suggestions, where only
// near misses matter. It looks only at the band of cells within limit of
// the diagonal and stops at the first row whose every cell has reached
// limit, so a far miss costs a few rows, not len(a)*len(b).
func EditDistance(a, b string, limit int) int {
	if len(a)-len(b) >= limit || len(b)-len(a) >= limit {
		return limit
	}
	// Ids are short: keep their rows on the stack.
	var small [2][64]int
	prev, cur := small[0][:], small[1][:]
	if len(b) >= len(small[0]) {
		prev, cur = make([]int, len(b)+1), make([]int, len(b)+1)
	}
	for j := range prev {
		prev[j] = min(j, limit)
	}
	for i := 1; i <= len(a); i++ {
		// Cells further than limit-1 from the diagonal are at least
		// limit: hold them at limit. The length check above keeps lo
		// within b.
		lo, hi := max(1, i-limit+1), min(len(b), i+limit-1)
		cur[lo-1] = min(i, limit)
		if lo > 1 {
			cur[lo-1] = limit
		}
		rowMin := cur[lo-1]
		for j := lo; j <= hi; j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost, limit)
			rowMin = min(rowMin, cur[j])
		}
		if hi < len(b) {
			cur[hi+1] = limit
		}
		if rowMin >= limit {
			return limit
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// nearMiss is how close, in edits, a name must be to a known one to be
// offered as "did you mean": fewer than this many.
const nearMiss = 3

// nearest returns the candidate nearest to s when it is fewer than
// nearMiss edits away, the first of equally near ones, or "". The
// candidates come in one or more lists, looked at in order.
func nearest(s string, candidates ...[]string) string {
	best, bestD := "", nearMiss
	for _, list := range candidates {
		for _, c := range list {
			if d := EditDistance(s, c, bestD); d < bestD {
				best, bestD = c, d
			}
		}
	}
	return best
}

// closest returns the column name nearest to s, if it is near enough to be
// a likely typo.
func closest(s string, cols []Column) string {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return nearest(strings.ToLower(s), names)
}

// idSuggester offers, for an id that names no row, the nearest id that
// does. References mostly resolve, so it does nothing until the first
// miss; then it sorts the ids into buckets by length once, compares a
// missing id only with ids whose length is within nearMiss-1 of its own,
// and remembers each answer, as one typo often runs down a column. Its
// comparisons are bounded by suggestBudget: a file whose references miss
// by the thousand (the wrong file, not a typo) gets its first misses'
// suggestions and then none, rather than a build that takes minutes.
type idSuggester struct {
	ids   map[string]int // id → row, as uniqueIDs returns
	byLen map[int][]string
	memo  map[string]string
	spent int // comparisons made
}

// suggestBudget is how many ids one idSuggester compares in all: about a
// second of work.
const suggestBudget = 1 << 22

func (s *idSuggester) suggest(id string) string {
	if got, ok := s.memo[id]; ok {
		return got
	}
	if s.byLen == nil {
		s.byLen = map[int][]string{}
		for k := range s.ids {
			s.byLen[len(k)] = append(s.byLen[len(k)], k)
		}
		// Sorted, so that of equally near ids the same one is offered
		// on every run.
		for _, b := range s.byLen {
			slices.Sort(b)
		}
		s.memo = map[string]string{}
	}
	var near [][]string
	count := 0
	for n := len(id) - nearMiss + 1; n < len(id)+nearMiss; n++ {
		near = append(near, s.byLen[n])
		count += len(s.byLen[n])
	}
	best := ""
	if s.spent+count <= suggestBudget {
		s.spent += count
		best = nearest(id, near...)
	}
	s.memo[id] = best
	return best
}
