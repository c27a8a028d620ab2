package site

import (
	"encoding/hex"
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// setStamp is what a build remembers of one data set, to tell whether
// its rows changed while the manifest's updated date did not.
type setStamp struct {
	updated string // datasets.yaml's updated date, "" when none
	digest  [32]byte
	file    string // as shown in messages; not remembered
}

// stampsOf returns the stamps of every data set of d.
func stampsOf(d *dataset.Data) map[string]setStamp {
	out := map[string]setStamp{}
	for name, s := range d.Stamps() {
		out[name] = setStamp{updated: d.Manifest.Get(name).Updated.String(), digest: s.Digest, file: s.File}
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
		if !ok || o.updated != c.updated || o.digest == c.digest {
			continue
		}
		keep[name] = o
		when := "has no updated date"
		if c.updated != "" {
			when = "still says updated: " + c.updated
		}
		warns.Warn(diag.Pos{File: path.Join("data", dataset.ManifestFile)}, "",
			"%s: %s changed since the last build, but %s: set updated to the day its rows changed", name, c.file, when).Names("updated")
	}
	return warns, keep
}

// The manifest keeps the stamps as lines "dataset NAME UPDATED DIGEST"
// (UPDATED "-" when there is none).
func formatStamp(name string, s setStamp) string {
	u := s.updated
	if u == "" {
		u = "-"
	}
	return fmt.Sprintf("dataset %s %s %s\n", name, u, hex.EncodeToString(s.digest[:]))
}

func parseStamp(line string) (string, setStamp, bool) {
	f := strings.Fields(line)
	if len(f) != 3 {
		return "", setStamp{}, false
	}
	d, err := hex.DecodeString(f[2])
	if err != nil || len(d) != 32 || !slices.Contains(dataset.Names, f[0]) {
		return "", setStamp{}, false
	}
	s := setStamp{updated: f[1], digest: [32]byte(d)}
	if s.updated == "-" {
		s.updated = ""
	}
	return f[0], s, true
}
