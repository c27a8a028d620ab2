package site

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// benchReleases is how many data releases BenchmarkBuildHistory reads.
const benchReleases = 20

// historyCorpus copies the benchmark corpus into a git repository whose
// history holds benchReleases releases, each one cell of one data set
// changed on its own day.
func historyCorpus(b *testing.B) string {
	b.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		b.Skip("no git command")
	}
	src := b.TempDir()
	if err := os.CopyFS(src, os.DirFS(benchCorpus(b))); err != nil {
		b.Fatal(err)
	}
	git := func(env []string, args ...string) {
		cmd := exec.Command("git", append([]string{"-C", src}, args...)...)
		cmd.Env = append(os.Environ(), append([]string{"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=b", "GIT_AUTHOR_EMAIL=b@example.org", "GIT_COMMITTER_NAME=b", "GIT_COMMITTER_EMAIL=b@example.org"}, env...)...)
		if out, err := cmd.CombinedOutput(); err != nil {
			b.Fatalf("git %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	git(nil, "init", "-q")
	edits := []struct{ file, col string }{{"carriers", "name"}, {"agreements", "product"}, {"auction_results", "bids_received"}, {"facilities", "name"}}
	for i := range benchReleases {
		if i > 0 {
			e := edits[i%len(edits)]
			p := filepath.Join(src, "data", e.file+".csv")
			data, err := os.ReadFile(p)
			if err != nil {
				b.Fatal(err)
			}
			recs, err := csv.NewReader(bytes.NewReader(data)).ReadAll()
			if err != nil {
				b.Fatal(err)
			}
			col := -1
			for j, h := range recs[0] {
				if h == e.col {
					col = j
				}
			}
			row := 1 + i%(len(recs)-1)
			if e.col == "bids_received" {
				recs[row][col] = fmt.Sprint(i)
			} else {
				recs[row][col] += " " + fmt.Sprint(i)
			}
			var buf bytes.Buffer
			w := csv.NewWriter(&buf)
			if err := w.WriteAll(recs); err != nil {
				b.Fatal(err)
			}
			if err := os.WriteFile(p, buf.Bytes(), 0o644); err != nil {
				b.Fatal(err)
			}
		}
		stamp := fmt.Sprintf("2026-10-%02dT12:00:00Z", i+1)
		git(nil, "add", "-A")
		git([]string{"GIT_AUTHOR_DATE=" + stamp, "GIT_COMMITTER_DATE=" + stamp}, "commit", "-q", "-m", "release")
	}
	return src
}

// BenchmarkBuildHistory compares a cold build of the corpus with and
// without reading benchReleases releases from its history: the issue's
// budget is 1.3 times the build without history.
func BenchmarkBuildHistory(b *testing.B) {
	src := historyCorpus(b)
	for _, n := range []int{0, benchReleases} {
		b.Run(fmt.Sprintf("releases=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				bl := &Build{Src: src, Out: filepath.Join(b.TempDir(), "public"), AsOf: asOf, Releases: n}
				res, err := bl.Run(context.Background())
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(res.Files), "files/op")
			}
		})
	}
}
