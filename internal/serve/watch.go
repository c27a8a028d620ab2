package serve

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/bep/debounce"

	"github.com/fsnotify/fsnotify"
	"github.com/postal-access/portal/internal/site"
)

// watcher reports changes under the source folders, in bursts: editors
// save by writing a temporary file and renaming it, and git checkout
// changes hundreds of files at once, so changes are gathered until the
// sources have been quiet for a moment.
type watcher struct {
	root   string
	dirs   []string
	ignore []string // site.Build.Ignore
	poll   time.Duration
	fsw    *fsnotify.Watcher // nil when polling
	// seen is the listing of the sources when the watcher was made, the
	// first that polling compares with: a change made once it is made is
	// seen, however late the polling starts.
	seen map[string]stamp
}

// newWatcher starts watching the sources: a change made from then on is
// reported once run runs, with file events or, when poll is not zero,
// by listing the sources every poll.
func newWatcher(root string, dirs, ignore []string, poll time.Duration) (*watcher, error) {
	w := &watcher{root: root, dirs: dirs, ignore: ignore, poll: poll}
	if poll > 0 {
		w.seen = w.scan()
		return w, nil
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	w.fsw = fsw
	// The root is watched too, so that a source folder created later
	// (or replaced, as git does) is picked up.
	if err := fsw.Add(root); err != nil {
		fsw.Close()
		return nil, err
	}
	for _, d := range dirs {
		w.addTree(filepath.Join(root, d))
	}
	return w, nil
}

// addTree watches dir and every folder below it. File system events are
// per folder, and a folder created later is added when its event arrives.
func (w *watcher) addTree(dir string) {
	_ = filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		if d.IsDir() {
			if strings.HasPrefix(d.Name(), ".") && p != dir {
				return filepath.SkipDir
			}
			_ = w.fsw.Add(p)
		}
		return nil
	})
}

func (w *watcher) Close() error {
	if w.fsw != nil {
		return w.fsw.Close()
	}
	return nil
}

// relevant reports whether a change at p can affect the site: editors'
// swap, backup and lock files and hidden files never do (site.Ignored),
// nor the files of content/ and static/ that the build ignores.
func (w *watcher) relevant(p string) bool {
	rel, err := filepath.Rel(w.root, p)
	if err != nil {
		return false
	}
	if filepath.ToSlash(rel) == site.SettingsFile {
		return true
	}
	first, inside, _ := strings.Cut(filepath.ToSlash(rel), "/")
	if !slices.Contains(w.dirs, first) {
		return false
	}
	if inside == "" {
		return true
	}
	var extra []string
	if first == "content" || first == "static" {
		extra = w.ignore
	}
	return !site.Ignored(inside, extra)
}

// run calls onChange with the changed paths (relative to the root) after
// each burst of changes, until ctx is done.
func (w *watcher) run(ctx context.Context, quiet time.Duration, onChange func([]string), onError func(error)) {
	var mu sync.Mutex
	pending := map[string]bool{}
	debounced := debounce.New(quiet)
	fire := func() {
		mu.Lock()
		changed := make([]string, 0, len(pending))
		for p := range pending {
			changed = append(changed, p)
		}
		clear(pending)
		mu.Unlock()
		if len(changed) > 0 && ctx.Err() == nil {
			slices.Sort(changed)
			onChange(changed)
		}
	}
	note := func(p string) {
		rel, _ := filepath.Rel(w.root, p)
		mu.Lock()
		pending[filepath.ToSlash(rel)] = true
		mu.Unlock()
		debounced(fire)
	}
	if w.fsw == nil {
		w.pollLoop(ctx, note)
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case err, ok := <-w.fsw.Errors:
			if !ok {
				return
			}
			onError(err)
		case ev, ok := <-w.fsw.Events:
			if !ok {
				return
			}
			if ev.Op == fsnotify.Chmod || !w.relevant(ev.Name) {
				continue
			}
			if ev.Op.Has(fsnotify.Create) {
				if info, err := os.Lstat(ev.Name); err == nil && info.IsDir() {
					w.addTree(ev.Name)
				}
			}
			note(ev.Name)
		}
	}
}

type stamp struct {
	size int64
	mod  time.Time
	mode fs.FileMode
}

// pollLoop compares a listing of the sources every interval, for folders
// where file events do not arrive (network and virtual machine shares).
func (w *watcher) pollLoop(ctx context.Context, note func(string)) {
	prev := w.seen
	t := time.NewTicker(w.poll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		cur := w.scan()
		for p, s := range cur {
			if old, ok := prev[p]; !ok || old != s {
				note(p)
			}
		}
		for p := range prev {
			if _, ok := cur[p]; !ok {
				note(p)
			}
		}
		prev = cur
	}
}

func (w *watcher) scan() map[string]stamp {
	out := map[string]stamp{}
	for _, d := range w.dirs {
		_ = filepath.WalkDir(filepath.Join(w.root, d), func(p string, e fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if info, err := e.Info(); err == nil && w.relevant(p) {
				out[p] = stamp{info.Size(), info.ModTime(), info.Mode()}
			}
			return nil
		})
	}
	return out
}
