package linkcheck

import (
	"bytes"
	"html"
	"strings"
	"sync"

	"github.com/postal-access/portal/internal/render/links"
)

// Table keeps the links of many pages, as a build keeps those of every
// page it renders until all its files are known, in a tenth of the
// memory of a Links per page: each distinct reference is kept once
// (pages share their navigation, and pages at one depth their relative
// links), a page's references as indices, and each distinct set of ids
// once. It is safe for concurrent use.
//
// A table made by Settling keeps no trace of the references that lead to
// pages of the build's plan in their plainest form, or off the site, or
// to an id of their own page: those pass the check, as the table sees
// when it adds them.
type Table struct {
	// pages made certain to be in the build (see Settling), and the
	// site's base path; read-only, so read without the lock.
	planned  map[string]bool
	basePath string
	// plain: the base path and every planned page's path hold no byte of
	// notPlain, so that a reference found in planned after the base path
	// holds none either, and its bytes need not be read.
	plain bool

	mu     sync.Mutex
	index  map[string]uint32 // escaped reference → its place in refs
	refs   []string          // unescaped
	idSets map[string]map[string]bool
	pages  map[string]tabled
	founds sync.Pool // of *found, for AppendPage
}

type tabled struct {
	refs []uint32
	ids  map[string]bool
}

// NewTable returns an empty table.
func NewTable() *Table {
	return &Table{index: map[string]uint32{}, idSets: map[string]map[string]bool{}, pages: map[string]tabled{}}
}

// Settling returns an empty table that settles references as it adds
// them: a reference that is basePath and then the site path of a page in
// planned (a page's URL, /facilities/x/), as written, with no query,
// fragment, escape or entity, leads to a file of the build, which the
// check finds on every page (see Checker). Its pages keep only their
// other references; Refs returns those. planned must name only pages
// whose files the build is certain to have, and must not change.
func Settling(planned map[string]bool, basePath string) *Table {
	t := NewTable()
	t.planned, t.basePath = planned, strings.TrimSuffix(basePath, "/")+"/"
	t.plain = isPlain(t.basePath)
	for p := range planned {
		if !t.plain {
			break
		}
		t.plain = isPlain(p)
	}
	return t
}

// isPlain reports whether s holds no byte of notPlain.
func isPlain[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if notPlain[s[i]] {
			return false
		}
	}
	return true
}

// settled reports whether ref, as written in a page whose ids (as
// written) are ids, leads to a page of the plan in the plainest form, off
// the site in a form that certainly parses, or to one of the page's own
// ids (see Settling).
func (t *Table) settled(ref []byte, ids [][]byte) bool {
	if t.planned == nil {
		return false
	}
	if len(ref) < len(t.basePath) || string(ref[:len(t.basePath)]) != t.basePath {
		return plainExternal(ref) || ownFragment(ref, ids)
	}
	if !t.plain && !isPlain(ref) {
		return false
	}
	return t.planned[string(ref[len(t.basePath)-1:])]
}

// ownFragment reports whether ref is "#" and then one of ids, the ids of
// its page, in the plainest form (letters, digits and "-._~/"), which the
// check finds on the page: "#main", the skip link of every page, and the
// links of a page's contents to its sections.
func ownFragment(ref []byte, ids [][]byte) bool {
	if len(ref) < 2 || ref[0] != '#' || !isPlainRef(ref[1:]) {
		return false
	}
	for _, id := range ids {
		if bytes.Equal(id, ref[1:]) {
			return true
		}
	}
	return false
}

// plainExternal reports whether ref is an absolute http or https URL of
// the plainest form: the scheme in lower case, a host of letters,
// digits, dots and hyphens, and a path and query, if any, of letters,
// digits and "-._~/?=". Such a reference parses, and leads off the site:
// the check never finds it broken (see Checker.Check). A page's
// canonical address is one, so that every page has its own, and a
// docket's search at the PRC; two thirds of the references a table kept
// were these.
func plainExternal(ref []byte) bool {
	rest, ok := bytes.CutPrefix(ref, []byte("https://"))
	if !ok {
		if rest, ok = bytes.CutPrefix(ref, []byte("http://")); !ok {
			return false
		}
	}
	host, path, _ := bytes.Cut(rest, []byte("/"))
	if len(host) == 0 {
		return false
	}
	for _, c := range host {
		if !plainHost[c] {
			return false
		}
	}
	for _, c := range path {
		if !plainRef[c] && c != '?' && c != '=' {
			return false
		}
	}
	return true
}

