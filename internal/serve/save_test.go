package serve

import (
	"os"
	"path/filepath"
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
