package site

import (
	"maps"
	"path"
	"slices"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/outdir"
)

// setStamp is what a build remembers of one data set, to tell whether
// its rows changed while the manifest's updated date did not; the output
// folder's records keep it.
type setStamp = outdir.Stamp

// stampsOf returns the stamps of every data set of d.
func stampsOf(d *dataset.Data) map[string]setStamp {
	out := map[string]setStamp{}
	for name, s := range d.Stamps() {
		out[name] = setStamp{Updated: d.Manifest.Get(name).Updated.String(), Digest: s.Digest, File: s.File}
	}
	return out
}

// staleUpdated warns of each data set whose file changed since the last
// build (old) while its updated date in datasets.yaml stayed the same, so
// that /data/ would say "last updated" a date that is no longer true. It
// returns the stamps to remember: for such a set, the digest as of its
// updated date is kept, so that the warning stays until the date moves.
func staleUpdated(old, cur map[string]setStamp) (diag.List, map[string]setStamp) {
	var warns diag.List
	keep := make(map[string]setStamp, len(cur))
	for _, name := range slices.Sorted(maps.Keys(cur)) {
		c := cur[name]
		keep[name] = c
		o, ok := old[name]
		if !ok || o.Updated != c.Updated || o.Digest == c.Digest {
			continue
		}
		keep[name] = o
		when := "has no updated date"
		if c.Updated != "" {
			when = "still says updated: " + c.Updated
		}
		warns.Warn(diag.Pos{File: path.Join("data", dataset.ManifestFile)}, "",
			"%s: %s changed since the last build, but %s: set updated to the day its rows changed", name, c.File, when).Names("updated")
	}
	return warns, keep
}
