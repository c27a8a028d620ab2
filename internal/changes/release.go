// Package changes reads the portal's data releases, the published states
// of data/ kept in the repository's history, and tells what changed
// between two of them, row by row and field by field, calling out in
// words the changes readers care about most.
package changes

import (
	"context"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// DefaultLimit is how many releases a build reads unless told otherwise.
const DefaultLimit = 100

// Release is one published state of data/: the files as a commit held
// them. Several commits on one day make one release, dated by that day in
// UTC and holding the day's last commit.
type Release struct {
	Date   dataset.Date
	Commit string   // the commit's full hash; empty for the present data
	Tags   []string // tags on the commit, if maintainers name releases
	// Files holds every file of data/ the commit had, by name
	// ("carriers.csv", "datasets.yaml"), byte for byte.
	Files map[string][]byte
}

// Source gives a portal's releases, newest first, at most limit of them.
// Warnings say why history is missing (no repository, a shallow clone);
// an error is for the machine failing, never for missing history.
type Source interface {
	Releases(ctx context.Context, limit int) ([]Release, diag.List, error)
}

// Fixed is a Source of releases given in advance, for tests and tools
// that have no repository.
type Fixed []Release

// Releases returns the first limit releases (all when limit <= 0).
func (f Fixed) Releases(_ context.Context, limit int) ([]Release, diag.List, error) {
	if limit > 0 && len(f) > limit {
		return f[:limit], nil, nil
	}
	return f, nil, nil
}
