package main_test

import (
	"context"
	"io"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// servingLine is what portal serve prints on stderr once it listens.
var servingLine = regexp.MustCompile(`serving (.+) on (http://\S+/) \(Ctrl-C to stop\)`)

// TestServeStopsCleanly runs portal serve on a free port, fetches pages
// from it, and stops it with Ctrl-C (SIGINT) or SIGTERM: it must exit 0
// within 5 seconds and say it stopped.
func TestServeStopsCleanly(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("os.Process.Signal(os.Interrupt) is not implemented on Windows")
	}
	t.Parallel()
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			t.Parallel()
			src := copySource(t)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
			defer cancel()
			cmd, stdout, _ := command(ctx, src, nil, "serve", "--addr", "127.0.0.1:0", "--as-of", refAsOf)
			stderr := newWatchBuffer("(Ctrl-C to stop)")
			cmd.Stderr = stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- cmd.Wait() }()
			select {
			case <-stderr.seen:
			case err := <-done:
				t.Fatalf("portal serve exited before serving: %v\nstderr:\n%s", err, stderr)
			case <-time.After(time.Minute):
				cmd.Process.Kill()
				t.Fatalf("portal serve did not start serving within a minute\nstderr:\n%s", stderr)
			}
			m := servingLine.FindStringSubmatch(stderr.String())
			if m == nil {
				t.Fatalf("portal serve stderr has no %q line:\n%s", servingLine, stderr)
			}
			if m[1] != "." {
				t.Errorf("portal serve says it serves %q, want %q", m[1], ".")
			}
			base := m[2]
			for path, want := range map[string]int{"": 200, "carriers/amazon/": 200, "data/carriers.csv": 200, "no/such/page/": 404} {
				resp, err := http.Get(base + path)
				if err != nil {
					t.Fatalf("GET %s%s: %v", base, path, err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != want {
					t.Errorf("GET %s%s = %d, want %d", base, path, resp.StatusCode, want)
				}
			}
			// An open live-reload stream must not hold up the shutdown.
			events, err := http.Get(base + "__portal/events")
			if err != nil {
				t.Fatal(err)
			}
			defer events.Body.Close()

			sent := time.Now()
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			select {
			case err := <-done:
				code, err := exitCode(err)
				if err != nil {
					t.Fatal(err)
				}
				r := result{code, stdout.String(), stderr.String()}
				t.Logf("portal serve stopped %v after %v", sig, time.Since(sent).Round(time.Millisecond))
				if code != 0 || !strings.Contains(r.stdout, "portal serve: stopped") {
					t.Errorf("portal serve after %v: %v\nwant exit 0 and %q", sig, r, "portal serve: stopped")
				}
			case <-time.After(5 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("portal serve did not exit within 5s of %v\nstderr:\n%s", sig, stderr)
			}
			if _, err := http.Get(base); err == nil {
				t.Errorf("GET %s after the shutdown succeeded, want the port closed", base)
			}
		})
	}
}
