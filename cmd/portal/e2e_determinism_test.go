package main_test

import (
	"path/filepath"
	"strings"
	"testing"
)

// epoch is 2026-09-21 14:13:20 UTC: 2026-09-21 in UTC, and already 2026-09-22
// at UTC+14 (Pacific/Kiritimati), so the as-of date must be taken in UTC.
const epoch = "SOURCE_DATE_EPOCH=1790000000"

// TestDeterministic builds the same source twice, into two folders, under
// different time zones: every file is byte for byte the same, and there is
// no other file (portal keeps its records, with write times, elsewhere).
func TestDeterministic(t *testing.T) {
	t.Parallel()
	src := copySource(t)
	root := filepath.Dir(src)
	a, b := filepath.Join(root, "a"), filepath.Join(root, "b")
	ra := portal(t, src, []string{epoch, "TZ=UTC"}, "build", "--out", a)
	rb := portal(t, src, []string{epoch, "TZ=Pacific/Kiritimati"}, "build", "--out", b)
	for _, r := range []result{ra, rb} {
		if r.code != 0 {
			t.Fatalf("portal build with %s: %v\nwant exit 0", epoch, r)
		}
		if !strings.Contains(r.stdout, " as of 2026-09-21, ") {
			t.Errorf("portal build with %s stdout = %q, want \"as of 2026-09-21\"", epoch, r.stdout)
		}
	}
	sameSite(t, "the second build", b, siteTree(t, a))
}

// TestAsOfOverridesSourceDateEpoch: --as-of wins over SOURCE_DATE_EPOCH,
// and the date is not a detail: it changes the output.
func TestAsOfOverridesSourceDateEpoch(t *testing.T) {
	t.Parallel()
	src := copySource(t)
	out := filepath.Join(filepath.Dir(src), "out")
	r := portal(t, src, []string{epoch}, "build", "--as-of", refAsOf, "--out", out)
	if r.code != 0 {
		t.Fatalf("portal build --as-of %s with %s: %v\nwant exit 0", refAsOf, epoch, r)
	}
	if !strings.Contains(r.stdout, " as of 2026-11-25, ") {
		t.Errorf("portal build --as-of %s with %s stdout = %q, want \"as of 2026-11-25\"", refAsOf, epoch, r.stdout)
	}
	ref := siteTree(t, reference(t, refAsOf))
	sameSite(t, "--as-of with SOURCE_DATE_EPOCH vs. --as-of alone", out, ref)

	r = portal(t, src, []string{epoch}, "check")
	if r.code != 0 || !strings.Contains(r.stdout, " as of 2026-09-21, ") {
		t.Errorf("portal check with %s: %v\nwant exit 0, as of 2026-09-21", epoch, r)
	}
	other := siteTree(t, reference(t, "2026-09-21"))
	if len(treeDiff(other, ref, 1)) == 0 {
		t.Errorf("builds as of 2026-09-21 and %s are identical; want the date to show in the output", refAsOf)
	}
}
