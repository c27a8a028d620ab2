package main_test

// These tests run the real portal binary the way a user does: they build it
// once in TestMain, copy the bundled portal (data/, content/, templates/,
// static/ at the repository root) into a temporary folder, run a command in
// it, and check the exit code, the messages and the files.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/site"
	"github.com/postal-access/portal/internal/testkit"
)

// portalBin is the binary under test and workDir the folder it and the
// shared reference builds live in; TestMain sets both and removes workDir.
var portalBin, workDir string

// bundledRoot is the repository root, relative to this package's folder
// (go test runs tests in the package folder).
const bundledRoot = "../.."

// refAsOf is the as-of date most tests build with.
const refAsOf = "2026-11-25"

func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	dir, err := os.MkdirTemp("", "portal-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	workDir = dir
	// Builds keep their records here, not in the user's cache.
	os.Setenv("PORTAL_CACHE_DIR", filepath.Join(dir, "cache"))
	portalBin = filepath.Join(dir, "portal")
	if runtime.GOOS == "windows" {
		portalBin += ".exe"
	}
	cmd := exec.Command("go", "build", "-o", portalBin, ".")
	cmd.Stdout, cmd.Stderr = os.Stderr, os.Stderr
	if err := cmd.Run(); err != nil {
		fmt.Fprintf(os.Stderr, "go build -o %s .: %v\n", portalBin, err)
		return 1
	}
	return m.Run()
}

// result is what one run of the binary did.
type result struct {
	code           int // exit code; -1 when killed by a signal
	stdout, stderr string
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// command prepares the binary to run in dir with args. The environment is
// the test's own without SOURCE_DATE_EPOCH, plus env ("KEY=value").
func command(ctx context.Context, dir string, env []string, args ...string) (*exec.Cmd, *bytes.Buffer, *bytes.Buffer) {
	cmd := exec.CommandContext(ctx, portalBin, args...)
	cmd.Dir = dir
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "SOURCE_DATE_EPOCH=") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	cmd.Env = append(cmd.Env, env...) // later entries win
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	return cmd, &stdout, &stderr
}

// exitCode turns the error of cmd.Wait into an exit code.
func exitCode(err error) (int, error) {
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &ee):
		return ee.ExitCode(), nil
	}
	return 0, err
}

func runIn(dir string, env []string, args ...string) (result, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd, stdout, stderr := command(ctx, dir, env, args...)
	code, err := exitCode(cmd.Run())
	return result{code, stdout.String(), stderr.String()}, err
}

// portal runs the binary in dir and returns what it did.
func portal(t *testing.T, dir string, env []string, args ...string) result {
	t.Helper()
	r, err := runIn(dir, env, args...)
	if err != nil {
		t.Fatalf("portal %s: %v", strings.Join(args, " "), err)
	}
	return r
}

// copySource copies the bundled portal source into a new temporary folder
// and returns it. Its parent folder is the test's own, so a test may put
// output folders beside it.
func copySource(t *testing.T) string {
	t.Helper()
	src := filepath.Join(t.TempDir(), "site")
	if err := testkit.CopyBundledTo(bundledRoot, src, site.SettingsFile); err != nil {
		t.Fatal(err)
	}
	return src
}

var (
	refMu sync.Mutex
	refs  = map[string]func() (string, error){}
)

// reference returns the public/ folder of the bundled portal built with
// --as-of asOf. Each date is built once per test binary; tests must not
// change the folder (copy it with copyDir).
func reference(t *testing.T, asOf string) string {
	t.Helper()
	refMu.Lock()
	f, ok := refs[asOf]
	if !ok {
		f = sync.OnceValues(func() (string, error) {
			src := filepath.Join(workDir, "ref-"+asOf)
			if err := testkit.CopyBundledTo(bundledRoot, src, site.SettingsFile); err != nil {
				return "", err
			}
			r, err := runIn(src, nil, "build", "--as-of", asOf)
			if err != nil {
				return "", err
			}
			if r.code != 0 {
				return "", fmt.Errorf("reference build failed: %v", r)
			}
			return filepath.Join(src, "public"), nil
		})
		refs[asOf] = f
	}
	refMu.Unlock()
	dir, err := f()
	if err != nil {
		t.Fatalf("portal build --as-of %s of the bundled portal: %v", asOf, err)
	}
	return dir
}

