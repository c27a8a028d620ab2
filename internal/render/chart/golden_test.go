package chart

import (
	"flag"
	"path/filepath"
	"testing"

	"github.com/postal-access/portal/internal/testkit"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// checkGolden compares got with testdata/NAME.golden, or rewrites it with -update.
func checkGolden(t *testing.T, name, got string) {
	t.Helper()
	testkit.Golden(t, filepath.Join("testdata", name+".golden"), got, *update, "./internal/render/chart")
}
