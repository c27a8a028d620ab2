package site

import "testing"

// TestSizeClasses: the memory get returns holds what was asked, and the
// class put files memory under never promises more than it holds.
func TestSizeClasses(t *testing.T) {
	t.Parallel()
	for n := 0; n <= 2*maxPooled; n += 997 {
		if c := classFor(n); c < sizeClasses && minPooled<<c < n {
			t.Fatalf("classFor(%d) = %d: %d bytes, fewer than asked", n, c, minPooled<<c)
		} else if c > 0 && minPooled<<(c-1) >= n {
			t.Fatalf("classFor(%d) = %d, but class %d holds it", n, c, c-1)
		}
		if c := classOf(n); c >= 0 && minPooled<<c > n {
			t.Fatalf("classOf(%d) = %d: promises %d bytes", n, c, minPooled<<c)
		} else if c < 0 && n >= minPooled {
			t.Fatalf("classOf(%d) = -1", n)
		}
	}
	for _, tc := range []struct{ n, class int }{{0, 0}, {minPooled, 0}, {minPooled + 1, 1}, {maxPooled, sizeClasses - 1}, {maxPooled + 1, sizeClasses}} {
		if got := classFor(tc.n); got != tc.class {
			t.Errorf("classFor(%d) = %d, want %d", tc.n, got, tc.class)
		}
	}
	if minPooled<<(sizeClasses-1) != maxPooled {
		t.Errorf("the last class is %d bytes, want maxPooled (%d)", minPooled<<(sizeClasses-1), maxPooled)
	}
	var sp sizedPool
	big := make([]byte, 0, maxPooled+maxPooled/2)
	sp.put(&big)
	if got := sp.get(maxPooled); cap(*got) > maxPooled {
		t.Errorf("get(maxPooled) gave memory of %d bytes: put kept more than maxPooled", cap(*got))
	}
	for _, n := range []int{0, 100, minPooled, 3 * minPooled, maxPooled, maxPooled + 5} {
		m := sp.get(n)
		if len(*m) != 0 || cap(*m) < n {
			t.Fatalf("get(%d): len %d, cap %d", n, len(*m), cap(*m))
		}
		*m = append(*m, "page"...)
		sp.put(m)
		if again := sp.get(n); len(*again) != 0 || cap(*again) < n {
			t.Fatalf("get(%d) after a put: len %d, cap %d", n, len(*again), cap(*again))
		}
	}
}
