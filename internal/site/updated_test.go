package site

import (
	"context"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

func TestStaleUpdated(t *testing.T) {
	t.Parallel()
	a, b := [32]byte{1}, [32]byte{2}
	stamp := func(updated string, d [32]byte) setStamp {
		return setStamp{Updated: updated, Digest: d, File: "data/agreements.csv"}
	}
	const warn = "data/datasets.yaml: warning: agreements: data/agreements.csv changed since the last build, but still says updated: 2026-11-01: set updated to the day its rows changed\n"
	for _, tc := range []struct {
		name      string
		old, cur  setStamp
		first     bool // no earlier build
		want      string
		remembers [32]byte
	}{
		{"first build", setStamp{}, stamp("2026-11-01", a), true, "", a},
		{"nothing changed", stamp("2026-11-01", a), stamp("2026-11-01", a), false, "", a},
		{"rows and date changed", stamp("2026-11-01", a), stamp("2026-12-01", b), false, "", b},
		{"only the date changed", stamp("2026-11-01", a), stamp("2026-12-01", a), false, "", a},
		{"rows changed, date did not", stamp("2026-11-01", a), stamp("2026-11-01", b), false, warn, a},
		{"no date at all", stamp("", a), stamp("", b), false,
			"data/datasets.yaml: warning: agreements: data/agreements.csv changed since the last build, but has no updated date: set updated to the day its rows changed\n", a},
	} {
		old := map[string]setStamp{}
		if !tc.first {
			old["agreements"] = tc.old
		}
		warns, keep := staleUpdated(old, map[string]setStamp{"agreements": tc.cur})
		if got := warns.Format(0); got != tc.want {
			t.Errorf("%s: staleUpdated warns\n%s\nwant\n%s", tc.name, got, tc.want)
		}
		if keep["agreements"].Digest != tc.remembers {
			t.Errorf("%s: remembers digest %x, want %x", tc.name, keep["agreements"].Digest[0], tc.remembers[0])
		}
	}
}

// A build to disk warns when a data set's rows changed since the last
// build but datasets.yaml's updated date did not, and keeps warning until
// the date moves.
func TestStaleUpdatedDateWarns(t *testing.T) {
	t.Parallel()
	fsys := fixture(t)
	out := t.TempDir()
	build := func() []string {
		t.Helper()
		res, err := (&Build{FS: fsys, Out: out, AsOf: dataset.MustDate("2026-11-25"), BaseURL: "https://postal.example.gov/"}).Run(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		var w []string
		for _, d := range res.Warnings {
			if d.Field == "updated" {
				w = append(w, d.Error())
			}
		}
		return w
	}
	if w := build(); len(w) != 0 {
		t.Fatalf("first build warns: %q", w)
	}
	edit := func(name, old, new string) {
		src := string(fsys[name].Data)
		if !strings.Contains(src, old) {
			t.Fatalf("%s has no %q", name, old)
		}
		fsys[name] = file(strings.Replace(src, old, new, 1))
	}
	edit("data/carriers.csv", "Acme Parcel <Co>", "Acme Parcel Co")
	want := "data/datasets.yaml: warning: carriers: data/carriers.csv changed since the last build, but still says updated: 2026-11-01: set updated to the day its rows changed"
	for i := range 2 {
		if w := build(); len(w) != 1 || w[0] != want {
			t.Fatalf("build %d after the edit warns %q, want %q", i+1, w, want)
		}
	}
	edit("data/datasets.yaml", "license: CC0, updated: 2026-11-01", "license: CC0, updated: 2026-11-20")
	if w := build(); len(w) != 0 {
		t.Errorf("after the date moved, the build warns %q", w)
	}
}
