package testkit

// Golden files: the tests of packages that render compare their output
// with testdata/NAME.golden, rewritten with the package's own -update
// flag and reviewed in the diff like code.

import (
	"os"
	"strings"
	"testing"
)

// Golden compares got with the file golden and fails the test at the
// first line that differs, or rewrites the file when update is set. pkg
// names the package for the hint ("./internal/render").
func Golden(t testing.TB, golden, got string, update bool, pkg string) {
	t.Helper()
	if update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test %s -update to create it)", err, pkg)
	}
	if got == string(want) {
		return
	}
	g, w := strings.Split(got, "\n"), strings.Split(string(want), "\n")
	for i := range max(len(g), len(w)) {
		if i >= len(g) || i >= len(w) || g[i] != w[i] {
			t.Fatalf("output differs from %s at line %d (run go test %s -update and review the diff)\ngot:  %q\nwant: %q", golden, i+1, pkg, at(g, i), at(w, i))
		}
	}
}

func at(lines []string, i int) string {
	if i < len(lines) {
		return lines[i]
	}
	return "(end)"
}
