package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/testkit"
)

// editorSaves are the ways editors save a file, each a function that
// replaces the file name with data.
var editorSaves = []struct {
	name string
	save func(name string, data []byte) error
}{
	{"in-place", saveInPlace},
	{"rename", saveByRename},
	{"vim", saveLikeVim},
}

// saveInPlace truncates and writes the file, as nano and most IDEs do.
func saveInPlace(name string, data []byte) error {
	return os.WriteFile(name, data, 0o644)
}

// saveByRename writes a temporary file beside name and renames it over
// name, as sed -i, VS Code's atomic save and many editors do.
func saveByRename(name string, data []byte) error {
	tmp := filepath.Join(filepath.Dir(name), ".~"+filepath.Base(name)+".tmp")
	if err := os.WriteFile(tmp, data, 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, name)
}

// saveLikeVim does what vim does by default: it checks that it may
// create files in the folder (a file named 4913), renames the original to
// a backup, writes the new text and removes the backup.
func saveLikeVim(name string, data []byte) error {
	probe := filepath.Join(filepath.Dir(name), "4913")
	if err := os.WriteFile(probe, nil, 0o644); err != nil {
		return err
	}
	if err := os.Remove(probe); err != nil {
		return err
	}
	backup := name + "~"
	if err := os.Rename(name, backup); err != nil {
		return err
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		return err
	}
	return os.Remove(backup)
}

// partial reports whether the server's last rebuild rendered only some
// pages.
func (h *harness) partial() bool {
	h.srv.build.Lock()
	defer h.srv.build.Unlock()
	return h.srv.session.Partial
}

// TestServeSaveByRenameIsPartial saves a markdown page each way editors
// do: each is a markdown-only rebuild that serves the new text, while a
// page added or removed (the same events, for another reason) rebuilds
// the whole site.
func TestServeSaveByRenameIsPartial(t *testing.T) {
	t.Parallel()
	h := start(t, 0)
	about := filepath.Join(h.src, "content", "about.md")
	orig := testkit.Read(t, about)
	for _, save := range editorSaves {
		text := "Saved " + save.name + "."
		if err := save.save(about, []byte(orig+"\n"+text+"\n")); err != nil {
			t.Fatal(err)
		}
		h.wantEvent("reload")
		if _, body := h.get("/about/"); !strings.Contains(body, text) {
			t.Errorf("after a save %s, /about/ does not show %q", save.name, text)
		}
		if !h.partial() {
			t.Errorf("after a save %s the rebuild was not partial", save.name)
		}
	}

	h.write("content/added.md", page)
	h.wantEvent("reload")
	if code, _ := h.get("/added/"); code != 200 || h.partial() {
		t.Errorf("after a page was added: GET /added/ = %d, partial %v; want 200, false", code, h.partial())
	}
	if err := os.Remove(filepath.Join(h.src, "content", "added.md")); err != nil {
		t.Fatal(err)
	}
	h.wantEvent("reload")
	if code, _ := h.get("/added/"); code != 404 || h.partial() {
		t.Errorf("after a page was removed: GET /added/ = %d, partial %v; want 404, false", code, h.partial())
	}
}
