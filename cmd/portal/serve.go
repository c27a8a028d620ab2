package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/postal-access/portal/internal/changes"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/serve"
)

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	s := &serve.Server{Log: stderr}
	s.Build.Limits = dataset.DefaultLimits
	fs.StringVar(&s.Build.Src, "src", ".", "source `folder` holding content/, data/, templates/ and static/")
	fs.StringVar(&s.Addr, "addr", "127.0.0.1:1313", "`host:port` to listen on (keep it on 127.0.0.1 unless you mean to share the preview)")
	asOf := fs.String("as-of", "", "`date` (YYYY-MM-DD) the figures are true as of (default: $SOURCE_DATE_EPOCH, else today)")
	fs.BoolVar(&s.Build.Drafts, "drafts", true, "include pages whose front matter says draft: true (on by default in the preview)")
	fs.BoolVar(&s.Build.Future, "future", true, "include updates dated after the as-of date (on by default in the preview)")
	fs.BoolVar(&s.Build.UnsafeHTML, "unsafe-html", false, "let raw HTML written in markdown through")
	fs.IntVar(&s.Build.Releases, "releases", changes.DefaultLimit, releasesUsage)
	poll := fs.Bool("poll", false, "poll the sources for changes instead of using file system events (for network and VM shared folders)")
	interval := fs.Duration("poll-interval", 500*time.Millisecond, "how often to poll with --poll")
	fs.Usage = func() {
		fmt.Fprint(stderr, "Usage: portal serve [flags]\n\nBuilds the site in memory and serves it for preview. Every change under content/, data/,\ntemplates/ or static/ rebuilds and checks every page; open pages reload by themselves,\nor show the errors over the page while the last good build is still served\n(before any build has succeeded, every page is the list of errors). Nothing is\nwritten to disk.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return helpOrUsage(err)
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "portal serve: unexpected argument %q (flags start with --)\n", fs.Arg(0))
		return exitUsage
	}
	if s.Build.Releases < 0 {
		fmt.Fprintf(stderr, "portal serve: --releases %d: want 0 (no history) or more\n", s.Build.Releases)
		return exitUsage
	}
	if *poll {
		if *interval < 10*time.Millisecond {
			fmt.Fprintln(stderr, "portal serve: --poll-interval must be at least 10ms")
			return exitUsage
		}
		s.Poll = *interval
	}
	d, err := asOfDate(*asOf, os.Getenv("SOURCE_DATE_EPOCH"), time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "portal serve: %v\n", err)
		return exitUsage
	}
	s.Build.AsOf = d
	if info, err := os.Stat(s.Build.Src); err != nil || !info.IsDir() {
		fmt.Fprintf(stderr, "portal serve: --src %s is not a folder\n", s.Build.Src)
		return exitUsage
	}
	if isTerminal(stderr) {
		s.Progress = func() (func(string, int, int), func()) {
			p := startProgress(stderr)
			return p.update, p.finish
		}
	}
	ln, err := s.Listen()
	if err != nil {
		fmt.Fprintf(stderr, "portal serve: %v\n", err)
		return exitInput
	}
	if err := s.Serve(ctx, ln); err != nil {
		fmt.Fprintf(stderr, "portal serve: %v\n", err)
		return exitInput
	}
	fmt.Fprintln(stdout, "portal serve: stopped")
	return exitOK
}
