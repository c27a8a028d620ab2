package dataset

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// rowTypes are the data sets' row types, in the order of Names.
var rowTypes = []reflect.Type{
	reflect.TypeFor[Carrier](), reflect.TypeFor[Facility](), reflect.TypeFor[Agreement](),
	reflect.TypeFor[Auction](), reflect.TypeFor[Result](), reflect.TypeFor[Participation](),
}

// TestSchemaFileDeclaresRowTypes holds the unknown-column message to its
// word: schemaFile is this package's file that declares every row type,
// so an editor sent there to add a column finds the struct.
func TestSchemaFileDeclaresRowTypes(t *testing.T) {
	t.Parallel()
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	if dir := filepath.FromSlash(path.Dir(schemaFile)); !strings.HasSuffix(wd, string(filepath.Separator)+dir) {
		t.Errorf("schemaFile = %q, but this package is in %s", schemaFile, wd)
	}
	f, err := parser.ParseFile(token.NewFileSet(), path.Base(schemaFile), nil, 0)
	if err != nil {
		t.Fatalf("parsing %s: %v", schemaFile, err)
	}
	declared := map[string]bool{}
	for _, d := range f.Decls {
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.TYPE {
			for _, s := range g.Specs {
				declared[s.(*ast.TypeSpec).Name.Name] = true
			}
		}
	}
	for _, rt := range rowTypes {
		if !declared[rt.Name()] {
			t.Errorf("%s does not declare type %s, which the unknown-column message names", schemaFile, rt.Name())
		}
	}
}
