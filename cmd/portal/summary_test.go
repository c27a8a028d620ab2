package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/site"
)

// TestHeldBackUpdatesAreCountedInWords: the summary of a build or a
// check names the updates held back for their dates in the singular
// for one, the plural for more.
func TestHeldBackUpdatesAreCountedInWords(t *testing.T) {
	t.Parallel()
	b := &site.Build{Out: "public", AsOf: dataset.MustDate("2026-09-21")}
	for _, tc := range []struct {
		check bool
		held  int
		want  string
	}{
		{false, 1, "1 update dated after 2026-09-21 held back until its date (--future publishes it now)\n"},
		{false, 2, "2 updates dated after 2026-09-21 held back until their dates (--future publishes them now)\n"},
		{true, 1, "1 update dated after 2026-09-21 would be held back (--future includes it)\n"},
		{true, 3, "3 updates dated after 2026-09-21 would be held back (--future includes them)\n"},
	} {
		var out bytes.Buffer
		(&buildCommand{check: tc.check}).succeeded(&out, b, &site.Result{Held: tc.held})
		if !strings.HasSuffix(out.String(), tc.want) {
			t.Errorf("check %v, %d held: summary\n%s\nwant it to end with\n%s", tc.check, tc.held, out.String(), tc.want)
		}
	}
	var out bytes.Buffer
	(&buildCommand{}).succeeded(&out, b, &site.Result{})
	if strings.Contains(out.String(), "held back") {
		t.Errorf("nothing held, summary %q names updates held back", out.String())
	}
}
