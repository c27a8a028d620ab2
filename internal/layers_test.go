package internal_test

import (
	"go/parser"
	"go/token"
	"io/fs"
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
	"internal/diag":      {},
	"internal/dataset":   {"internal/diag", "internal/dataset/cell"},
	"internal/model":     {"internal/diag", "internal/dataset"},
	"internal/content":   {"internal/diag", "internal/dataset", "internal/model"},
	"internal/render":    {"internal/diag", "internal/dataset", "internal/model", "internal/content", "internal/render/chart", "internal/render/cells", "internal/render/fastexec"},
	"internal/pages":     {"internal/diag", "internal/dataset", "internal/model", "internal/content", "internal/render", "internal/render/fastexec"},
	"internal/linkcheck": {"internal/diag", "internal/content", "internal/render/links", "internal/pages"},
	"internal/publish":   {"internal/diag", "internal/dataset", "internal/model", "internal/content", "internal/render", "internal/render/links", "internal/pages"},
	"internal/releases":  {"internal/diag", "internal/dataset", "internal/model", "internal/content", "internal/render", "internal/changes", "internal/pages", "internal/publish"},
	"internal/outdir":    {"internal/diag", "internal/dataset", "internal/sum"},
	"internal/keys":      {"internal/diag", "internal/dataset", "internal/model", "internal/content", "internal/render", "internal/pages", "internal/sum"},
	"internal/site":      {"internal/diag", "internal/dataset", "internal/model", "internal/content", "internal/render", "internal/linkcheck", "internal/changes", "internal/pages", "internal/keys", "internal/publish", "internal/releases", "internal/outdir", "internal/sum"},
	"internal/serve":     {"internal/diag", "internal/dataset", "internal/model", "internal/content", "internal/render", "internal/site", "internal/changes", "internal/pages"},
	"internal/changes":   {"internal/diag", "internal/dataset"},
	"internal/corpus":    {},
	"internal/sum":       {},
	"internal/costtest":  {},
	"internal/testkit":   {"internal/corpus"},

	// Packages inside a package sit in its layer or below it.
	"internal/render/chart":    {"internal/diag", "internal/dataset", "internal/model", "internal/render/fastexec"},
	"internal/render/cells":    {"internal/render/fastexec"},
	"internal/render/fastexec": {},
	"internal/render/links":    {},
	"internal/dataset/cell":    {"internal/diag"},

	// The commands sit on top: they parse flags and call the build.
	"cmd/portal":    {"internal/diag", "internal/dataset", "internal/content", "internal/changes", "internal/site", "internal/serve"},
	"cmd/benchdata": {"internal/corpus"},
}

func TestLayers(t *testing.T) {
	var dirs []string
	err := filepath.WalkDir(".", func(p string, d fs.DirEntry, err error) error {
		switch {
		case err != nil:
			return err
		case d.IsDir() && (d.Name() == "testdata" || d.Name() == "node_modules"):
			return filepath.SkipDir
		case d.IsDir() && p != ".":
			dirs = append(dirs, filepath.ToSlash(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	cmds, _ := filepath.Glob(filepath.Join("..", "cmd", "*"))
	dirs = append(dirs, cmds...)
	for _, dir := range dirs {
		pkg := "internal/" + dir
		if rest, ok := strings.CutPrefix(filepath.ToSlash(dir), "../"); ok {
			pkg = rest
		}
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