var plainHost = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-'
	}
	return t
}()

// notPlain are the bytes that keep a reference from being settled: white
// space and controls, a fragment, query, escape or entity, a backslash.
// A table, not a switch: every link of every page is read byte by byte
// here, and the switch's comparisons took a tenth of the link check.
var notPlain = func() (t [256]bool) {
	for c := 0; c <= ' '; c++ {
		t[c] = true
	}
	for _, c := range "\x7f#?%&\\" {
		t[c] = true
	}
	return t
}()

// Add scans page, the HTML of the output file file (see Scan), into t.
func (t *Table) Add(file string, page []byte) { t.AppendPage(nil, file, page, "", false) }

// AppendPage scans page, the HTML of the output file file, into t, in the
// pass that makes its links relative to the file (see links.Relative)
// when relative is true, and appends the page as rewritten (or as it is,
// when not relative) to dst: a build reads each page once for both. The
// links are kept as written, before they are made relative, so that
// pages share the site's addresses.
func (t *Table) AppendPage(dst []byte, file string, page []byte, basePath string, relative bool) []byte {
	f, _ := t.founds.Get().(*found)
	if f == nil {
		f = new(found)
	}
	defer t.founds.Put(f)
	f.refs, f.ids = f.refs[:0], f.ids[:0]
	if relative {
		dst = links.AppendRelative(dst, page, file, basePath, f.link)
	} else {
		links.Find(page, f.link)
		dst = append(dst, page...)
	}
	t.add(file, f)
	return dst
}

// found is what the scan of a page found: its links and ids as written,
// slices of the page's own memory until add copies what is new.
type found struct {
	refs, ids [][]byte
}

func (f *found) link(id bool, value []byte) {
	if id {
		f.ids = append(f.ids, value)
	} else {
		f.refs = append(f.refs, value)
	}
}

// add adds what the scan of the page in file found to t.
func (t *Table) add(file string, f *found) {
	var buf [1024]byte
	set := buf[:0] // the ids, escaped, each followed by a 0 byte
	for _, id := range f.ids {
		set = append(append(set, id...), 0)
	}
	kept := f.refs[:0]
	for _, ref := range f.refs {
		if !t.settled(ref, f.ids) {
			kept = append(kept, ref)
		}
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	tl := tabled{refs: make([]uint32, len(kept)), ids: t.idSets[string(set)]}
	for i, ref := range kept {
		n, ok := t.index[string(ref)]
		if !ok {
			key := string(ref)
			n = uint32(len(t.refs))
			t.index[key] = n
			t.refs = append(t.refs, html.UnescapeString(key)) // key itself when nothing is escaped
		}
		tl.refs[i] = n
	}
	if tl.ids == nil {
		tl.ids = make(map[string]bool, len(f.ids))
		for _, id := range f.ids {
			tl.ids[html.UnescapeString(string(id))] = true
		}
		t.idSets[string(set)] = tl.ids
	}
	t.pages[file] = tl
}

// Refs returns the references of the page in file, as Scan does (but
// those settled, see Settling), and whether t has the page.
func (t *Table) Refs(file string) ([]string, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tl, ok := t.pages[file]
	if !ok {
		return nil, false
	}
	refs := make([]string, len(tl.refs))
	for i, n := range tl.refs {
		refs[i] = t.refs[n]
	}
	return refs, true
}

// refsAt returns the references of the page in file as places in the
// list of every distinct reference t holds, that list, and whether t has
// the page. The list is only ever appended to.
func (t *Table) refsAt(file string) (at []uint32, refs []string, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	tl, ok := t.pages[file]
	return tl.refs, t.refs, ok
}

// IDs returns the ids of each page of t, by file, for a Checker. Pages
// with the same ids share one set: it must not be changed.
func (t *Table) IDs() map[string]map[string]bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	out := make(map[string]map[string]bool, len(t.pages))
	for f, tl := range t.pages {
		out[f] = tl.ids
	}
	return out
}
