package changes_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/changes"
)

// gitRepo makes a repository in a temporary folder whose portal lives in
// the subfolder site/, and returns a function that commits the files
// given on a day (UTC noon, or the hour given as "2026-03-01T23:30").
func gitRepo(t *testing.T) (root string, commit func(when string, files map[string]string)) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git command")
	}
	root = t.TempDir()
	run := func(env []string, args ...string) {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", root}, args...)...)
		cmd.Env = append(os.Environ(), append(env, "GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1")...)
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	run(nil, "init", "-q", "-b", "main")
	return root, func(when string, files map[string]string) {
		t.Helper()
		for name, s := range files {
			p := filepath.Join(root, name)
			if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(p, []byte(s), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if !strings.Contains(when, "T") {
			when += "T12:00"
		}
		stamp := when + ":00Z"
		run(nil, "add", "-A")
		run([]string{"GIT_AUTHOR_DATE=" + stamp, "GIT_COMMITTER_DATE=" + stamp, "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org"},
			"commit", "-q", "-m", "data of "+when)
	}
}

func TestGitReleases(t *testing.T) {
	root, commit := gitRepo(t)
	commit("2026-03-01", map[string]string{"site/data/carriers.csv": "v1\n", "site/data/datasets.yaml": "m\n", "README": "x"})
	commit("2026-03-02T08:00", map[string]string{"site/data/carriers.csv": "v2 morning\n"})
	commit("2026-03-02T23:30", map[string]string{"site/data/carriers.csv": "v2 night\n", "site/data/agreements.csv": "a\n"})
	commit("2026-03-03", map[string]string{"README": "not data"})
	commit("2026-03-04", map[string]string{"site/data/carriers.csv": "v4\n"})

	rels, warn, err := changes.Git{Dir: filepath.Join(root, "site")}.Releases(context.Background(), 100)
	if err != nil || len(warn) > 0 {
		t.Fatalf("Releases: %v, warnings %v", err, warn)
	}
	var got []string
	for _, r := range rels {
		names := make([]string, 0, len(r.Files))
		for n := range r.Files {
			names = append(names, n)
		}
		slices.Sort(names)
		got = append(got, r.Date.String()+" "+strings.TrimSpace(string(r.Files["carriers.csv"]))+" "+strings.Join(names, ","))
	}
	want := []string{
		"2026-03-04 v4 agreements.csv,carriers.csv,datasets.yaml",
		"2026-03-02 v2 night agreements.csv,carriers.csv,datasets.yaml",
		"2026-03-01 v1 carriers.csv,datasets.yaml",
	}
	if !slices.Equal(got, want) {
		t.Errorf("Releases:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}

	rels, _, _ = changes.Git{Dir: filepath.Join(root, "site")}.Releases(context.Background(), 2)
	if len(rels) != 2 || rels[1].Date.String() != "2026-03-02" {
		t.Errorf("Releases(limit 2) = %d releases, want the newest 2", len(rels))
	}
}

func TestGitNoHistory(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git command")
	}
	dir := t.TempDir()
	rels, warn, err := changes.Git{Dir: dir}.Releases(context.Background(), 100)
	if err != nil || len(rels) != 0 || len(warn) != 1 || !strings.Contains(warn[0].Msg, "not in a git repository") {
		t.Errorf("Releases outside a repository = %d releases, %v, %v; want none and one warning", len(rels), warn, err)
	}
}
