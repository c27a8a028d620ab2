package main_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// TestInterrupt sends Ctrl-C (SIGINT), and once SIGTERM, to builds at
// different moments: as the process starts, and as each phase begins (told
// by the phase lines on stderr). A build either finishes, leaving exactly
// the new site, or stops with a non-zero exit, leaving the previous output
// exactly as it was: never a mix.
func TestInterrupt(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os.Process.Signal(os.Interrupt) is not implemented on Windows")
	}
	t.Parallel()
	newSite := newerSite(t)
	tests := []struct {
		sig   os.Signal
		phase string // send sig once stderr has this; "": at once
	}{
		{os.Interrupt, ""},
		{os.Interrupt, "loading data\n"},
		{os.Interrupt, "loading content\n"},
		{os.Interrupt, "parsing templates\n"},
		{os.Interrupt, "rendering "},
		{os.Interrupt, "writing "},
		{syscall.SIGTERM, "rendering "},
	}
	for _, tt := range tests {
		phase := tt.phase
		name := tt.sig.String() + " " + strings.TrimSpace(phase)
		if phase == "" {
			name = tt.sig.String() + " at start"
		}
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			src := copySource(t)
			withPublic(t, src, refAsOf)
			out := filepath.Join(src, "public")
			oldTree := snapshot(t, out)

			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd, stdout, _ := command(ctx, src, nil, "build", "--as-of", newAsOf)
			stderr := newWatchBuffer(phase)
			cmd.Stderr = stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			var err error
			select {
			case <-stderr.seen:
				if err := cmd.Process.Signal(tt.sig); err != nil {
					t.Logf("sending %v: %v", tt.sig, err)
				}
				err = <-done
			case err = <-done:
				t.Logf("the build ended before printing %q", phase)
			}
			code, err := exitCode(err)
			if err != nil {
				t.Fatal(err)
			}
			r := result{code, stdout.String(), stderr.String()}
			switch {
			case code == 0:
				t.Logf("%s: the build finished", name)
				sameSite(t, "a build that finished despite the signal", out, newSite)
				if exists(filepath.Join(out, ".portal-staging")) {
					t.Errorf("public/.portal-staging was left behind")
				}
			default:
				t.Logf("%s: the build stopped with exit %d: %q", name, code, lastLine(r.stderr))
				sameTree(t, "an interrupted build", out, oldTree)
				if code > 0 && !strings.Contains(r.stderr, "public was left unchanged") {
					t.Errorf("interrupted portal build: %v\nwant it to say public was left unchanged", r)
				}
				if r.stdout != "" {
					t.Errorf("interrupted portal build stdout = %q, want nothing", r.stdout)
				}
			}
		})
	}
}

// newAsOf is the date the builds of these tests make, over a public/
// built as of refAsOf.
const newAsOf = "2026-11-26"

// newerSite returns the files of the site built as of newAsOf, which must
// differ from refAsOf's for the tests to tell the two outputs apart.
func newerSite(t *testing.T) map[string]string {
	t.Helper()
	newSite := siteTree(t, reference(t, newAsOf))
	if len(treeDiff(newSite, siteTree(t, reference(t, refAsOf)), 1)) == 0 {
		t.Fatalf("builds as of %s and %s are identical; the test could not tell them apart", refAsOf, newAsOf)
	}
	return newSite
}

// watchBuffer collects a process's output and closes seen once the output
// contains want (at once when want is empty).
type watchBuffer struct {
	want string
	seen chan struct{}

	mu     sync.Mutex
	buf    bytes.Buffer
	closed bool
}

func newWatchBuffer(want string) *watchBuffer {
	w := &watchBuffer{want: want, seen: make(chan struct{})}
	w.check()
	return w
}

func (w *watchBuffer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	w.check()
	return n, err
}

func (w *watchBuffer) check() {
	if !w.closed && strings.Contains(w.buf.String(), w.want) {
		close(w.seen)
		w.closed = true
	}
}

func (w *watchBuffer) String() string {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.String()
}

func lastLine(s string) string {
	s = strings.TrimRight(s, "\n")
	return s[strings.LastIndex(s, "\n")+1:]
}

// TestBuildOutlivesClosedLog builds with stdout and stderr piped into a
// reader that has gone (as in portal build 2>&1 | head -1): the build must
// finish and leave exactly the new site, not die by SIGPIPE half-way and
// leave its staging folder inside the output.
func TestBuildOutlivesClosedLog(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("no SIGPIPE on Windows")
	}
	t.Parallel()
	newSite := newerSite(t)
	src := copySource(t)
	withPublic(t, src, refAsOf)
	out := filepath.Join(src, "public")

	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd, _, _ := command(ctx, src, nil, "build", "--as-of", newAsOf)
	cmd.Stdout, cmd.Stderr = w, w
	r.Close() // the reader is gone before the first line
	err = cmd.Run()
	w.Close()
	code, err := exitCode(err)
	if err != nil {
		t.Fatal(err)
	}
	if code != 0 {
		t.Fatalf("portal build with its log piped nowhere: exit %d (%v), want 0: a build finishes without its log", code, cmd.ProcessState)
	}
	sameSite(t, "a build whose log was piped nowhere", out, newSite)
	if exists(filepath.Join(out, ".portal-staging")) {
		t.Errorf("public/.portal-staging was left behind")
	}
}
