package main_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// builtRE is the summary line of a first build into an empty folder.
var builtRE = regexp.MustCompile(`^built (\d+) pages and (\d+) files into public \((\d+) written, 0 unchanged, 0 removed; \d+ static files\) as of 2026-11-25, \d+ warnings?, in \S+\n$`)

func TestBuildBundledPortal(t *testing.T) {
	t.Parallel()
	src := copySource(t)
	// A clone of the portal is a repository whose history holds its
	// data releases; without git the build warns that it has none.
	warnings := " 0 warnings"
	if !commitAll(t, src, "2026-11-20") {
		warnings = " 1 warning"
	}
	r := portal(t, src, nil, "build", "--as-of", refAsOf)
	if r.code != 0 {
		t.Fatalf("portal build --as-of %s: %v\nwant exit 0", refAsOf, r)
	}
	m := builtRE.FindStringSubmatch(r.stdout)
	if m == nil {
		t.Fatalf("portal build stdout = %q, want a line matching %s", r.stdout, builtRE)
	}
	pages, _ := strconv.Atoi(m[1])
	files, _ := strconv.Atoi(m[2])
	written, _ := strconv.Atoi(m[3])
	if pages < 100 || files < pages || written != files {
		t.Errorf("portal build: %d pages, %d files, %d written; want 100 or more pages, at least as many files, all written", pages, files, written)
	}
	if !strings.Contains(r.stderr, "writing ") {
		t.Errorf("portal build stderr = %q, want the phase lines (writing ...)", r.stderr)
	}

	out := filepath.Join(src, "public")
	for _, name := range []string{
		"index.html",
		"carriers/amazon/index.html",
		"carriers/amazon/index.json",
		"data/datapackage.json",
		"sitemap.xml",
		"index.xml",
		"changes/index.html",
		"data/releases/2026-11-20/agreements.csv",
		"robots.txt",
		"404.html",
	} {
		info, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Errorf("after portal build: %v", err)
			continue
		}
		if info.Size() == 0 {
			t.Errorf("after portal build: public/%s is empty", name)
		}
	}
	if exists(filepath.Join(out, ".portal-staging")) {
		t.Errorf("after portal build: public/.portal-staging was left behind")
	}
	if n := len(filesIn(siteTree(t, out))); n != files {
		t.Errorf("public/ holds %d files, want %d (the summary's count)", n, files)
	}

	for _, name := range []string{"carriers/amazon/index.json", "data/datapackage.json"} {
		data, _ := os.ReadFile(filepath.Join(out, name))
		if !json.Valid(data) {
			t.Errorf("public/%s is not valid JSON: %.200s", name, data)
		}
	}
	for _, name := range []string{"sitemap.xml", "index.xml", "changes/index.xml"} {
		data, _ := os.ReadFile(filepath.Join(out, name))
		if err := wellFormedXML(data); err != nil {
			t.Errorf("public/%s is not well-formed XML: %v", name, err)
		}
	}
	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !strings.Contains(string(robots), "Sitemap: https://postal-access.github.io/portal/sitemap.xml") {
		t.Errorf("public/robots.txt = %q, want a Sitemap line with portal.yaml's base_url", robots)
	}
	if !strings.Contains(r.stdout, warnings) {
		t.Errorf("portal build stdout = %q, want%s", r.stdout, warnings)
	}
	// Deployable as it is: no preview address anywhere, and every link
	// between pages relative (404.html aside), so that the folder works
	// under any path and opened from disk.
	rootLink := regexp.MustCompile(`(?:href|src|action)="/[^/]`)
	for name, data := range siteTree(t, out) {
		if strings.Contains(data, "localhost") || strings.Contains(data, "127.0.0.1") {
			t.Errorf("public/%s names a local address", name)
		}
		if strings.HasSuffix(name, ".html") && name != "404.html" {
			if m := rootLink.FindString(data); m != "" {
				t.Errorf("public/%s has a root-absolute link %s", name, m)
			}
		}
	}
	amazon, _ := os.ReadFile(filepath.Join(out, "carriers/amazon/index.html"))
	if !strings.Contains(string(amazon), "Amazon.com, Inc.") {
		t.Errorf("public/carriers/amazon/index.html does not name Amazon.com, Inc.")
	}
}

