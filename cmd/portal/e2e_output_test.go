package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestOutRefused points --out at folders that hold sources: each build is
// refused and nothing under the test's folder changes.
func TestOutRefused(t *testing.T) {
	t.Parallel()
	src := copySource(t)
	root := filepath.Dir(src)
	var links []string
	if runtime.GOOS != "windows" {
		if err := os.Symlink(src, filepath.Join(root, "link-to-site")); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(filepath.Join(src, "content"), filepath.Join(root, "link-to-content")); err != nil {
			t.Fatal(err)
		}
		links = []string{"link-to-site", "link-to-content"}
	}
	tests := []struct {
		out  string // relative to the source folder, where the command runs
		want string
	}{
		{".", "output folder . is the source folder: choose another with --out (the default is public/)"},
		{"./", "is the source folder"},
		{src, "is the source folder"},
		{"content", "output folder content is inside the source folder content/: choose another with --out"},
		{filepath.Join(src, "content"), "is inside the source folder content/"},
		{"content/updates", "is inside the source folder content/"},
		{"data/public", "is inside the source folder data/"},
		{"templates", "is inside the source folder templates/"},
		{"static", "is inside the source folder static/"},
		{"..", "output folder .. contains the source folder .: cleaning it would delete your sources"},
		{root, "contains the source folder"},
	}
	if links != nil {
		tests = append(tests,
			struct{ out, want string }{"../link-to-site", "is the source folder"},
			struct{ out, want string }{"../link-to-content", "is inside the source folder content/"},
			struct{ out, want string }{"../link-to-content/new", "is inside the source folder content/"},
		)
	}
	before := snapshot(t, root)
	for _, tt := range tests {
		r := portal(t, src, nil, "build", "--as-of", refAsOf, "--out", tt.out)
		if r.code == 0 {
			t.Errorf("portal build --out %s: %v\nwant it refused (non-zero exit)", tt.out, r)
		}
		if !strings.Contains(r.stderr, tt.want) {
			t.Errorf("portal build --out %s stderr:\n%s\nwant it to contain %q", tt.out, r.stderr, tt.want)
		}
		if strings.Contains(r.stderr, "rendering") {
			t.Errorf("portal build --out %s rendered pages before refusing:\n%s", tt.out, r.stderr)
		}
	}
	sameTree(t, "after refused builds", root, before)
}

