package site

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/testkit"
)

// embargoMarker is the text of a draft that must never be published.
const embargoMarker = "EMBARGOED-7f3c9a-do-not-publish"

// plantUnpublished adds to the portal source at src the files an editor's
// tools leave behind (backups, swap and lock files, hidden files) and a
// draft with its backup, each holding embargoMarker. It returns their
// paths relative to src.
func plantUnpublished(t *testing.T, src string) []string {
	t.Helper()
	draft := "---\ntitle: Embargoed\ndate: 2026-11-01\ndraft: true\n---\n\n" + embargoMarker + "\n"
	planted := map[string]string{
		"content/updates/embargo.md":  draft,
		"content/updates/embargo.md~": draft,
		"content/about.md~":           embargoMarker,
		"content/#about.md#":          embargoMarker,
		"content/about.md.bak":        embargoMarker,
		"content/.#about.md":          embargoMarker,
		"content/about.md.swp":        embargoMarker,
		"content/about.md.orig":       embargoMarker,
		"content/4913":                embargoMarker,
		"content/.hidden/x.css":       embargoMarker,
		"static/.DS_Store":            embargoMarker,
		"static/Thumbs.db":            embargoMarker,
		"static/site.css.tmp":         embargoMarker,
		"static/notes/plan.txt":       embargoMarker, // left out by Build.Ignore
	}
	var paths []string
	for rel, data := range planted {
		p := filepath.Join(src, filepath.FromSlash(rel))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
		paths = append(paths, rel)
	}
	return paths
}

// unpublishedIgnore is the ignore list plantUnpublished's last file needs.
var unpublishedIgnore = []string{"notes"}

// TestOnlyTheSiteIsPublished: backups, swap files, hidden files and the
// backup of a draft are in the source, and neither they nor their text
// are anywhere in the output, hidden files included.
func TestOnlyTheSiteIsPublished(t *testing.T) {
	t.Parallel()
	src := testkit.Bundled(t)
	planted := plantUnpublished(t, src)
	out := filepath.Join(t.TempDir(), "public")
	b := &Build{Src: src, Out: out, AsOf: dataset.MustDate("2026-11-25"), Limits: dataset.DefaultLimits, Ignore: unpublishedIgnore}
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatalf("Run: %v", err)
	}
	var files int
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		files++
		rel, _ := filepath.Rel(out, p)
		rel = filepath.ToSlash(rel)
		for _, pl := range planted {
			_, name := filepath.Split(pl)
			if strings.HasSuffix(rel, "/"+name) || rel == name {
				t.Errorf("output holds %s, from %s", rel, pl)
			}
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if strings.Contains(string(data), embargoMarker) {
			t.Errorf("output file %s holds the text of an unpublished file", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 100 {
		t.Fatalf("output holds %d files, want the whole site", files)
	}
}
