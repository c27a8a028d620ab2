package dataset_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
	"time"

	"github.com/postal-access/portal/internal/costtest"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// These tests feed Load files built to exhaust it: far too large, far too
// wide, one enormous field, a YAML "billion laughs". Each must be refused
// with its limit's message, quickly and in memory that does not grow with
// the input.

// dirWith writes the valid fixture into a temporary data folder, with the
// file name written by write instead, and returns the folder's FS.
func dirWith(t *testing.T, name string, write func(w io.Writer) error) fs.FS {
	t.Helper()
	dir := t.TempDir()
	if err := os.Mkdir(filepath.Join(dir, "data"), 0o755); err != nil {
		t.Fatal(err)
	}
	for n, src := range validFiles {
		if err := os.WriteFile(filepath.Join(dir, "data", n), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	f, err := os.Create(filepath.Join(dir, "data", name))
	if err != nil {
		t.Fatal(err)
	}
	bw := bufio.NewWriterSize(f, 1<<20)
	if err := write(bw); err != nil {
		t.Fatal(err)
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return os.DirFS(dir)
}

// rows writes a carriers.csv of about size bytes, one valid row at a time,
// so that writing it takes no more memory than one row.
func rows(size int64) func(w io.Writer) error {
	return func(w io.Writer) error {
		n, err := io.WriteString(w, "id,name,kind,parent,hq_state,website,source\n")
		written := int64(n)
		for i := 0; written < size && err == nil; i++ {
			n, err = fmt.Fprintf(w, "carrier-%d,Carrier number %d,regional-carrier,,VA,https://carrier%d.example/,\n", i, i, i)
			written += int64(n)
		}
		return err
	}
}

func TestLoadRefusesAHugeFile(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 200 MB file; skipped with -short")
	}
	fsys := dirWith(t, "carriers.csv", rows(200<<20))
	var errs diag.List
	elapsed, alloc := costtest.Measure(func() {
		_, errs = dataset.Load(context.Background(), fsys, "data", dataset.Options{})
	})
	checkMessages(t, "Load with a 200 MB carriers.csv", errs, []string{
		"data/carriers.csv: file is larger than the 128 MiB limit (raise it with --max-file-size)",
	})
	// The file is refused by its size before a byte of it is read.
	costtest.Within(t, "Load with a 200 MB carriers.csv", elapsed, alloc, 2*time.Second, 4<<20)
}

// endless is a file of unknown size, such as a named pipe, that never
// ends: only the limit stops a read of it.
type endless struct{ row []byte }

func (e *endless) Stat() (fs.FileInfo, error) { return endlessInfo{}, nil }
func (e *endless) Close() error               { return nil }
func (e *endless) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		n += copy(p[n:], e.row)
	}
	return n, nil
}

type endlessInfo struct{}

func (endlessInfo) Name() string       { return "carriers.csv" }
func (endlessInfo) Size() int64        { return 0 }
func (endlessInfo) Mode() fs.FileMode  { return fs.ModeNamedPipe | 0o644 }
func (endlessInfo) ModTime() time.Time { return time.Time{} }
func (endlessInfo) IsDir() bool        { return false }
func (endlessInfo) Sys() any           { return nil }

// endlessFS is the valid fixture with data/carriers.csv an endless file.
type endlessFS struct{ fstest.MapFS }

func (e endlessFS) Open(name string) (fs.File, error) {
	if name == "data/carriers.csv" {
		return &endless{row: bytes.Repeat([]byte("ups,United Parcel Service,national-carrier,,GA,,\n"), 1000)}, nil
	}
	return e.MapFS.Open(name)
}

func TestLoadStopsReadingAnEndlessFile(t *testing.T) {
	var errs diag.List
	lim := dataset.Limits{MaxFileBytes: 8 << 20}
	elapsed, alloc := costtest.Measure(func() {
		_, errs = dataset.Load(context.Background(), endlessFS{dataFS(nil)}, "data", dataset.Options{Limits: lim})
	})
	checkMessages(t, "Load with an endless carriers.csv", errs, []string{
		"data/carriers.csv: file is larger than the 8 MiB limit (raise it with --max-file-size)",
	})
	// Reading up to the limit costs a few times the limit, never more.
	costtest.Within(t, "Load with an endless carriers.csv", elapsed, alloc, 2*time.Second, uint64(5*lim.MaxFileBytes))
}

func TestLoadRefusesAWideHeader(t *testing.T) {
	const columns = 50_000
	var header strings.Builder
	header.WriteString("id")
	for i := 1; i < columns; i++ {
		fmt.Fprintf(&header, ",column_%d", i)
	}
	src := header.String() + "\n" + strings.Repeat(",", columns-1) + "\n"
	fsys := dataFS(map[string]string{"carriers.csv": src})
	var errs diag.List
	elapsed, alloc := costtest.Measure(func() { _, errs = load(fsys, dataset.Limits{}) })
	checkMessages(t, "Load with a 50,000-column header", errs, []string{
		"data/carriers.csv:1:1: header has 50000 columns, more than the 64 allowed",
	})
	costtest.Within(t, "Load with a 50,000-column header", elapsed, alloc, 2*time.Second, 32<<20)
}