// TestOutNotMadeByPortal: a non-empty folder portal has no record of
// building is never written to or cleaned.
func TestOutNotMadeByPortal(t *testing.T) {
	t.Parallel()
	src := copySource(t)
	out := filepath.Join(filepath.Dir(src), "mine")
	if err := os.MkdirAll(filepath.Join(out, "notes"), 0o755); err != nil {
		t.Fatal(err)
	}
	note := filepath.Join(out, "notes", "todo.txt")
	if err := os.WriteFile(note, []byte("buy stamps\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	old := time.Now().Add(-time.Hour).Truncate(time.Second)
	if err := os.Chtimes(note, old, old); err != nil {
		t.Fatal(err)
	}
	before := snapshot(t, out)

	r := portal(t, src, nil, "build", "--as-of", refAsOf, "--out", out)
	if r.code == 0 {
		t.Errorf("portal build --out %s: %v\nwant it refused (non-zero exit)", out, r)
	}
	want := "is not empty and portal has no record of building it: refusing to overwrite it"
	if !strings.Contains(r.stderr, want) {
		t.Errorf("portal build --out <folder with a file> stderr:\n%s\nwant it to contain %q", r.stderr, want)
	}
	sameTree(t, "after a refused build", out, before)
	if info, err := os.Stat(note); err != nil || !info.ModTime().Equal(old) {
		t.Errorf("the user's file was touched: %v, %v", info, err)
	}

	// An empty folder, though, is fine.
	empty := filepath.Join(filepath.Dir(src), "empty")
	if err := os.Mkdir(empty, 0o755); err != nil {
		t.Fatal(err)
	}
	if r := portal(t, src, nil, "build", "--as-of", refAsOf, "--out", empty); r.code != 0 {
		t.Errorf("portal build --out <empty folder>: %v\nwant exit 0", r)
	}
	sameSite(t, "build into an empty folder", empty, siteTree(t, reference(t, refAsOf)))
}

// TestRebuildUnchanged builds twice, then once more after an edit to one
// page: a build rewrites only the files whose content changed, and every
// other file keeps its modification time.
func TestRebuildUnchanged(t *testing.T) {
	t.Parallel()
	src := copySource(t)
	out := filepath.Join(src, "public")
	if r := portal(t, src, nil, "build", "--as-of", refAsOf); r.code != 0 {
		t.Fatalf("first portal build: %v\nwant exit 0", r)
	}
	site := siteTree(t, out)
	n := len(filesIn(site))
	times := modTimes(t, out, site)
	before := snapshot(t, out)
	time.Sleep(20 * time.Millisecond) // a rewrite cannot keep the time by chance

	// Nothing changed: the build says so, either way it puts it.
	r := portal(t, src, nil, "build", "--as-of", refAsOf)
	if r.code != 0 {
		t.Fatalf("second portal build: %v\nwant exit 0", r)
	}
	upToDate := regexp.MustCompile(`^nothing changed since the last build: (\d+) files in public are up to date \(as of 2026-11-25\)|\(0 written, (\d+) unchanged[^,]*, 0 removed;`)
	if m := upToDate.FindStringSubmatch(r.stdout); m == nil || m[1]+m[2] != strconv.Itoa(n) {
		t.Errorf("second portal build stdout = %q, want it to say all %d files are unchanged (0 written)", r.stdout, n)
	}
	sameTree(t, "after a build that changed nothing", out, before)
	for p, mt := range modTimes(t, out, site) {
		if !mt.Equal(times[p]) {
			t.Errorf("public/%s was rewritten by a build that changed nothing (mtime %v, want %v)", p, mt, times[p])
		}
	}

	// One page changed: only what shows it is written.
	editFile(t, src, "content/about.md", "\n## Who it is for\n", "\nA sentence added by the test.\n\n## Who it is for\n")
	r = portal(t, src, nil, "build", "--as-of", refAsOf)
	if r.code != 0 {
		t.Fatalf("portal build after editing content/about.md: %v\nwant exit 0", r)
	}
	m := regexp.MustCompile(`\((\d+) written, (\d+) unchanged[^,]*, 0 removed;`).FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("portal build after an edit: stdout = %q, want \"(N written, M unchanged, 0 removed;\"", r.stdout)
	}
	written, _ := strconv.Atoi(m[1])
	unchanged, _ := strconv.Atoi(m[2])
	if written < 1 || written > n/10 || written+unchanged != n {
		t.Errorf("portal build after editing one page: %d written, %d unchanged; want a few written, and %d in all", written, unchanged, n)
	}
	after := siteTree(t, out)
	if !strings.Contains(after["about/index.html"], "A sentence added by the test.") {
		t.Errorf("public/about/index.html does not show the edit")
	}
	rewritten := 0
	for p, mt := range modTimes(t, out, after) {
		switch same := after[p] == site[p]; {
		case same && !mt.Equal(times[p]):
			t.Errorf("public/%s was rewritten with the same content (mtime %v, want %v)", p, mt, times[p])
		case !same:
			rewritten++
		}
	}
	if rewritten != written {
		t.Errorf("%d files changed content, but the build says %d were written", rewritten, written)
	}
}

// modTimes returns the modification time of each file of tree (a
// snapshot of dir).
func modTimes(t *testing.T, dir string, tree map[string]string) map[string]time.Time {
	t.Helper()
	times := map[string]time.Time{}
	for _, p := range filesIn(tree) {
		info, err := os.Stat(filepath.Join(dir, filepath.FromSlash(p)))
		if err != nil {
			t.Fatal(err)
		}
		times[p] = info.ModTime()
	}
	return times
}

// TestRebuildRemovesStale: what the previous build wrote and this one does
// not is removed, and the result is what a clean build gives; a file
// someone else put there stays.
func TestRebuildRemovesStale(t *testing.T) {
	t.Parallel()
	src := copySource(t)
	out := filepath.Join(src, "public")
	withPublic(t, src, refAsOf)
	page := filepath.Join(out, "updates", "bid-solicitation-opens", "index.html")
	if !exists(page) {
		t.Fatalf("the reference build has no %s", page)
	}
	if err := os.Remove(filepath.Join(src, "content", "updates", "bid-solicitation-opens.md")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "leftover.html"), []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}

	r := portal(t, src, nil, "build", "--as-of", refAsOf)
	if r.code != 0 {
		t.Fatalf("portal build after removing a page: %v\nwant exit 0", r)
	}
	if !strings.Contains(r.stdout, ", 1 removed;") {
		t.Errorf("portal build stdout = %q, want \", 1 removed;\" (the page)", r.stdout)
	}
	for _, p := range []string{page, filepath.Dir(page)} {
		if exists(p) {
			t.Errorf("%s is still there after the rebuild", p)
		}
	}
	leftover := filepath.Join(out, "leftover.html")
	if data, err := os.ReadFile(leftover); string(data) != "old" {
		t.Errorf("leftover.html, which portal did not write, = %q, %v after the rebuild; want it kept", data, err)
	}
	if err := os.Remove(leftover); err != nil {
		t.Fatal(err)
	}

	clean := filepath.Join(filepath.Dir(src), "clean")
	if r := portal(t, src, nil, "build", "--as-of", refAsOf, "--out", clean); r.code != 0 {
		t.Fatalf("portal build --out clean: %v\nwant exit 0", r)
	}
	sameSite(t, "rebuild over an old build vs. a clean build", out, siteTree(t, clean))
}

