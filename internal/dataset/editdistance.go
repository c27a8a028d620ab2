package dataset

// EditDistance returns the Levenshtein distance between a and b, or max
// when it is at least max: for "did you mean" suggestions, where only
// near misses matter.
func EditDistance(a, b string, max int) int {
	if len(a)-len(b) >= max || len(b)-len(a) >= max {
		return max
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return min(prev[len(b)], max)
}