func TestLoadRefusesAHugeField(t *testing.T) {
	const size = 10 << 20
	const lines = size / 6 // of `a,""b`, which reads as `a,"b`
	for _, tt := range []struct {
		name  string
		field string
		want  string
	}{
		{
			name:  "plain",
			field: strings.Repeat("a", size),
			want:  "data/carriers.csv:6:10: name: field is 10485760 bytes, more than the 65536 allowed",
		},
		{
			name:  "quoted, over many lines",
			field: `"` + strings.Repeat("a,\"\"b\n", lines) + `"`,
			want:  fmt.Sprintf("data/carriers.csv:6:10: name: field is %d bytes, more than the 65536 allowed", lines*5),
		},
		{
			name:  "quoted and never closed",
			field: `"` + strings.Repeat("a", size),
			// The reader stops at the end of the file, on the same line.
			want: `data/carriers.csv:6:10485782: a quoted field is not closed, or a stray " is followed by other text: quote the whole field and double any " inside it`,
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := validFiles["carriers.csv"] + "big-name," + tt.field + ",other,,,,\n"
			fsys := dataFS(map[string]string{"carriers.csv": src})
			var errs diag.List
			elapsed, alloc := costtest.Measure(func() { _, errs = load(fsys, dataset.Limits{}) })
			got := messages(errs)
			if len(got) != 1 || got[0] != tt.want {
				t.Errorf("Load with a 10 MB field: got %q, want [%q]", got, tt.want)
			}
			// The file, the CSV reader's line and field buffers as they
			// grow, and the record: a few copies, never more.
			costtest.Within(t, "Load with a 10 MB field", elapsed, alloc, 2*time.Second, 10*size)
		})
	}
}

// laughs is a YAML "billion laughs": nine aliases of nine aliases of ...,
// nine levels deep, a billion strings when expanded.
func laughs(indent string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sl0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n", indent)
	for i := 1; i <= 9; i++ {
		fmt.Fprintf(&b, "%sl%d: &l%d [*l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d, *l%d]\n", indent, i, i, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1, i-1)
	}
	return b.String()
}

func TestManifestRefusesAYAMLBomb(t *testing.T) {
	for _, tt := range []struct {
		name, src string
		want      []string
	}{
		{
			name: "at the top",
			src:  laughs(""),
			want: []string{`data/datasets.yaml:1:1: want a single key "datasets" mapping each data set name to its title, description, source, license, updated and illustrative`},
		},
		{
			name: "as a data set",
			src:  "datasets:\n  carriers:\n" + laughs("    "),
			want: []string{
				`data/datasets.yaml:3:5: unknown key "l0": want one of [title description source source_url license updated illustrative]`,
				`data/datasets.yaml:4:5: unknown key "l1": want one of [title description source source_url license updated illustrative]`,
				`data/datasets.yaml:5:5: unknown key "l2": want one of [title description source source_url license updated illustrative]`,
				`data/datasets.yaml:6:5: unknown key "l3": want one of [title description source source_url license updated illustrative]`,
				`data/datasets.yaml:7:5: unknown key "l4": want one of [title description source source_url license updated illustrative]`,
				`data/datasets.yaml:8:5: unknown key "l5": want one of [title description source source_url license updated illustrative]`,
				`data/datasets.yaml:9:5: unknown key "l6": want one of [title description source source_url license updated illustrative]`,
				`data/datasets.yaml:10:5: unknown key "l7": want one of [title description source source_url license updated illustrative]`,
				`data/datasets.yaml:11:5: unknown key "l8": want one of [title description source source_url license updated illustrative]`,
				`data/datasets.yaml:12:5: unknown key "l9": want one of [title description source source_url license updated illustrative]`,
			},
		},
		{
			name: "an alias as a value",
			src:  "datasets:\n  auctions: {title: &t [lol, lol, lol]}\n  carriers: {title: *t, description: &d x, source: *d}\n",
			want: []string{
				`data/datasets.yaml:2:21: title: want a single value`,
				`data/datasets.yaml:3:21: title: want a single value`,
				`data/datasets.yaml:3:52: source: want a single value`,
			},
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			fsys := dataFS(map[string]string{"datasets.yaml": tt.src})
			var errs diag.List
			elapsed, alloc := costtest.Measure(func() { _, errs = load(fsys, dataset.Limits{}) })
			var got []string
			for _, e := range errs {
				if e.File == "data/datasets.yaml" && e.Severity == diag.Error {
					got = append(got, e.Error())
				}
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Load with a YAML bomb in datasets.yaml: got\n\t%s\nwant\n\t%s", strings.Join(got, "\n\t"), strings.Join(tt.want, "\n\t"))
			}
			costtest.Within(t, "Load with a YAML bomb in datasets.yaml", elapsed, alloc, time.Second, 8<<20)
		})
	}
}

func TestManifestRefusesAHugeFile(t *testing.T) {
	fsys := dataFS(map[string]string{"datasets.yaml": "datasets:\n" + strings.Repeat("# padding\n", 200_000)})
	var errs diag.List
	elapsed, alloc := costtest.Measure(func() { _, errs = load(fsys, dataset.Limits{}) })
	checkMessages(t, "Load with a 2 MB datasets.yaml", errs, []string{"data/datasets.yaml: manifest is larger than 1 MiB"})
	// Refused by its size, unread.
	costtest.Within(t, "Load with a 2 MB datasets.yaml", elapsed, alloc, time.Second, 1<<20)
}
