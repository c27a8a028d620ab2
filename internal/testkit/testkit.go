// Package testkit holds what the tests of several packages share: where
// the bundled portal is, copies of it and of the generated corpus in
// temporary folders, small file edits, and the long tier of tests
// (PORTAL_TEST_LONG=1), which CI runs and the everyday `go test ./...`
// skips. Only tests import it.
package testkit

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/postal-access/portal/internal/corpus"
)

// LongEnv names the environment variable that turns on the long tier:
// PORTAL_TEST_LONG=1 go test ./... runs every test, the generated corpora
// at scale, serve under load and the long randomised loops too.
const LongEnv = "PORTAL_TEST_LONG"

// Long skips the test in the everyday tier, saying why and how to run it.
func Long(t testing.TB, why string) {
	t.Helper()
	if os.Getenv(LongEnv) != "1" {
		t.Skipf("long test (%s): runs with %s=1, as CI does", why, LongEnv)
	}
}

// SourceDirs are the folders of a portal's sources.
var SourceDirs = []string{"content", "data", "templates", "static"}

// SettingsFile is the portal's settings, beside the source folders.
const SettingsFile = "portal.yaml"

var root = sync.OnceValues(func() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", os.ErrNotExist
		}
		dir = parent
	}
})

// Root returns the repository root, which holds the bundled portal: the
// first folder above the test's own (go test runs a test in its
// package's folder) that has a go.mod.
func Root(t testing.TB) string {
	t.Helper()
	dir, err := root()
	if err != nil {
		t.Fatalf("finding the repository root (the folder with go.mod) above the test: %v", err)
	}
	return dir
}

// CopyBundledTo copies the bundled portal's source folders, and the files
// named in extra (such as SettingsFile), from the repository root into dst.
func CopyBundledTo(root, dst string, extra ...string) error {
	return copyFrom(root, dst, SourceDirs, extra)
}

// Bundled copies the bundled portal's source folders, and the files named
// in extra, into a new temporary folder and returns it.
func Bundled(t testing.TB, extra ...string) string {
	t.Helper()
	dst := t.TempDir()
	if err := CopyBundledTo(Root(t), dst, extra...); err != nil {
		t.Fatal(err)
	}
	return dst
}

// CorpusTo writes the generated corpus at scale from seed into dst, with
// the repository's templates and static files.
func CorpusTo(root, dst string, scale int, seed int64) error {
	if err := corpus.Write(dst, scale, seed); err != nil {
		return err
	}
	return copyFrom(root, dst, []string{"templates", "static"}, nil)
}

// Corpus writes the generated corpus at scale from seed, with the
// repository's templates and static files, into a new temporary folder
// and returns it.
func Corpus(t testing.TB, scale int, seed int64) string {
	t.Helper()
	dst := t.TempDir()
	if err := CorpusTo(Root(t), dst, scale, seed); err != nil {
		t.Fatal(err)
	}
	return dst
}

func copyFrom(root, dst string, dirs, files []string) error {
	for _, d := range dirs {
		if err := os.CopyFS(filepath.Join(dst, d), os.DirFS(filepath.Join(root, d))); err != nil {
			return err
		}
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dst, f), data, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// Read returns the contents of the file p.
func Read(t testing.TB, p string) string {
	t.Helper()
	data, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// Write makes the file p hold data.
func Write(t testing.TB, p, data string) {
	t.Helper()
	if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// Edit replaces the first occurrence of old in the file p with repl and
// returns the file as it was; it fails the test when old is not there.
func Edit(t testing.TB, p, old, repl string) string {
	t.Helper()
	before := Read(t, p)
	if !strings.Contains(before, old) {
		t.Fatalf("%s has no %q", p, old)
	}
	Write(t, p, strings.Replace(before, old, repl, 1))
	return before
}
