// Package site is the build. One build is a straight line of steps
// (generate.go): configure, load the data and the markdown (dataset,
// content), link the model (model) and the templates (render), render
// the markdown, plan every page (pages), set up reuse of the last build's
// outputs (keys, and the disk's or serve's page cache), render the pages
// (emit.go), make the outputs that are not pages (publish) and check every
// link (linkcheck). Build.Run hands the files to the output folder
// (outdir), which commits them atomically; GenerateSession keeps what
// portal serve's next build may reuse.
package site

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/postal-access/portal/internal/changes"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/outdir"
	"github.com/postal-access/portal/internal/pages"
)

// SourceDirs are the folders of a portal's source.
var SourceDirs = []string{"content", "data", "templates", "static"}

// DefaultBaseURL is the address the site is built for when neither
// portal.yaml nor a flag gives one: the address portal serve listens on,
// which a build warns about.
const DefaultBaseURL = "http://localhost:1313/"

// Build is one build of a portal. The command fills it from flags; tests
// construct it directly.
type Build struct {
	Src     string       // source folder: content/, data/, templates/, static/
	Out     string       // output folder; default Src/public
	BaseURL string       // absolute site address; overrides portal.yaml's base_url
	AsOf    dataset.Date // the date figures are true as of; required
	Drafts  bool         // include drafts
	Future  bool         // include updates dated after AsOf
	// LinkWarnings reports links that resolve to nothing as warnings;
	// by default they fail the build.
	LinkWarnings bool
	// Preview marks portal serve's builds: the address is the preview's
	// own, so a placeholder address is no cause for a warning.
	Preview    bool
	NoMinify   bool // write output unminified
	UnsafeHTML bool // let raw HTML in markdown through
	Limits     dataset.Limits
	// CacheDir is where builds keep their records (what the last build
	// wrote, the lock), in a folder per output folder, outside the
	// output so that it holds only the site. Empty means
	// $PORTAL_CACHE_DIR, else portal's folder in the user's cache
	// (os.UserCacheDir).
	CacheDir string
	// Ignore lists more files of content/ and static/ to leave out of the
	// site, beyond DefaultIgnore and hidden files: path.Match patterns
	// matched against each file's or folder's name and against its slash
	// path relative to content/ or static/ ("*.psd", "drafts",
	// "img/raw/*"). A folder that matches is left out whole.
	Ignore []string
	// FS, when set, is read instead of the Src folder (for tests).
	FS fs.FS
	// Releases is how many data releases to read from the repository's
	// history (the command's --releases, 100 by default): each commit
	// that changed data/, one per day, newest first. Zero turns history
	// off (no /changes/ pages), as does building from FS.
	Releases int
	// History, when set, gives the releases instead of git (for tests
	// and builds from FS); Releases then bounds them, zero meaning
	// changes.DefaultLimit.
	History changes.Source
	// Log receives one line per phase; nil means quiet.
	Log io.Writer
	// Verbose lists every page written.
	Verbose bool
	// Progress, when set, is told the phase and how far it has got, for a
	// progress indicator; it may be called from several goroutines.
	Progress func(phase string, done, total int)
}

func (b *Build) progress(phase string, done, total int) {
	if b.Progress != nil {
		b.Progress(phase, done, total)
	}
}

// Result summarises a build.
type Result struct {
	Pages int // HTML pages
	// Rendered counts the HTML pages this build rendered: all of them but
	// those reused by key, or in portal serve those whose markdown text
	// is as before when only markdown text changed.
	Rendered int
	// Reused counts the pages and JSON twins not rendered again because
	// their inputs were as the last build left them (see internal/keys).
	Reused int
	Files  int // all output files
	Copied int // static files copied
	// Held counts the updates dated after the as-of date, left out until
	// a build on or after their date (or one with Future set).
	Held     int
	Stats    WriteStats
	Warnings diag.List
	Duration time.Duration
	// UpToDate is true when nothing changed since the last build, so
	// nothing was rendered or written.
	UpToDate bool

	plan   []*pages.Page
	base   *url.URL            // the site's address, as settings and flags gave it
	stamps map[string]setStamp // of the data sets, for staleUpdated
}

