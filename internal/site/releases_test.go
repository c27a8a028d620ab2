package site

import (
	"context"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/changes"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/testkit"
)

// gitPortal makes a git repository of the bundled portal in a temporary
// folder, and returns it with a function that runs git there and one
// that commits the work tree on a day (at noon UTC).
func gitPortal(t *testing.T) (src string, git func(env []string, args ...string) string, commit func(day string)) {
	t.Helper()
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("no git command")
	}
	src = testkit.Bundled(t, SettingsFile)
	git = func(env []string, args ...string) string {
		t.Helper()
		cmd := exec.Command("git", append([]string{"-C", src}, args...)...)
		cmd.Env = append(os.Environ(), append([]string{"GIT_CONFIG_GLOBAL=/dev/null", "GIT_CONFIG_NOSYSTEM=1",
			"GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.org", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.org"}, env...)...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("git %s: %v", strings.Join(args, " "), err)
		}
		return string(out)
	}
	git(nil, "init", "-q", "-b", "main")
	commit = func(day string) {
		t.Helper()
		stamp := day + "T12:00:00Z"
		git(nil, "add", "-A")
		git([]string{"GIT_AUTHOR_DATE=" + stamp, "GIT_COMMITTER_DATE=" + stamp}, "commit", "-q", "--allow-empty", "-m", "data of "+day)
	}
	return src, git, commit
}

// editFile replaces old by new in a file of src, which must hold it.
func editFile(t *testing.T, src, file, old, new string) {
	t.Helper()
	p := filepath.Join(src, file)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), old) {
		t.Fatalf("%s has no %q", file, old)
	}
	if err := os.WriteFile(p, []byte(strings.Replace(string(b), old, new, 1)), 0o644); err != nil {
		t.Fatal(err)
	}
}

func historyWarnings(l diag.List) []string {
	var out []string
	for _, d := range l {
		if strings.Contains(d.Msg, "release") {
			out = append(out, d.Error())
		}
	}
	return out
}

