package e2e_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/testkit"
)

// TestValidHTML runs html-validate (node_modules, config in
// .htmlvalidate.cjs) over every HTML file of the fresh, minified build of
// the bundled portal that the browser tests serve: every page must have
// zero errors.
func TestValidHTML(t *testing.T) {
	t.Parallel()
	testkit.Long(t, "html-validate over every page of the bundled portal and the corpus")
	out := serveSite(t).Dir
	files := htmlFiles(t, out)
	// Continuation pages of long tables, from the generated corpus.
	args := []string{out}
	corpusDir := serveCorpus(t).Dir
	for _, p := range continuations {
		args = append(args, filepath.Join(corpusDir, filepath.FromSlash(p.Path), "index.html"))
	}
	// A canary: a page with a known error must be reported, or a clean
	// report proves nothing.
	canaryDir := t.TempDir()
	canary := filepath.Join(canaryDir, "canary.html")
	if err := os.WriteFile(canary, []byte("<!doctype html><html lang=en><head><title>x</title></head><body><p><div></div></p></body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}

	results := validateHTML(t, append(args, canary)...)
	errs, sawCanary := 0, false
	for _, r := range results {
		rel, err := filepath.Rel(out, r.FilePath)
		if err != nil || strings.HasPrefix(rel, "..") {
			rel, _ = filepath.Rel(corpusDir, r.FilePath)
			rel = "corpus: " + rel
		}
		for _, m := range r.Messages {
			if m.Severity < 2 {
				continue
			}
			if r.FilePath == canary {
				sawCanary = true
				continue
			}
			errs++
			t.Errorf("%s:%d:%d: %s [%s] at %s", rel, m.Line, m.Column, m.Message, m.RuleID, m.Selector)
		}
	}
	if !sawCanary {
		t.Fatalf("html-validate reported no error in %s, which has one: the check is not working", canary)
	}
	if errs > 0 {
		t.Logf("%d errors in %d files; the rules are explained at https://html-validate.org/rules/", errs, len(files))
	}
}

// htmlResult is html-validate's report on one file.
type htmlResult struct {
	FilePath string `json:"filePath"`
	Messages []struct {
		RuleID   string `json:"ruleId"`
		Severity int    `json:"severity"`
		Message  string `json:"message"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Selector string `json:"selector"`
	} `json:"messages"`
}

// validateHTML runs html-validate (node_modules, config in
// .htmlvalidate.cjs) over the files and folders named and returns its
// report.
func validateHTML(t *testing.T, paths ...string) []htmlResult {
	t.Helper()
	bin := nodeModule(t, filepath.Join(".bin", "html-validate"))
	_, err := exec.LookPath("node")
	need(t, err == nil, "Node.js", "apt-get install -y nodejs npm")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	report := filepath.Join(t.TempDir(), "report.json")
	cmd := exec.CommandContext(ctx, bin, "--config", ".htmlvalidate.cjs", "--formatter", "json="+report)
	cmd.Args = append(cmd.Args, paths...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	runErr := cmd.Run()
	var results []htmlResult
	data, err := os.ReadFile(report)
	if err != nil || json.Unmarshal(data, &results) != nil {
		t.Fatalf("html-validate did not report (%v): %v\n%s", runErr, err, stderr.String())
	}
	return results
}
