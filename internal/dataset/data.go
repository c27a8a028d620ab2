package dataset

import (
	"context"
	"io/fs"
	"path"
	"sync"

	"github.com/postal-access/portal/internal/diag"
)

// Data is every data set of a portal, loaded and validated.
type Data struct {
	Carriers      *Table[Carrier]
	Facilities    *Table[Facility]
	Agreements    *Table[Agreement]
	Auctions      *Table[Auction]
	Results       *Table[Result]
	Participation *Table[Participation]
	Manifest      Manifest
}

// Options configure Load.
type Options struct {
	// DisplayDir prefixes file names in messages; by default it is dir.
	DisplayDir string
	// Limits bound each file; a zero field means its DefaultLimits value.
	Limits Limits
	// Cache, when set, reuses the tables of files already read with the
	// same bytes (see TableCache).
	Cache *TableCache
}

// Load reads and validates every data set in dir of fsys: each file on its
// own, then the manifest, then the rules that span files. It returns all
// problems found; the Data is usable only when the list has no errors.
func Load(ctx context.Context, fsys fs.FS, dir string, opt Options) (*Data, diag.List) {
	if opt.DisplayDir == "" {
		opt.DisplayDir = dir
	}
	// Each zero limit takes its default, so that a caller can set one
	// limit without dropping the others to zero.
	if opt.Limits.MaxFileBytes <= 0 {
		opt.Limits.MaxFileBytes = DefaultLimits.MaxFileBytes
	}
	if opt.Limits.MaxFieldBytes <= 0 {
		opt.Limits.MaxFieldBytes = DefaultLimits.MaxFieldBytes
	}
	if opt.Limits.MaxRows <= 0 {
		opt.Limits.MaxRows = DefaultLimits.MaxRows
	}
	if opt.Limits.MaxColumns <= 0 {
		opt.Limits.MaxColumns = DefaultLimits.MaxColumns
	}
	var errs diag.List
	d := &Data{}
	// The files are read and parsed side by side, each into its own
	// field of d, its problems into a list of its own.
	setErrs := make([]diag.List, len(Sets))
	var wg sync.WaitGroup
	for i, s := range Sets {
		l := loader{ctx: ctx, fsys: fsys, dir: dir, display: opt.DisplayDir, limits: opt.Limits, cache: opt.Cache, errs: &setErrs[i]}
		wg.Go(func() { s.load(d, l) })
	}
	wg.Wait()
	for _, e := range setErrs {
		errs = append(errs, e...)
	}
	d.Manifest = loadManifest(fsys, path.Join(dir, ManifestFile), path.Join(opt.DisplayDir, ManifestFile), &errs)
	if ctx.Err() != nil {
		errs.Add(diag.Pos{File: opt.DisplayDir}, "", "loading interrupted: %v", ctx.Err())
		return d, errs
	}
	// The rules below compare files; on files that failed to load they
	// would only repeat the problems above as missing references.
	if errs.Err() == nil {
		d.validate(&errs)
	}
	errs.Sort()
	return d, errs
}

// ForgetPositions lets go of where each row's fields are in its file,
// for a build that has made every message about the data: after it, Pos
// returns the file alone and Line 0. The positions are 2.5 MiB of a
// scale-4 build's heap while its pages render, of no use to them.
func (d *Data) ForgetPositions() {
	for _, s := range Sets {
		if t, ok := s.Of(d).(interface{ forgetPositions() }); ok {
			t.forgetPositions()
		}
	}
}

// FileStamp is what says whether a data set changed: its file and the
// digest of the file's bytes.
type FileStamp struct {
	File   string
	Digest [32]byte
}

// Stamps returns the FileStamp of every data set, by name.
func (d *Data) Stamps() map[string]FileStamp {
	out := make(map[string]FileStamp, len(Sets))
	for _, s := range Sets {
		h := s.Of(d).Head()
		out[s.Name] = FileStamp{h.File, h.Digest}
	}
	return out
}