// ErrInterrupted is returned when a build is cancelled (Ctrl-C) before it
// wrote anything: the output folder is as it was.
var ErrInterrupted = errors.New("build interrupted before it wrote anything")

// UsageError is a problem with how the build was asked for (a dangerous
// output folder, a malformed base URL), not with the input.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// ErrInput marks errors caused by the input (data, content, templates)
// rather than by the machine; the command exits 1 for them.
var ErrInput = errors.New("invalid input")

// InputError is a list of problems in the input.
type InputError struct{ List diag.List }

func (e *InputError) Error() string { return e.List.Error() }

// Is makes errors.Is(err, ErrInput) true.
func (e *InputError) Is(target error) bool { return target == ErrInput }

func (b *Build) fsys() fs.FS {
	if b.FS != nil {
		return b.FS
	}
	return os.DirFS(b.Src)
}

func (b *Build) logf(format string, args ...any) {
	if b.Progress == nil && b.Log != nil {
		fmt.Fprintf(b.Log, format+"\n", args...)
	}
}

// checkSrc makes sure the source folder exists, so that a mistyped --src
// gives one clear message rather than one per missing data set.
func checkSrc(src string) error {
	info, err := os.Stat(src)
	if err != nil {
		return fmt.Errorf("source folder %s: %w", src, errors.Unwrap(err))
	}
	if !info.IsDir() {
		return fmt.Errorf("source folder %s is a file, not a folder", src)
	}
	return nil
}

// OutDir returns the output folder, defaulting to public/ in the source.
func (b *Build) OutDir() string {
	if b.Out != "" {
		return b.Out
	}
	return filepath.Join(b.Src, "public")
}

// ignoredFunc reports which source paths the build leaves out, with the
// patterns of portal.yaml and Build.Ignore.
func (b *Build) ignoredFunc() func(string) bool { return ignoring(b.IgnorePatterns()) }

// config returns the site's settings: portal.yaml in the source, with
// the build's own options over it. A bad --base-url is a usage error, a
// bad portal.yaml an input error.
func (b *Build) config() (Settings, *url.URL, error) {
	set, errs := LoadSettings(b.fsys())
	if err := errs.Err(); err != nil {
		return set, nil, &InputError{List: errs}
	}
	set.Ignore = append(set.Ignore, b.Ignore...)
	if b.BaseURL != "" {
		u, err := ParseBaseURL(b.BaseURL)
		if err != nil {
			return set, nil, &UsageError{fmt.Errorf("--base-url %w", err)}
		}
		set.BaseURL = b.BaseURL
		return set, u, nil
	}
	u, err := ParseBaseURL(set.BaseURL)
	if err != nil { // LoadSettings checked it
		return set, nil, &UsageError{err}
	}
	return set, u, nil
}