func TestCheckWritesNothing(t *testing.T) {
	t.Parallel()
	src := copySource(t)
	before := snapshot(t, src)
	r := portal(t, src, nil, "check", "--as-of", refAsOf)
	if r.code != 0 {
		t.Fatalf("portal check --as-of %s: %v\nwant exit 0", refAsOf, r)
	}
	want := regexp.MustCompile(`^check: ok, \d+ pages and \d+ files would be written, as of 2026-11-25, \d+ warnings?, in \S+\n$`)
	if !want.MatchString(r.stdout) {
		t.Errorf("portal check stdout = %q, want a line matching %s", r.stdout, want)
	}
	if exists(filepath.Join(src, "public")) {
		t.Errorf("portal check created public/")
	}
	sameTree(t, "portal check", src, before)
}

func TestVersion(t *testing.T) {
	t.Parallel()
	r := portal(t, t.TempDir(), nil, "version")
	if r.code != 0 || r.stderr != "" {
		t.Fatalf("portal version: %v\nwant exit 0 and nothing on stderr", r)
	}
	if !regexp.MustCompile(`^portal \S+.*\n$`).MatchString(r.stdout) {
		t.Errorf("portal version stdout = %q, want one line starting with \"portal \"", r.stdout)
	}
}

func TestNoMinify(t *testing.T) {
	t.Parallel()
	src := copySource(t)
	out := filepath.Join(filepath.Dir(src), "unminified")
	r := portal(t, src, nil, "build", "--as-of", refAsOf, "--no-minify", "--out", out)
	if r.code != 0 {
		t.Fatalf("portal build --no-minify: %v\nwant exit 0", r)
	}
	for _, name := range []string{"index.html", "carriers/amazon/index.html"} {
		big, err := os.Stat(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		small, err := os.Stat(filepath.Join(reference(t, refAsOf), name))
		if err != nil {
			t.Fatal(err)
		}
		if big.Size() <= small.Size() {
			t.Errorf("%s: --no-minify gives %d bytes, minified %d; want more unminified", name, big.Size(), small.Size())
		}
	}
}

// filesIn lists the files of a snapshot, without its folders.
func filesIn(tree map[string]string) []string {
	var files []string
	for p := range tree {
		if !strings.HasSuffix(p, "/") {
			files = append(files, p)
		}
	}
	return files
}

func wellFormedXML(data []byte) error {
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		if _, err := d.Token(); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return err
		}
	}
}

// TestBaseURL builds for another address: every absolute link uses it.
func TestBaseURL(t *testing.T) {
	t.Parallel()
	src := copySource(t)
	out := filepath.Join(filepath.Dir(src), "out")
	r := portal(t, src, nil, "build", "--as-of", refAsOf, "--base-url", "https://example.org/portal", "--out", out)
	if r.code != 0 {
		t.Fatalf("portal build --base-url https://example.org/portal: %v\nwant exit 0", r)
	}
	robots, _ := os.ReadFile(filepath.Join(out, "robots.txt"))
	if !strings.Contains(string(robots), "Sitemap: https://example.org/portal/sitemap.xml") {
		t.Errorf("robots.txt = %q, want the sitemap under https://example.org/portal/", robots)
	}
	for name, data := range siteTree(t, out) {
		if strings.Contains(data, "localhost:1313") {
			t.Errorf("%s still mentions localhost:1313", name)
		}
	}

	r = portal(t, src, nil, "build", "--as-of", refAsOf, "--base-url", "ftp://example.org/", "--out", out)
	want := `--base-url "ftp://example.org/": want an absolute http(s) address like https://example.org/portal/`
	if r.code == 0 || !strings.Contains(r.stderr, want) {
		t.Errorf("portal build --base-url ftp://example.org/: %v\nwant a non-zero exit and %q", r, want)
	}
}

// commitAll makes src a git repository with one commit of everything in
// it, dated day; it returns false when there is no git command.
func commitAll(t *testing.T, src, day string) bool {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		return false
	}
	stamp := day + "T12:00:00Z"
	for _, args := range [][]string{{"init", "-q"}, {"add", "-A"}, {"commit", "-q", "-m", "data"}} {
		cmd := exec.Command("git", append([]string{"-C", src}, args...)...)
		cmd.Env = append(os.Environ(), "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1", "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org",
			"GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org", "GIT_AUTHOR_DATE="+stamp, "GIT_COMMITTER_DATE="+stamp)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	return true
}
