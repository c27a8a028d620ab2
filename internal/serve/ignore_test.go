package serve

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestServeLeavesOutIgnoredFiles: editors' backups, swap files, hidden
// files and the backup of a draft are not served, and writing one does
// not rebuild the site.
func TestServeLeavesOutIgnoredFiles(t *testing.T) {
	t.Parallel()
	h := start(t, 0)
	const marker = "EMBARGOED-serve-4c1d-do-not-publish"
	planted := []string{
		"content/about.md~", "content/#about.md#", "content/about.md.bak", "content/.#about.md",
		"content/about.md.swp", "content/.hidden/x.css", "static/.DS_Store", "content/updates/embargo.md~",
	}
	for _, rel := range planted {
		p := filepath.Join(h.src, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte("---\ntitle: Embargoed\ndraft: true\n---\n\n"+marker+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A real edit, so that the build reads the folders with the files in.
	about, err := os.ReadFile(filepath.Join(h.src, "content", "about.md"))
	if err != nil {
		t.Fatal(err)
	}
	h.write("content/about.md", string(about)+"\nEdited.\n")
	h.wantEvent("reload")
	h.drain()
	for _, rel := range planted {
		_, site, _ := strings.Cut(rel, "/")
		if code, body := h.get("/" + strings.ReplaceAll(site, "#", "%23")); code != 404 || strings.Contains(body, marker) {
			t.Errorf("GET /%s = %d, want 404 for a file that is not part of the site", site, code)
		}
	}
	if _, body := h.get("/about/"); !strings.Contains(body, "Edited.") {
		t.Errorf("GET /about/ does not show the edit")
	}

	// An editor's backup written on its own is no change to the site.
	h.write("content/about.md~", "a newer backup")
	select {
	case ev := <-h.events:
		t.Errorf("writing content/about.md~ sent %q, want no event", ev)
	case <-time.After(500 * time.Millisecond):
	}
}

func TestWatcherIgnoresWhatTheBuildIgnores(t *testing.T) {
	t.Parallel()
	w := &watcher{root: "/src", dirs: []string{"content", "data", "static", "templates"}, ignore: []string{"*.psd"}}
	for p, want := range map[string]bool{
		"/src/content/about.md":        true,
		"/src/content/updates":         true,
		"/src/static/site.css":         true,
		"/src/data/carriers.csv":       true,
		"/src/content/about.md~":       false,
		"/src/content/#about.md#":      false,
		"/src/content/.#about.md":      false,
		"/src/content/4913":            false,
		"/src/static/.DS_Store":        false,
		"/src/static/img/raw.psd":      false,
		"/src/templates/base.html.swp": false,
		"/src/data/carriers.csv.bak":   false,
		"/src/templates/x.psd":         true, // Build.Ignore covers content/ and static/
		"/src/public/index.html":       false,
		"/elsewhere/content/about.md":  false,
	} {
		if got := w.relevant(p); got != want {
			t.Errorf("relevant(%s) = %v, want %v", p, got, want)
		}
	}
}