// TestReleasesFromGit builds a portal whose data has four releases in its
// repository: the initial one, a carrier added, a facility renamed, and
// an agreement's sealed customer named.
func TestReleasesFromGit(t *testing.T) {
	t.Parallel()
	src, git, commit := gitPortal(t)
	commit("2026-03-01")
	editFile(t, src, "data/carriers.csv", "\nfedex,", "\nnewco,New Co,regional-carrier,,OH,,\nfedex,")
	commit("2026-03-02")
	editFile(t, src, "data/facilities.csv", ",Atlanta LPC,", ",Atlanta Local Processing Center,")
	commit("2026-03-03")
	editFile(t, src, "data/agreements.csv", "\npm-ga-contract-536,redacted,", "\npm-ga-contract-536,ups,")
	commit("2026-03-04")

	out := filepath.Join(t.TempDir(), "public")
	b := &Build{Src: src, Out: out, AsOf: dataset.MustDate("2026-11-25"), Releases: 100}
	res, err := b.Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if w := historyWarnings(res.Warnings); len(w) > 0 {
		t.Errorf("warnings about history: %v", w)
	}
	read := func(p string) string {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(out, p))
		if err != nil {
			t.Fatalf("the build wrote no %s: %v", p, err)
		}
		return string(data)
	}
	days := []string{"2026-03-04", "2026-03-03", "2026-03-02", "2026-03-01"}
	list := read("changes/index.html")
	feed := read("changes/index.xml")
	if n := strings.Count(feed, "<entry>"); n != len(days) {
		t.Errorf("changes/index.xml has %d entries, want %d", n, len(days))
	}
	commits := strings.Fields(git(nil, "log", "--format=%H"))
	for i, day := range days {
		if !strings.Contains(list, day+"/") {
			t.Errorf("changes/index.html does not link the release of %s", day)
		}
		read("changes/" + day + "/index.html")
		if !strings.Contains(feed, "/changes/"+day+"/") {
			t.Errorf("changes/index.xml has no entry for %s", day)
		}
		// The permanent files are the commit's, byte for byte.
		for _, f := range changes.Files[:len(dataset.Names)] {
			want := git(nil, "show", commits[i]+":data/"+f)
			if got := read("data/releases/" + day + "/" + f); got != want {
				t.Errorf("data/releases/%s/%s differs from git show %s:data/%s", day, f, commits[i][:8], f)
			}
		}
		if !strings.Contains(read("data/releases/"+day+"/datapackage.json"), `"path":"agreements.csv"`) {
			t.Errorf("data/releases/%s/datapackage.json describes no agreements.csv", day)
		}
	}
	if p := read("changes/2026-03-04/index.html"); !strings.Contains(p, "customer unsealed: redacted → ups") {
		t.Errorf("the release of 2026-03-04 does not call out the customer unsealed")
	}
	if p := read("changes/2026-03-02/index.html"); !strings.Contains(p, `href="../../carriers/newco/"`) {
		t.Errorf("the release of 2026-03-02 does not link the carrier added")
	}
	if !strings.Contains(feed, "customer unsealed") {
		t.Errorf("the feed's entry of 2026-03-04 does not call out the customer unsealed")
	}
	for _, tc := range []struct{ page, want string }{
		{"agreements/pm-ga-contract-536/index.html", "2026-03-04"},
		{"agreements/pm-ga-contract-536/index.html", "customer under seal"}, // before, shown as sealed
		{"facilities/lpc-atlanta/index.html", "2026-03-03"},
		{"carriers/newco/index.html", "2026-03-02"},
	} {
		p := read(tc.page)
		i := strings.Index(p, `id="history-h"`)
		if i < 0 || !strings.Contains(p[i:], tc.want) {
			t.Errorf("%s: no history line with %q", tc.page, tc.want)
		}
	}
	// Cite this: the release in which the row last changed.
	if p := read("agreements/pm-ga-contract-536/index.html"); !strings.Contains(p, "/data/releases/2026-03-04/agreements.csv") {
		t.Errorf("the agreement unsealed is not cited from its release")
	}
	if p := read("data/index.html"); !strings.Contains(p, "/data/releases/2026-03-03/facilities.csv") {
		t.Errorf("/data/ does not cite facilities from the release of 2026-03-03")
	}

	// A shallow clone has no history: one warning, and the present data
	// as the only release.
	shallow := filepath.Join(t.TempDir(), "shallow")
	if out, err := exec.Command("git", "clone", "-q", "--depth", "1", "file://"+src, shallow).CombinedOutput(); err != nil {
		t.Fatalf("git clone --depth 1: %v\n%s", err, out)
	}
	sout := filepath.Join(t.TempDir(), "public")
	res, err = (&Build{Src: shallow, Out: sout, AsOf: dataset.MustDate("2026-11-25"), Releases: 100}).Run(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if w := historyWarnings(res.Warnings); len(w) != 1 || !strings.Contains(w[0], "shallow") {
		t.Errorf("a shallow clone's build warned %q, want one warning about the shallow clone", w)
	}
	if _, err := os.Stat(filepath.Join(sout, "changes", "2026-11-25", "index.html")); err != nil {
		t.Errorf("a shallow clone's build has no release of its present data: %v", err)
	}
}

// bundledReleaseFiles is the bundled portal's data files, as a release
// holds them.
func bundledReleaseFiles(t *testing.T) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, f := range changes.Files {
		b, err := os.ReadFile(filepath.Join("../../data", f))
		if err != nil {
			t.Fatal(err)
		}
		files[f] = b
	}
	return files
}