// Run builds the site and writes it to the output folder. Files are staged
// inside the output folder as they are rendered; nothing visible changes
// unless every page rendered without error, and then only files whose
// content changed are replaced. When neither the inputs nor the output
// changed since the last build, nothing is rendered at all.
func (b *Build) Run(ctx context.Context) (*Result, error) {
	start := time.Now()
	out := b.OutDir()
	if b.FS == nil {
		if err := checkSrc(b.Src); err != nil {
			return nil, &UsageError{err}
		}
		if err := outdir.CheckOut(b.Src, out, SourceDirs); err != nil {
			return nil, &UsageError{err}
		}
		if errs := checkLinksInSource(b.Src, b.ignoredFunc()); len(errs) > 0 {
			return nil, &InputError{List: errs}
		}
	}
	if _, _, err := b.config(); err != nil {
		return nil, err
	}
	w, err := b.openWriter(out)
	if err != nil {
		return nil, err
	}
	// The fingerprint is made while the last build's files are checked,
	// and before the build reads anything: a source edited during the
	// build then makes the next one run again, never skip.
	var fp, renderKey string
	var fingerprinting background
	fingerprinting.start(func() (err error) {
		fp, renderKey, err = b.fingerprint()
		return err
	})
	intact := w.Intact()
	if err := fingerprinting.wait(); err != nil {
		w.Abort()
		return nil, err
	}
	if intact && w.SameInputs(fp) {
		w.Abort()
		b.logf("nothing changed since the last build")
		last := w.Last()
		res := &Result{Files: last.Files, Stats: WriteStats{Unchanged: last.Files}, UpToDate: true, Warnings: last.Warnings}
		res.Duration = time.Since(start)
		return res, nil
	}
	w.Start()
	res, err := b.generateWith(ctx, nil, &incremental{out: w, renderKey: renderKey, putThen: w.EnqueueThen}, w.Enqueue)
	if ferr := w.Flush(); err == nil {
		err = ferr
	}
	if err == nil && ctx.Err() != nil {
		err = ctx.Err()
	}
	if err != nil {
		w.Abort()
		if ctx.Err() != nil && !errors.Is(err, ErrInput) {
			return res, ErrInterrupted
		}
		return res, err
	}
	// Of the build, only the writer's records of its files are needed
	// from here: the plan, and with it the model, the link table and the
	// pages' keys, are let go and collected now, so that the manifest is
	// made in the memory they held, not on top of it (where it set the
	// peak of a cold build at scale 16, 50 MiB above the pages'). The
	// collection finds little alive (23 of 326 MB at scale 16), and takes
	// a few milliseconds.
	res.plan = nil
	runtime.GC()
	stale, stamps := staleUpdated(w.Last().Stamps, res.stamps)
	res.Warnings = append(res.Warnings, stale...)
	if IsPlaceholder(res.base) && !b.Preview {
		res.Warnings.Warn(diag.Pos{File: SettingsFile}, "", "the site is built for %s, which is no public address: set base_url in %s (or --base-url) to where it will be published", res.base, SettingsFile).Names("base_url")
	}
	res.Warnings.Sort()
	b.logf("writing %d files to %s", res.Files, out)
	b.progress("writing", 0, res.Files)
	st, err := w.Commit(fp, res.Warnings, stamps)
	res.Stats = st
	if err != nil {
		return res, fmt.Errorf("writing output: %w", err)
	}
	res.Duration = time.Since(start)
	return res, nil
}

// Generate builds the whole site in memory and returns its files, sorted by
// path, without touching any output folder. portal serve serves them.
func (b *Build) Generate(ctx context.Context) ([]File, *Result, error) {
	start := time.Now()
	var mu sync.Mutex
	var files []File
	res, err := b.generate(ctx, func(p string, data []byte) error {
		mu.Lock()
		files = append(files, File{Path: p, Data: slices.Clone(data)})
		mu.Unlock()
		return nil
	})
	if res != nil {
		res.Duration = time.Since(start)
	}
	if err != nil {
		return nil, res, err
	}
	slices.SortFunc(files, func(a, b File) int { return strings.Compare(a.Path, b.Path) })
	return files, res, nil
}

// GenerateSession is Generate for portal serve: it reuses what s remembers
// of the last build and remembers this one.
func (b *Build) GenerateSession(ctx context.Context, s *Session) ([]File, *Result, error) {
	start := time.Now()
	var mu sync.Mutex
	var files []File
	res, err := b.generateWith(ctx, s, nil, func(p string, data []byte) error {
		mu.Lock()
		files = append(files, File{Path: p, Data: data})
		mu.Unlock()
		return nil
	})
	if res != nil {
		res.Duration = time.Since(start)
	}
	if err != nil {
		return nil, res, err
	}
	return files, res, nil
}

// Check does everything Run does except write the output, and also checks
// that every internal link, asset and image reference of every page
// resolves. Warnings are returned in the Result; with strict they fail
// the check too.
func (b *Build) Check(ctx context.Context, strict bool) (*Result, error) {
	if b.FS == nil {
		if err := checkSrc(b.Src); err != nil {
			return nil, &UsageError{err}
		}
		if errs := checkLinksInSource(b.Src, b.ignoredFunc()); len(errs) > 0 {
			return nil, &InputError{List: errs}
		}
	}
	files, res, err := b.Generate(ctx)
	if err != nil {
		return res, err
	}
	if errs := checkLinks(files, res.plan, res.base.Path); len(errs) > 0 {
		return res, &InputError{List: errs}
	}
	if strict && len(res.Warnings) > 0 {
		return res, &InputError{List: res.Warnings}
	}
	return res, nil
}
