package site

import (
	"errors"

	"github.com/postal-access/portal/internal/outdir"
)

// File is one output file: a slash-separated path relative to the output
// folder, and its bytes.
type File = outdir.File

// WriteStats counts what a commit did to the output folder.
type WriteStats = outdir.Stats

// CacheDirEnv names the environment variable that sets where builds keep
// their records when Build.CacheDir is empty.
const CacheDirEnv = outdir.CacheDirEnv

var errDuplicate = errors.New("two outputs claim the same file")

// openWriter opens out for a build, with its records under b.CacheDir;
// a folder portal refuses to write into is a usage error.
func (b *Build) openWriter(out string) (*outdir.Writer, error) {
	w, err := outdir.Open(out, b.CacheDir)
	if errors.Is(err, outdir.ErrUnrecorded) {
		return nil, &UsageError{err}
	}
	return w, err
}