// TestReleasesInjected builds from an fs.FS with releases given, no git:
// a release whose data no longer validates is a warning naming it.
func TestReleasesInjected(t *testing.T) {
	t.Parallel()
	fsys := os.DirFS("../..")
	files := bundledReleaseFiles(t)
	old := maps.Clone(files)
	old["carriers.csv"] = []byte(strings.Replace(string(files["carriers.csv"]), "\nfedex,FedEx Corporation,national-carrier,", "\nfedex,FedEx Corporation,courier,", 1))
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), History: changes.Fixed{
		{Date: dataset.MustDate("2026-03-02"), Commit: "bbbb", Files: files},
		{Date: dataset.MustDate("2026-03-01"), Commit: "aaaa", Files: old},
	}}
	got, res, err := b.Generate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	w := historyWarnings(res.Warnings)
	if len(w) != 1 || !strings.Contains(w[0], "release 2026-03-01 (commit aaaa) no longer validates") {
		t.Errorf("warnings %q, want one naming the release of 2026-03-01", w)
	}
	found := false
	for _, f := range got {
		if f.Path == "changes/2026-03-02/index.html" {
			found = strings.Contains(string(f.Data), "Not compared") && strings.Contains(string(f.Data), "carriers")
		}
	}
	if !found {
		t.Errorf("the release of 2026-03-02 does not say carriers were not compared")
	}
}

// TestReleasesShowNoSale: a change list shows a lot's clearing price as
// the lot's page does. The blank price of a lot that was not awarded is
// "no sale", before it was awarded and after its award was withdrawn, and
// not "not public", which a blank price means on an awarded lot.
func TestReleasesShowNoSale(t *testing.T) {
	t.Parallel()
	fsys := os.DirFS("../..")
	files := bundledReleaseFiles(t)
	const (
		sold   = "usps-last-mile-2026,lpc-atlanta-b,lpc-atlanta,22000,2026-07-01,2027-06-30,143000.00,walmart,183000.00,5\n"
		unsold = "usps-last-mile-2026,lpc-atlanta-b,lpc-atlanta,22000,2026-07-01,2027-06-30,143000.00,,,5\n"
	)
	results := string(files["auction_results.csv"])
	if !strings.Contains(results, sold) {
		t.Fatalf("the bundled auction_results.csv has no row %q", sold)
	}
	withUnsold := maps.Clone(files)
	withUnsold["auction_results.csv"] = []byte(strings.Replace(results, sold, unsold, 1))
	const won, wonLess = "usps-last-mile-2026,walmart,bid,12,6,121000\n", "usps-last-mile-2026,walmart,bid,12,5,99000\n"
	if !strings.Contains(string(files["participation.csv"]), won) {
		t.Fatalf("the bundled participation.csv has no row %q", won)
	}
	withUnsold["participation.csv"] = []byte(strings.Replace(string(files["participation.csv"]), won, wonLess, 1))
	// The lot is awarded on 2026-03-02 and withdrawn on 2026-03-03.
	b := &Build{FS: fsys, AsOf: dataset.MustDate("2026-11-25"), History: changes.Fixed{
		{Date: dataset.MustDate("2026-03-03"), Commit: "cccc", Files: withUnsold},
		{Date: dataset.MustDate("2026-03-02"), Commit: "bbbb", Files: files},
		{Date: dataset.MustDate("2026-03-01"), Commit: "aaaa", Files: withUnsold},
	}}
	got, res, err := b.Generate(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if w := historyWarnings(res.Warnings); len(w) != 0 {
		t.Fatalf("warnings %q: the test's releases must all be compared", w)
	}
	const noSale, notPublic = ">no sale</span>", ">not public</span>"
	for day, want := range map[string]string{"2026-03-02": "before", "2026-03-03": "after"} {
		var page string
		for _, f := range got {
			if f.Path == "changes/"+day+"/index.html" {
				page = string(f.Data)
			}
		}
		i := strings.Index(page, "lpc-atlanta-b")
		if i < 0 {
			t.Fatalf("the release of %s does not list lot lpc-atlanta-b", day)
		}
		row := page[i:]
		if end := strings.Index(row, "</table>"); end >= 0 {
			row = row[:end]
		}
		if !strings.Contains(row, noSale) || strings.Contains(row, notPublic) {
			t.Errorf("release of %s: the lot's clearing price %s shows %q; want %q and no %q", day, want, row, noSale, notPublic)
		}
	}
}
