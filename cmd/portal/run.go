package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/postal-access/portal/internal/changes"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/site"
)

// Exit codes.
const (
	exitOK    = 0
	exitInput = 1 // the input is invalid, or the build failed
	exitUsage = 2 // the command line is wrong

	exitInterrupted = 130 // stopped by Ctrl-C or SIGTERM, as shells report it
)

// maxShown caps how many problems are printed; the rest are counted.
const maxShown = 50

const usage = `portal builds the Postal Access Portal: CSV data, markdown and templates
in, a minified static site out.

Usage:
  portal <command> [flags]

Commands:
  build     build the site into public/ (or --out)
  serve     preview the site with live reload while you edit
  check     validate data, content, templates and links; write nothing
  new       start a new update or page from a template
  version   print the version

Run "portal <command> --help" for a command's flags.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	switch args[0] {
	case "build":
		return runBuild(ctx, args[1:], stdout, stderr, false)
	case "check":
		return runBuild(ctx, args[1:], stdout, stderr, true)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "new":
		return runNew(args[1:], stdout, stderr)
	case "version":
		fs := flag.NewFlagSet("version", flag.ContinueOnError)
		fs.SetOutput(stderr)
		fs.Usage = func() {
			fmt.Fprint(stderr, "Usage: portal version\n\nPrints the portal's version and the Go version it was built with.\n")
		}
		if err := fs.Parse(args[1:]); err != nil {
			return helpOrUsage(err)
		}
		if fs.NArg() > 0 {
			fmt.Fprintf(stderr, "portal version: unexpected argument %q\n", fs.Arg(0))
			return exitUsage
		}
		fmt.Fprintln(stdout, version())
		return exitOK
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	}
	fmt.Fprintf(stderr, "portal: unknown command %q\n\n%s", args[0], usage)
	return exitUsage
}

func helpOrUsage(err error) int {
	if errors.Is(err, flag.ErrHelp) {
		return exitOK
	}
	return exitUsage
}

func version() string {
	v := "devel"
	goVersion := ""
	if bi, ok := debug.ReadBuildInfo(); ok {
		goVersion = bi.GoVersion
		if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
			v = bi.Main.Version
		}
		for _, s := range bi.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				v += " (" + s.Value[:12] + ")"
			}
		}
	}
	return strings.TrimSpace("portal " + v + " " + goVersion)
}

// buildCommand is one run of portal build or portal check, with the
// flags that are the command's own rather than the build's.
type buildCommand struct {
	name   string // "build" or "check"
	check  bool
	strict bool   // check: fail on warnings too
	format string // check: text or json
}

func runBuild(ctx context.Context, args []string, stdout, stderr io.Writer, check bool) int {
	c := &buildCommand{name: "build", check: check, format: "text"}
	if check {
		c.name = "check"
	}
	b, code := c.parse(args, stderr)
	if b == nil {
		return code
	}
	if !check {
		// A log piped into a reader that quits (portal build 2>&1 | head)
		// costs the log, not the build. By default Go dies by SIGPIPE on
		// the next write to stderr, mid-build, skipping the clean-up an
		// interrupt gets: the old output stayed, but with the half-made
		// .portal-staging inside it. With SIGPIPE notified, the write
		// fails with EPIPE and the build goes on; the signal is dropped
		// (nothing reads the channel, and Notify never blocks). Notify
		// rather than Ignore, so that git, run for the data releases,
		// does not inherit an ignored SIGPIPE. Build alone, and only while
		// it runs: check writes nothing that needs finishing, and a
		// reader that quits should stop it.
		pipe := make(chan os.Signal, 1)
		signal.Notify(pipe, syscall.SIGPIPE)
		defer signal.Stop(pipe)
	}
	b.Log = stderr
	if c.format == "json" {
		b.Log = nil
	}
	var prog *progressLine
	if c.format != "json" && isTerminal(stderr) {
		prog = startProgress(stderr)
		b.Progress = prog.update
	}

	// A build holds the data, the model and the page plan to the end, and
	// allocates briefly for every page on top. GOGC or GOMEMLIMIT in the
	// environment wins; otherwise see collectLessWhileSmall.
	if os.Getenv("GOGC") == "" && os.Getenv("GOMEMLIMIT") == "" {
		stop := collectLessWhileSmall()
		defer stop()
	}

	var res *site.Result
	var err error
	if check {
		res, err = b.Check(ctx, c.strict)
	} else {
		res, err = b.Run(ctx)
	}
	if prog != nil {
		prog.finish()
	}
	if c.format == "json" {
		return printJSON(stdout, stderr, res, err)
	}
	if res != nil && len(res.Warnings) > 0 && !(c.strict && err != nil) {
		c.printWarnings(stderr, res.Warnings)
	}
	if err != nil {
		return c.failed(ctx, stderr, b, err)
	}
	c.succeeded(stdout, b, res)
	return exitOK
}

// parse reads the command line into a build. On a wrong command line or
// a request for help it returns nil and the exit code.
func (c *buildCommand) parse(args []string, stderr io.Writer) (*site.Build, int) {
	fs := flag.NewFlagSet(c.name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	b := &site.Build{Limits: dataset.DefaultLimits}
	fs.StringVar(&b.Src, "src", ".", "source `folder` holding content/, data/, templates/ and static/")
	if !c.check {
		fs.StringVar(&b.Out, "out", "", "output `folder` (default public/ inside --src)")
	}
	fs.StringVar(&b.BaseURL, "base-url", "", "absolute `URL` the site is published at, for canonical links, feeds and sitemap (default: base_url in portal.yaml)")
	asOf := fs.String("as-of", "", "`date` (YYYY-MM-DD) the figures are true as of (default: $SOURCE_DATE_EPOCH, else today)")
	fs.BoolVar(&b.Drafts, "drafts", false, "include pages whose front matter says draft: true")
	fs.BoolVar(&b.Future, "future", false, "include updates dated after the as-of date (held back by default)")
	brokenLinks := fs.String("broken-links", "error", "what a link that leads nowhere in the site is: `error` (fails the build) or warn")
	if !c.check {
		fs.BoolVar(&b.NoMinify, "no-minify", false, "write HTML, CSS, JS, JSON and XML unminified")
	}
	fs.BoolVar(&b.UnsafeHTML, "unsafe-html", false, "let raw HTML written in markdown through (off: it is dropped)")
	maxMiB := fs.Int64("max-file-size", dataset.DefaultLimits.MaxFileBytes>>20, "largest CSV file to read, in `MiB`")
	fs.IntVar(&b.Limits.MaxRows, "max-rows", dataset.DefaultLimits.MaxRows, "most rows to read from one CSV file")
	fs.IntVar(&b.Releases, "releases", changes.DefaultLimit, releasesUsage)
	fs.BoolVar(&b.Verbose, "v", false, "list every output file")
	if c.check {
		fs.BoolVar(&c.strict, "strict", false, "fail on warnings too (an agreement expiring soon with no update about it, a missing manifest, ...)")
		fs.StringVar(&c.format, "format", "text", "output `format`: text, or json for CI and editor tools")
	}
	fs.Usage = func() { c.usage(fs, stderr) }
	if err := fs.Parse(args); err != nil {
		return nil, helpOrUsage(err)
	}
	problem := ""
	switch {
	case fs.NArg() > 0:
		problem = fmt.Sprintf("unexpected argument %q (flags start with --)", fs.Arg(0))
	case *brokenLinks != "error" && *brokenLinks != "warn":
		problem = fmt.Sprintf("--broken-links %q: want error or warn", *brokenLinks)
	case c.format != "text" && c.format != "json":
		problem = fmt.Sprintf("--format %q: want text or json", c.format)
	case b.Releases < 0:
		problem = fmt.Sprintf("--releases %d: want 0 (no history) or more", b.Releases)
	case *maxMiB <= 0 || *maxMiB > 1<<20 || b.Limits.MaxRows <= 0:
		problem = "--max-file-size must be from 1 to 1048576 (MiB) and --max-rows positive"
	}
	if problem == "" {
		var err error
		if b.AsOf, err = asOfDate(*asOf, os.Getenv("SOURCE_DATE_EPOCH"), time.Now()); err != nil {
			problem = err.Error()
		}
	}
	if problem != "" {
		fmt.Fprintf(stderr, "portal %s: %s\n", c.name, problem)
		return nil, exitUsage
	}
	b.LinkWarnings = *brokenLinks == "warn"
	b.Limits.MaxFileBytes = *maxMiB << 20
	return b, exitOK
}

func (c *buildCommand) usage(fs *flag.FlagSet, stderr io.Writer) {
	if c.check {
		fmt.Fprint(stderr, "Usage: portal check [flags]\n\nValidates the data, content and templates and renders every page, writing nothing.\nExits 1 when there are problems, listing each with file:line:column.\n\nFlags:\n")
	} else {
		fmt.Fprint(stderr, "Usage: portal build [flags]\n\nBuilds the site. The output folder changes only when every page rendered;\non any problem it is left as it was and the problems are listed with file:line:column.\n\nFlags:\n")
	}
	fs.PrintDefaults()
}

// printWarnings lists a check's warnings, or the first few of a build's.
func (c *buildCommand) printWarnings(stderr io.Writer, warnings diag.List) {
	if c.check {
		fmt.Fprint(stderr, warnings.Format(maxShown))
		return
	}
	// A build shows a few; portal check lists them all.
	fmt.Fprint(stderr, warnings[:min(len(warnings), 3)].Format(0))
	if len(warnings) > 3 {
		fmt.Fprintf(stderr, "... and %d more warnings: run portal check to list them all\n", len(warnings)-3)
	}
}

// failed reports why a build or check did not finish and returns the exit code.
func (c *buildCommand) failed(ctx context.Context, stderr io.Writer, b *site.Build, err error) int {
	var ie *site.InputError
	var ue *site.UsageError
	switch {
	case errors.Is(err, site.ErrInterrupted) || (ctx.Err() != nil && !errors.As(err, &ie)):
		if c.check {
			fmt.Fprintf(stderr, "portal %s: interrupted\n", c.name)
		} else {
			fmt.Fprintf(stderr, "portal %s: interrupted; %s was left unchanged\n", c.name, outName(b))
		}
		return exitInterrupted
	case errors.As(err, &ue):
		fmt.Fprintf(stderr, "portal %s: %v\n", c.name, ue)
		return exitUsage
	}
	if errors.As(err, &ie) {
		fmt.Fprint(stderr, ie.List.Format(maxShown))
		fmt.Fprintf(stderr, "portal %s: %s; ", c.name, plural(len(ie.List), "error", "errors"))
	} else {
		fmt.Fprintf(stderr, "portal %s: %v; ", c.name, err)
	}
	if c.check {
		fmt.Fprintln(stderr, "nothing was written")
	} else {
		fmt.Fprintf(stderr, "%s was left unchanged\n", outName(b))
	}
	return exitInput
}

// succeeded reports what a build wrote or a check would write.
func (c *buildCommand) succeeded(stdout io.Writer, b *site.Build, res *site.Result) {
	warn := plural(len(res.Warnings), "warning", "warnings")
	took := res.Duration.Round(time.Millisecond)
	if c.check {
		fmt.Fprintf(stdout, "check: ok, %d pages and %d files would be written, as of %s, %s, in %s\n", res.Pages, res.Files, b.AsOf, warn, took)
		if res.Held > 0 {
			fmt.Fprintf(stdout, "%s dated after %s would be held back (--future includes %s)\n", plural(res.Held, "update", "updates"), b.AsOf, oneOr(res.Held, "it", "them"))
		}
		return
	}
	if res.UpToDate {
		fmt.Fprintf(stdout, "nothing changed since the last build: %d files in %s are up to date (as of %s), in %s\n", res.Files, outName(b), b.AsOf, took)
		return
	}
	reused := ""
	if res.Reused > 0 {
		reused = fmt.Sprintf(" (%d of them not rendered again: their data was as before)", res.Reused)
	}
	fmt.Fprintf(stdout, "built %d pages and %d files into %s (%d written, %d unchanged%s, %d removed; %d static files) as of %s, %s, in %s\n",
		res.Pages, res.Files, outName(b), res.Stats.Written, res.Stats.Unchanged, reused, res.Stats.Removed, res.Copied, b.AsOf, warn, took)
	if res.Held > 0 {
		fmt.Fprintf(stdout, "%s dated after %s held back until %s (--future publishes %s now)\n",
			plural(res.Held, "update", "updates"), b.AsOf, oneOr(res.Held, "its date", "their dates"), oneOr(res.Held, "it", "them"))
	}
}

// releasesUsage describes --releases, for build, check and serve.
const releasesUsage = "read the last `N` data releases (commits that changed data/, one a day) from the repository's history for /changes/; 0 turns history off"

func outName(b *site.Build) string { return b.OutDir() }

// printJSON reports a check as one JSON object on stdout: whether it
// passed, and every finding with its position, severity and message.
func printJSON(stdout, stderr io.Writer, res *site.Result, err error) int {
	var ie *site.InputError
	var findings diag.List
	if err != nil && !errors.As(err, &ie) {
		fmt.Fprintf(stderr, "portal check: %v\n", err)
		return exitInput
	}
	if ie != nil {
		findings = append(findings, ie.List...)
	}
	if res != nil {
		for _, w := range res.Warnings {
			if !slices.Contains(findings, w) {
				findings = append(findings, w)
			}
		}
	}
	findings.Sort()
	out := struct {
		OK       bool           `json:"ok"`
		Pages    int            `json:"pages"`
		Findings []site.Finding `json:"findings"`
	}{OK: err == nil, Findings: site.Findings(findings)}
	if res != nil {
		out.Pages = res.Pages
	}
	enc := json.NewEncoder(stdout)
	enc.SetIndent("", "  ")
	if e := enc.Encode(out); e != nil {
		fmt.Fprintf(stderr, "portal check: %v\n", e)
		return exitInput
	}
	if err != nil {
		return exitInput
	}
	return exitOK
}

func plural(n int, one, many string) string {
	return strconv.Itoa(n) + " " + oneOr(n, one, many)
}

// oneOr is one when n is 1, else many.
func oneOr(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// asOfDate picks the as-of date: the flag, else SOURCE_DATE_EPOCH, else today.
func asOfDate(flagValue, epoch string, now time.Time) (dataset.Date, error) {
	if flagValue != "" {
		d, err := dataset.ParseDate(flagValue)
		if err != nil {
			return dataset.Date{}, fmt.Errorf("--as-of: %v", err)
		}
		return d, nil
	}
	if epoch != "" {
		sec, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil || sec < 0 {
			return dataset.Date{}, fmt.Errorf("SOURCE_DATE_EPOCH=%q: want seconds since 1970-01-01 UTC", epoch)
		}
		return dataset.DateOf(time.Unix(sec, 0)), nil
	}
	return dataset.DateOf(now), nil
}

// roomyHeap is the memory, in bytes, a build may take before it
// collects garbage at all. At 128 MiB a scale-4 build (14,000 pages)
// peaks at a quarter of Hugo's memory on the same corpus, and collects
// 10 times where 192 MiB took 4, for about 5 % more CPU; it was 7 % before
// the heap alive while pages render was cut from 68 to 55 MB (README).
const roomyHeap = 128 << 20

// tightPercent is the GOGC a build uses once its live heap is too large
// for roomyHeap: it collects when the heap has grown by 50%. At scale 16
// in memory 50 took 4 % less CPU and wall time than 40, for a peak 5 %
// higher (five alternating rounds), the memory a cold build's page keys
// no longer hold while the pages render (see site's keyAll).
const tightPercent = 50

// collectLessWhileSmall lets a build collect garbage only when its memory
// reaches roomyHeap (a memory limit, with GOGC off) while its live heap
// grows, and from the moment the limit leaves less room than
// tightPercent over the live heap, collects at that pace (GOGC=50) with
// no limit: a build collects at most as often as at GOGC=50, and not at
// all while it fits in roomyHeap. A scale-4 build, whose live heap peaks
// at about 60 MiB while its pages render, then peaks near roomyHeap
// instead of twice its live heap, and collects 10 times (under a 192
// MiB limit Go's default pace collected 20 times, where 192 MiB with GOGC
// off took 8: its collections while the heap was small bought nothing,
// the peak being the limit); at scale 16 the build collects at GOGC=50
// from early on.
// It returns a function that stops the watching and puts the settings
// back as they were, for a process that builds again.
func collectLessWhileSmall() (stop func()) {
	oldLimit := debug.SetMemoryLimit(roomyHeap)
	oldPercent := debug.SetGCPercent(-1)
	done, stopped := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(stopped)
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/heap/goal:bytes"}}
		tick := time.NewTicker(20 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
			}
			metrics.Read(sample)
			if sample[0].Value.Kind() != metrics.KindUint64 || sample[1].Value.Kind() != metrics.KindUint64 {
				return
			}
			if live, goal := sample[0].Value.Uint64(), sample[1].Value.Uint64(); goal < live*(100+tightPercent)/100 {
				debug.SetGCPercent(tightPercent)
				debug.SetMemoryLimit(math.MaxInt64)
				return
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
		debug.SetGCPercent(oldPercent)
		debug.SetMemoryLimit(oldLimit)
	}
}
