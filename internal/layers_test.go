package internal_test

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/postal-access/portal/"

// allowed lists, for each package, the packages of ours it may import.
// Data flows one way (see STYLE.md): a new arrow is a reviewed change here.
var allowed = map[string][]string{
	"internal/diag":     {},
	"internal/dataset":  {"internal/diag"},
	"internal/model":    {"internal/diag", "internal/dataset"},
	"internal/content":  {"internal/diag", "internal/dataset", "internal/model"},
	"internal/render":   {"internal/diag", "internal/dataset", "internal/model", "internal/content"},
	"internal/outdir":   {"internal/diag", "internal/dataset"},
	"internal/site":     {"internal/diag", "internal/dataset", "internal/model", "internal/content", "internal/render", "internal/changes", "internal/outdir"},
	"internal/serve":    {"internal/diag", "internal/dataset", "internal/model", "internal/content", "internal/render", "internal/site", "internal/changes"},
	"internal/changes":  {"internal/diag", "internal/dataset"},
	"internal/corpus":   {},
	"internal/costtest": {},
}

func TestLayers(t *testing.T) {
	dirs, err := filepath.Glob("*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		if info, err := os.Stat(dir); err != nil || !info.IsDir() {
			continue
		}
		pkg := "internal/" + dir
		files, _ := filepath.Glob(filepath.Join(dir, "*.go"))
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") {
				continue
			}
			ok, known := allowed[pkg]
			if !known {
				t.Errorf("package %s is not listed in layers_test.go: add it with the packages it may import", pkg)
				break
			}
			file, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
			if err != nil {
				t.Fatal(err)
			}
			for _, imp := range file.Imports {
				path, _ := strconv.Unquote(imp.Path.Value)
				ours, isOurs := strings.CutPrefix(path, module)
				if isOurs && !slices.Contains(ok, ours) {
					t.Errorf("%s imports %s, which %s may not import (allowed: %v)", f, ours, pkg, ok)
				}
			}
		}
	}
}
