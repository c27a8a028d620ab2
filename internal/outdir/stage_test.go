package outdir

import (
	"io/fs"
	"path"
	"testing"
)

// TestPathHelpersAsPath holds dirOf, baseOf and joinIn to package path
// for the paths a stage is given.
func TestPathHelpersAsPath(t *testing.T) {
	for _, p := range []string{".", "a", "index.html", "a/b", "facilities/x-1/index.html", "data/a.csv", "a/b/c/d", "é/ü.json"} {
		if got, want := dirOf(p), path.Dir(p); got != want {
			t.Errorf("dirOf(%q) = %q, want %q", p, got, want)
		}
		if p == "." {
			continue
		}
		if got, want := baseOf(p), path.Base(p); got != want {
			t.Errorf("baseOf(%q) = %q, want %q", p, got, want)
		}
		for _, rel := range []string{".", "a", "a/b"} {
			if got, want := joinIn(rel, baseOf(p)), path.Join(rel, baseOf(p)); got != want {
				t.Errorf("joinIn(%q, %q) = %q, want %q", rel, baseOf(p), got, want)
			}
		}
	}
}

func FuzzPathHelpers(f *testing.F) {
	f.Add("facilities/x-1/index.html")
	f.Fuzz(func(t *testing.T, p string) {
		if !fs.ValidPath(p) || p == "." {
			return
		}
		if dirOf(p) != path.Dir(p) || baseOf(p) != path.Base(p) || joinIn(dirOf(p), baseOf(p)) != p {
			t.Errorf("%q: dirOf %q baseOf %q, path %q %q", p, dirOf(p), baseOf(p), path.Dir(p), path.Base(p))
		}
	})
}
