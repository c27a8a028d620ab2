package e2e_test

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestFrictionless reads the bundled portal's data package with the
// Frictionless reference library (datapackage in node_modules), through
// frictionless.js: the descriptor must be valid and every row of every
// resource must cast to its schema, foreign keys included, with zero
// problems. A canary with a broken foreign key must be reported, or a
// clean report proves nothing.
func TestFrictionless(t *testing.T) {
	t.Parallel()
	nodeModule(t, filepath.Join("datapackage", "package.json"))
	node, err := exec.LookPath("node")
	need(t, err == nil, "Node.js", "apt-get install -y nodejs npm")

	data := filepath.Join(serveSite(t).Dir, "data")
	out, err := validatePackage(t, node, filepath.Join(data, "datapackage.json"))
	if err != nil {
		t.Errorf("frictionless.js: %v\n%s", err, out)
	}
	if !strings.Contains(out, "\n0 problems") {
		t.Errorf("frictionless.js did not report 0 problems:\n%s", out)
	}

	canary := t.TempDir()
	if err := os.CopyFS(canary, os.DirFS(data)); err != nil {
		t.Fatal(err)
	}
	p := filepath.Join(canary, "participation.csv")
	csv, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	header, rest, _ := bytes.Cut(csv, []byte("\n"))
	_, rest, _ = bytes.Cut(rest, []byte(","))
	broken := append(append(header, "\nno-such-auction,"...), rest...)
	if err := os.WriteFile(p, broken, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err = validatePackage(t, node, filepath.Join(canary, "datapackage.json"))
	if err == nil || !strings.Contains(out, `Foreign key "auction_id"`) {
		t.Errorf("frictionless.js missed a broken foreign key (err %v):\n%s", err, out)
	}
}

func validatePackage(t *testing.T, node, descriptor string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, node, "frictionless.js", descriptor)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err
}
