package outdir

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/diag"
)

// entry is what the manifest knows about one output file.
type entry struct {
	hash  [16]byte
	size  int64
	mtime int64 // UnixNano after the file was written
}

// Stamp is what a build remembers of one data set, to tell whether its
// rows changed while datasets.yaml's updated date did not.
type Stamp struct {
	Updated string // datasets.yaml's updated date, "" when none
	Digest  [32]byte
	File    string // as shown in messages; not recorded
}

// manifest is what one build recorded: each file it wrote (hash, size
// and modification time), the page key of each file that has one, the
// fingerprint of its inputs, its warnings and its data sets' stamps.
type manifest struct {
	fingerprint string
	warnings    diag.List
	files       map[string]entry
	keys        map[string][16]byte
	stamps      map[string]Stamp
}

func newManifest() manifest {
	return manifest{files: map[string]entry{}, keys: map[string][16]byte{}}
}

// The manifest is text: a first line "fingerprint HEX", then a line
// "warning JSON" for each warning of the build, then one line per file:
// "HASH SIZE MTIME PATH", one "key HEX PATH" for each file that has a
// page key, and a line "dataset NAME UPDATED DIGEST" for each data set
// (UPDATED "-" when there is none). A damaged manifest reads as empty:
// the build then rebuilds everything.
//
// With files false only the fingerprint, warnings and stamps are read,
// and the files' and keys' lines skipped, unchecked: an output folder
// deleted since holds none of the files to reuse (see Writer.readLast),
// and those lines are nearly all of a manifest, a hundred and sixty
// thousand at scale 16.
func readManifest(r io.Reader, files bool) manifest {
	m := newManifest()
	m.stamps = map[string]Stamp{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	if sc.Scan() {
		// A line's last \r is dropped as it is read: a fingerprint with
		// one would not read back as written. No build writes one.
		if strings.ContainsRune(sc.Text(), '\r') {
			return newManifest()
		}
		m.fingerprint, _ = strings.CutPrefix(sc.Text(), "fingerprint ")
	}
	for sc.Scan() {
		if !m.readLine(sc.Bytes(), files) {
			return newManifest()
		}
	}
	if sc.Err() != nil {
		return newManifest()
	}
	return m
}

// readLine adds one line after the fingerprint to m; it reports whether
// the line made sense. A file's or a key's line is read from the
// scanner's memory, and only its path kept, unless files is false.
func (m *manifest) readLine(line []byte, files bool) bool {
	if js, ok := bytes.CutPrefix(line, []byte("warning ")); ok {
		d := &diag.Diagnostic{}
		if json.Unmarshal(js, d) != nil {
			return false
		}
		d.Severity = diag.Warning
		m.warnings = append(m.warnings, d)
		return true
	}
	if rest, ok := bytes.CutPrefix(line, []byte("dataset ")); ok {
		name, st, ok := parseStamp(string(rest))
		if ok {
			m.stamps[name] = st
		}
		return ok
	}
	if !files {
		return true
	}
	if kp, ok := bytes.CutPrefix(line, []byte("key ")); ok {
		var k [16]byte
		hexKey, p, ok := bytes.Cut(kp, []byte(" "))
		if !ok || !decodeHex(k[:], hexKey) || !validOutPath(string(p)) {
			return false
		}
		m.keys[string(p)] = k
		return true
	}
	var e entry
	h, rest, ok1 := bytes.Cut(line, []byte(" "))
	size, rest, ok2 := bytes.Cut(rest, []byte(" "))
	mtime, p, ok3 := bytes.Cut(rest, []byte(" "))
	var ok4, ok5 bool
	e.size, ok4 = parseInt(size)
	e.mtime, ok5 = parseInt(mtime)
	if !ok1 || !ok2 || !ok3 || !ok4 || !ok5 || !decodeHex(e.hash[:], h) || !validOutPath(string(p)) {
		return false
	}
	m.files[string(p)] = e
	return true
}

// decodeHex decodes src, exactly len(dst) bytes written in hex, into dst.
func decodeHex(dst, src []byte) bool {
	if len(src) != hex.EncodedLen(len(dst)) {
		return false
	}
	_, err := hex.Decode(dst, src)
	return err == nil
}

// parseInt parses a decimal integer as strconv.FormatInt writes it,
// without making a string of it.
func parseInt(b []byte) (int64, bool) {
	neg := len(b) > 1 && b[0] == '-'
	if neg {
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var n uint64 // 19 digits fit
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + uint64(c-'0')
	}
	if n > math.MaxInt64 {
		return 0, false
	}
	if neg {
		return -int64(n), true
	}
	return int64(n), true
}

func parseStamp(line string) (string, Stamp, bool) {
	f := strings.Fields(line)
	if len(f) != 3 {
		return "", Stamp{}, false
	}
	d, err := hex.DecodeString(f[2])
	if err != nil || len(d) != 32 || !slices.Contains(dataset.Names, f[0]) {
		return "", Stamp{}, false
	}
	s := Stamp{Updated: f[1], Digest: [32]byte(d)}
	if s.Updated == "-" {
		s.Updated = ""
	}
	return f[0], s, true
}

// format writes m as readManifest reads it. Only the keys of files m
// lists are written.
func (m manifest) format() ([]byte, error) {
	paths := sortedPaths(m.files)
	var b bytes.Buffer
	b.WriteString("fingerprint " + m.fingerprint + "\n")
	for _, d := range m.warnings {
		js, err := json.Marshal(d)
		if err != nil {
			return nil, err
		}
		b.WriteString("warning " + string(js) + "\n")
	}
	// The files' and keys' lines, a hundred thousand at scale 16, are
	// the serial end of a build: they are appended with no fmt, which
	// formats through reflection, half of them on a goroutine of their
	// own, into memory sized for them.
	half := len(paths) / 2
	var files2, keys2 []byte
	var wg sync.WaitGroup
	wg.Go(func() { files2, keys2 = m.lines(nil, nil, paths[half:]) })
	out, keys1 := m.lines(b.Bytes(), nil, paths[:half])
	wg.Wait()
	b = *bytes.NewBuffer(slices.Concat(out, files2, keys1, keys2))
	for _, n := range slices.Sorted(maps.Keys(m.stamps)) {
		s := m.stamps[n]
		u := s.Updated
		if u == "" {
			u = "-"
		}
		fmt.Fprintf(&b, "dataset %s %s %s\n", n, u, hex.EncodeToString(s.Digest[:]))
	}
	return b.Bytes(), nil
}

// lines appends the file lines of paths to files and their key lines to
// keys, each grown once to hold them.
func (m manifest) lines(files, keys []byte, paths []string) ([]byte, []byte) {
	n := 0
	for _, p := range paths {
		n += len(p) + hex.EncodedLen(16) + 44 // sizes up to a petabyte, mtimes up to 2286
	}
	files = slices.Grow(files, n)
	for _, p := range paths {
		e := m.files[p]
		files = hex.AppendEncode(files, e.hash[:])
		files = append(strconv.AppendInt(append(files, ' '), e.size, 10), ' ')
		files = append(strconv.AppendInt(files, e.mtime, 10), ' ')
		files = append(append(files, p...), '\n')
	}
	keys = slices.Grow(keys, n)
	for _, p := range paths {
		if k, ok := m.keys[p]; ok {
			keys = hex.AppendEncode(append(keys, "key "...), k[:])
			keys = append(append(append(keys, ' '), p...), '\n')
		}
	}
	return files, keys
}

// sortedPaths returns the paths of files, sorted: each half on a
// goroutine, then merged.
func sortedPaths(files map[string]entry) []string {
	paths := slices.Collect(maps.Keys(files))
	half := len(paths) / 2
	var wg sync.WaitGroup
	wg.Go(func() { slices.Sort(paths[half:]) })
	slices.Sort(paths[:half])
	wg.Wait()
	out := make([]string, 0, len(paths))
	a, b := paths[:half], paths[half:]
	for len(a) > 0 && len(b) > 0 {
		if a[0] <= b[0] {
			out, a = append(out, a[0]), a[1:]
		} else {
			out, b = append(out, b[0]), b[1:]
		}
	}
	return append(append(out, a...), b...)
}
