// Command portal builds the Postal Access Portal: CSV data, markdown and
// templates in, a minified static site out.
//
// Usage:
//
//	portal build   [--src DIR] [--out DIR] [--base-url URL] [--as-of DATE] [--drafts] [--no-minify]
//	portal check   [--src DIR]
//	portal version
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == "build" {
		// A log piped into a reader that quits (portal build 2>&1 | head)
		// costs the log, not the build. By default Go dies by SIGPIPE on
		// the next write to stderr, mid-build, skipping the clean-up an
		// interrupt gets: the old output stayed, but with the half-made
		// .portal-staging inside it. With SIGPIPE notified, the write
		// fails with EPIPE and the build goes on; the signal is dropped
		// (nothing reads the channel, and Notify never blocks). Notify
		// rather than Ignore, so that git, run for the data releases,
		// does not inherit an ignored SIGPIPE. Build alone: the other
		// commands write nothing that needs finishing, and a reader that
		// quits should stop them.
		signal.Notify(make(chan os.Signal, 1), syscall.SIGPIPE)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfiles := startProfiles(os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfiles()
	stop()
	os.Exit(code)
}
