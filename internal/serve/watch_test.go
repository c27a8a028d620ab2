package serve

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/site"
)

// TestWatchingStartsWhenTheWatcherIsMade: a file saved after the watcher
// is made and before it runs (while serve's first build runs) is
// reported, with file events and by polling. Serve makes the watcher
// before its first build, so that no save is missed in between.
func TestWatchingStartsWhenTheWatcherIsMade(t *testing.T) {
	t.Parallel()
	for _, poll := range []time.Duration{0, 20 * time.Millisecond} {
		root := t.TempDir()
		if err := os.MkdirAll(filepath.Join(root, "content"), 0o755); err != nil {
			t.Fatal(err)
		}
		w, err := newWatcher(root, site.SourceDirs, nil, poll)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(root, "content", "saved.md"), []byte("---\ntitle: Saved\n---\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithCancel(context.Background())
		got := make(chan []string, 1)
		go w.run(ctx, 10*time.Millisecond, func(changed []string) {
			select {
			case got <- changed:
			default:
			}
		}, func(err error) { t.Errorf("poll %v: %v", poll, err) })
		select {
		case changed := <-got:
			if !slices.Contains(changed, "content/saved.md") {
				t.Errorf("poll %v: changes %v, want content/saved.md among them", poll, changed)
			}
		case <-time.After(5 * time.Second):
			t.Errorf("poll %v: a file saved before the watching ran was never reported", poll)
		}
		cancel()
		w.Close()
	}
}
