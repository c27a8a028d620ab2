package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/testkit"
)

func TestNew(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1790000000") // 2026-09-21
	src := t.TempDir()
	for _, tc := range []struct {
		args     []string
		code     int
		file     string // written, relative to src
		contains []string
		stderr   string
	}{
		{args: []string{"update", "USPS Opens the Bid!"}, code: 0, file: "content/updates/usps-opens-the-bid.md",
			contains: []string{"---\ntitle: \"USPS Opens the Bid!\"\ndate: 2026-09-21\nsummary: \"\"\ndraft: true\n---\n"}},
		{args: []string{"update", "USPS Opens the Bid!"}, code: 1, stderr: "already exists; not overwriting it"},
		{args: []string{"page", "guides/how-to-read"}, code: 0, file: "content/guides/how-to-read.md",
			contains: []string{"title: \"How to read\"\n", "draft: true"}},
		{args: []string{"page", "../outside"}, code: 2, stderr: `".." is not a slug`},
		{args: []string{"page", "Guides/Read Me"}, code: 2, stderr: `"Guides" is not a slug`},
		{args: []string{"update", "!!!"}, code: 2, stderr: "must contain letters or digits"},
		{args: []string{"update", "Con"}, code: 0, file: "content/updates/con-1.md", contains: []string{"title: \"Con\"\n"}},
		{args: []string{"post", "x"}, code: 2, stderr: "Usage:"},
		{args: []string{"update"}, code: 2, stderr: "Usage:"},
	} {
		var stdout, stderr bytes.Buffer
		args := append([]string{"new", "--src", src}, tc.args...)
		code := run(context.Background(), args, &stdout, &stderr)
		if code != tc.code {
			t.Errorf("portal %v: exit %d, want %d (stderr %q)", tc.args, code, tc.code, stderr.String())
		}
		if tc.stderr != "" && !strings.Contains(stderr.String(), tc.stderr) {
			t.Errorf("portal %v: stderr %q, want it to contain %q", tc.args, stderr.String(), tc.stderr)
		}
		if tc.file != "" {
			data, err := os.ReadFile(filepath.Join(src, tc.file))
			if err != nil {
				t.Errorf("portal %v: %v", tc.args, err)
				continue
			}
			for _, c := range tc.contains {
				if !strings.Contains(string(data), c) {
					t.Errorf("portal %v wrote\n%s\nwant it to contain %q", tc.args, data, c)
				}
			}
		}
	}
	if _, err := os.Stat(filepath.Join(filepath.Dir(src), "outside.md")); err == nil {
		t.Errorf("portal new page ../outside wrote outside content/")
	}
}

// TestNewUpdateBuilds checks that a scaffolded update is valid content: it
// builds as a draft with --drafts and is left out without.
func TestNewUpdateBuilds(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1790000000")
	// content/ too: the templates link to its methodology page.
	src := testkit.Bundled(t)
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"new", "--src", src, "update", "Fresh news"}, &out, &errb); code != 0 {
		t.Fatalf("new: exit %d: %s", code, errb.String())
	}
	if code := run(context.Background(), []string{"build", "--src", src, "--drafts"}, &out, &errb); code != 0 {
		t.Fatalf("build --drafts: exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(filepath.Join(src, "public/updates/fresh-news/index.html")); err != nil {
		t.Errorf("draft update not built with --drafts: %v", err)
	}
	// The bundled source has its own skeleton, which documents every field.
	data, err := os.ReadFile(filepath.Join(src, "content/updates/fresh-news.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"title: \"Fresh news\"\n", "date: 2026-09-21\n", "# about:", "# author:", "# lastmod:", "# summary:", "# draft:", "# aliases:", "# slug:", "# weight:"} {
		if !strings.Contains(string(data), want) {
			t.Errorf("portal new update wrote\n%s\nwant it to contain %q (from templates/new/update.md)", data, want)
		}
	}
	if code := run(context.Background(), []string{"build", "--src", src}, &out, &errb); code != 0 {
		t.Fatalf("build: exit %d: %s", code, errb.String())
	}
	if _, err := os.Stat(filepath.Join(src, "public/updates/fresh-news/index.html")); err == nil {
		t.Errorf("draft update built without --drafts")
	}
}

// TestNewUsesTheSourcesSkeleton checks that portal new fills in the
// source's templates/new/update.md, that what it writes builds with
// --drafts, and that a skeleton with an unknown placeholder writes
// nothing and says where.
func TestNewUsesTheSourcesSkeleton(t *testing.T) {
	t.Setenv("SOURCE_DATE_EPOCH", "1790000000") // 2026-09-21
	src := testkit.Bundled(t)
	skel := filepath.Join(src, "templates/new/update.md")
	write := func(s string) {
		if err := os.WriteFile(skel, []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("---\ntitle: {{title}}\ndate: {{date}}\nauthor: Newsroom desk\nabout: [carriers/amazon]\ndraft: true\n---\n\nFiled as {{ slug }}.\n")
	var out, errb bytes.Buffer
	if code := run(context.Background(), []string{"new", "--src", src, "update", "Desk note"}, &out, &errb); code != 0 {
		t.Fatalf("new: exit %d: %s", code, errb.String())
	}
	data, err := os.ReadFile(filepath.Join(src, "content/updates/desk-note.md"))
	want := "---\ntitle: \"Desk note\"\ndate: 2026-09-21\nauthor: Newsroom desk\nabout: [carriers/amazon]\ndraft: true\n---\n\nFiled as desk-note.\n"
	if err != nil || string(data) != want {
		t.Fatalf("portal new update wrote %q (%v), want %q", data, err, want)
	}
	if code := run(context.Background(), []string{"build", "--src", src, "--drafts"}, &out, &errb); code != 0 {
		t.Fatalf("build --drafts: exit %d: %s", code, errb.String())
	}
	page, err := os.ReadFile(filepath.Join(src, "public/carriers/amazon/index.html"))
	if err != nil || !strings.Contains(string(page), "Desk note") {
		t.Errorf("the carrier page does not list the update about it (%v)", err)
	}

	write("---\ntitle: {{titel}}\n---\n")
	errb.Reset()
	if code := run(context.Background(), []string{"new", "--src", src, "update", "Bad skeleton"}, &out, &errb); code != 1 {
		t.Errorf("new with a bad skeleton: exit %d, want 1", code)
	}
	if want := "templates/new/update.md:2:8: unknown placeholder {{titel}} (did you mean {{title}}?)\n"; errb.String() != want {
		t.Errorf("new with a bad skeleton: stderr %q, want %q", errb.String(), want)
	}
	if _, err := os.Stat(filepath.Join(src, "content/updates/bad-skeleton.md")); err == nil {
		t.Errorf("new with a bad skeleton wrote a file")
	}
}