// withPublic gives src a public/ folder as a previous build of the
// bundled portal with --as-of asOf left it, and the records of that build
// (a copy of the reference build would have none, and portal would refuse
// to overwrite it). src itself may be broken already.
func withPublic(t *testing.T, src, asOf string) {
	t.Helper()
	ref := filepath.Dir(reference(t, asOf))
	if r := portal(t, src, nil, "build", "--src", ref, "--as-of", asOf, "--out", filepath.Join(src, "public")); r.code != 0 {
		t.Fatalf("portal build --src %s --as-of %s: %v\nwant exit 0", ref, asOf, r)
	}
}

// snapshot records every file and folder under dir: folders as "path/",
// files with their contents. It is empty when dir does not exist.
func snapshot(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := map[string]string{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) && p == dir {
			return fs.SkipAll
		}
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil || rel == "." {
			return err
		}
		rel = filepath.ToSlash(rel)
		switch {
		case d.IsDir():
			tree[rel+"/"] = ""
		case d.Type()&fs.ModeSymlink != 0:
			target, err := os.Readlink(p)
			if err != nil {
				return err
			}
			tree[rel] = "symlink to " + target
		default:
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			tree[rel] = string(data)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("snapshot of %s: %v", dir, err)
	}
	return tree
}

// siteTree is snapshot of an output folder, which holds the site and
// nothing else: a hidden file or folder in it (portal's records were once
// kept there) fails the test.
func siteTree(t *testing.T, dir string) map[string]string {
	t.Helper()
	tree := snapshot(t, dir)
	for p := range tree {
		if strings.HasPrefix(p, ".") || strings.Contains(p, "/.") {
			t.Errorf("%s holds hidden %s; want only the site", dir, p)
		}
	}
	return tree
}

// treeDiff lists how got differs from want, at most max lines.
func treeDiff(got, want map[string]string, max int) []string {
	var diffs []string
	for _, p := range sortedKeys(want) {
		g, ok := got[p]
		switch {
		case !ok:
			diffs = append(diffs, "missing "+p)
		case g != want[p]:
			diffs = append(diffs, fmt.Sprintf("%s differs (%d bytes, want %d)", p, len(g), len(want[p])))
		}
	}
	for _, p := range sortedKeys(got) {
		if _, ok := want[p]; !ok {
			diffs = append(diffs, "unexpected "+p)
		}
	}
	if len(diffs) > max {
		diffs = append(diffs[:max], fmt.Sprintf("... and %d more", len(diffs)-max))
	}
	return diffs
}

// sameTree fails the test when the tree under dir, every file of it, is
// not want.
func sameTree(t *testing.T, what, dir string, want map[string]string) {
	t.Helper()
	if diffs := treeDiff(snapshot(t, dir), want, 10); len(diffs) > 0 {
		t.Errorf("%s: %s is not as expected:\n\t%s", what, dir, strings.Join(diffs, "\n\t"))
	}
}

// sameSite fails the test when the site under the output folder dir is not
// want (a siteTree): the bookkeeping files are not compared.
func sameSite(t *testing.T, what, dir string, want map[string]string) {
	t.Helper()
	if diffs := treeDiff(siteTree(t, dir), want, 10); len(diffs) > 0 {
		t.Errorf("%s: the site in %s is not as expected:\n\t%s", what, dir, strings.Join(diffs, "\n\t"))
	}
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// editFile replaces the one occurrence of old in the file name under src
// with repl and returns the line old started on, not counting newlines it
// starts with. It fails when old is not there exactly once, so an edit
// never silently stops testing what it says.
func editFile(t *testing.T, src, name, old, repl string) int {
	t.Helper()
	p := filepath.Join(src, filepath.FromSlash(name))
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(data), old); n != 1 {
		t.Fatalf("editing %s: %q occurs %d times, want once (has the bundled portal changed?)", name, old, n)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(data), old, repl, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
	before := string(data)[:strings.Index(string(data), old)]
	return 1 + strings.Count(before, "\n") + len(old) - len(strings.TrimLeft(old, "\n"))
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}
