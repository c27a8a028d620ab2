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
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	stopProfiles := startProfiles(os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfiles()
	stop()
	os.Exit(code)
}