// TestOutSymlinkInside: a symbolic link inside a portal-made output folder
// that leads out of it is replaced, or kept when portal did not write
// there, and never written through.
func TestOutSymlinkInside(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("symbolic links need privileges on Windows")
	}
	t.Parallel()
	src := copySource(t)
	out := filepath.Join(src, "public")
	withPublic(t, src, refAsOf)
	outside := filepath.Join(filepath.Dir(src), "outside")
	if err := os.MkdirAll(filepath.Join(outside, "amazon"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(outside, "amazon", "index.html"), []byte("precious"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(filepath.Join(out, "carriers")); err != nil {
		t.Fatal(err)
	}
	for _, link := range []string{"carriers", "stale-link"} {
		if err := os.Symlink(outside, filepath.Join(out, link)); err != nil {
			t.Fatal(err)
		}
	}
	before := snapshot(t, outside)

	r := portal(t, src, nil, "build", "--as-of", refAsOf)
	if r.code != 0 {
		t.Fatalf("portal build over symbolic links: %v\nwant exit 0", r)
	}
	sameTree(t, "the folder the links led to", outside, before)
	if err := os.Remove(filepath.Join(out, "stale-link")); err != nil {
		t.Errorf("the link portal did not write: %v, want it kept", err)
	}
	sameSite(t, "public/ after the build", out, siteTree(t, reference(t, refAsOf)))
}

// TestConcurrentBuilds starts two builds into the same folder at once, as
// of different dates. Each either succeeds or is turned away; the folder
// ends up holding exactly one of the two sites, never a mix.
func TestConcurrentBuilds(t *testing.T) {
	t.Parallel()
	src := copySource(t)
	out := filepath.Join(filepath.Dir(src), "shared")
	dates := []string{refAsOf, "2026-11-26"}
	results := make([]result, len(dates))
	errs := make([]error, len(dates))
	var wg sync.WaitGroup
	for i, d := range dates {
		wg.Go(func() { results[i], errs[i] = runIn(src, nil, "build", "--as-of", d, "--out", out) })
	}
	wg.Wait()
	var ok []string
	for i, r := range results {
		if errs[i] != nil {
			t.Fatal(errs[i])
		}
		switch r.code {
		case 0:
			ok = append(ok, dates[i])
		case 1:
			t.Logf("the build as of %s was turned away: %q", dates[i], lastLine(r.stderr))
			if !strings.Contains(r.stderr, out+" was left unchanged") {
				t.Errorf("portal build as of %s: %v\nwant it to say %s was left unchanged", dates[i], r, out)
			}
		default:
			t.Errorf("portal build as of %s: %v\nwant exit 0 or 1", dates[i], r)
		}
	}
	if len(ok) == 0 {
		t.Fatalf("neither of two concurrent builds succeeded")
	}
	got := siteTree(t, out)
	var matches []string
	for _, d := range ok {
		if len(treeDiff(got, siteTree(t, reference(t, d)), 1)) == 0 {
			matches = append(matches, d)
		}
	}
	if len(matches) == 0 {
		t.Errorf("after builds as of %v, %s holds neither site: against %s:\n\t%s", ok, out, ok[0],
			strings.Join(treeDiff(got, siteTree(t, reference(t, ok[0])), 10), "\n\t"))
	}
	if exists(filepath.Join(out, ".portal-staging")) {
		t.Errorf("%s/.portal-staging was left behind", out)
	}
}
