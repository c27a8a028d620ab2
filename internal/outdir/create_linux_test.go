//go:build linux

package outdir

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"
)

// TestCreateBeneath: openat2 creates the file below the folder with its
// bytes and returns the modification time a stat then reads, and keeps
// os.Root's promise: no path through a symbolic link, none out of the
// folder, and nothing written where either would lead.
func TestCreateBeneath(t *testing.T) {
	dir, outside := t.TempDir(), t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "a"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(outside, filepath.Join(dir, "link")); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	fd := int(f.Fd())

	mtime, ok, err := createBeneath(fd, "a/index.html", []byte("<p>page</p>"))
	if !ok {
		t.Skip("openat2 is not available here: files are created through os.Root")
	}
	if err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(filepath.Join(dir, "a", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(dir, "a", "index.html")); string(data) != "<p>page</p>" || info.ModTime().UnixNano() != mtime || info.Mode().Perm()&0o600 != 0o600 {
		t.Errorf("created %q, mode %v, mtime %d (stat says %d)", data, info.Mode(), mtime, info.ModTime().UnixNano())
	}
	if _, _, err := createBeneath(fd, "empty.json", nil); err != nil {
		t.Errorf("an empty file: %v", err)
	}
	for _, name := range []string{"link/x.html", "../" + filepath.Base(outside) + "/x.html", "/tmp/x.html", "a/../../x.html"} {
		_, ok, err := createBeneath(fd, name, []byte("x"))
		if !ok || err == nil {
			t.Errorf("createBeneath(%q) = ok %t, err %v; want refused", name, ok, err)
		}
		if !errors.Is(err, unix.EXDEV) && !errors.Is(err, unix.ELOOP) {
			t.Errorf("createBeneath(%q): %v, want EXDEV or ELOOP", name, err)
		}
	}
	if entries, _ := os.ReadDir(outside); len(entries) > 0 {
		t.Errorf("wrote outside the folder: %v", entries)
	}
	// The file's own name a symbolic link: not followed either.
	if err := os.Symlink(filepath.Join(outside, "target"), filepath.Join(dir, "a", "linked.html")); err != nil {
		t.Fatal(err)
	}
	if _, _, err := createBeneath(fd, "a/linked.html", []byte("x")); err == nil {
		t.Error("created through a symbolic link as the file's own name")
	}
	if _, err := os.Stat(filepath.Join(outside, "target")); err == nil {
		t.Error("wrote the symbolic link's target")
	}
}
