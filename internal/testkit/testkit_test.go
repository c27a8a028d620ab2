package testkit_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/testkit"
)

// TestCIRunsTheLongTier checks that the test command README.md gives
// between its <!-- test --> markers, which .ci/run runs, turns on the
// long tier: otherwise CI would skip every long test without a word.
func TestCIRunsTheLongTier(t *testing.T) {
	t.Parallel()
	readme := testkit.Read(t, filepath.Join(testkit.Root(t), "README.md"))
	_, rest, ok := strings.Cut(readme, "\n<!-- test -->\n")
	block, _, ok2 := strings.Cut(rest, "\n<!-- /test -->\n")
	if !ok || !ok2 {
		t.Fatal("README.md has no test command between <!-- test --> and <!-- /test -->")
	}
	if want := testkit.LongEnv + "=1 "; !strings.Contains(block, want) {
		t.Errorf("README.md's test command, which CI runs, is\n%s\nwant it to set %s", block, want)
	}
}

// TestBundled checks that a copy of the bundled portal holds its sources
// and, when asked, its settings.
func TestBundled(t *testing.T) {
	t.Parallel()
	src := testkit.Bundled(t, testkit.SettingsFile)
	for _, p := range append(testkit.SourceDirs, testkit.SettingsFile, "data/carriers.csv") {
		if _, err := os.Stat(filepath.Join(src, p)); err != nil {
			t.Errorf("the copy of the bundled portal: %v", err)
		}
	}
}
