// Package keys makes the key of each output of a build: a hash of
// everything its bytes depend on, so that a rebuild skips making a file
// whose key is the one the last build recorded for it. What a page's key
// covers is declared: the kind table (pages.Kinds) gives each kind's key
// policy, and reads.go what each kind of subject's page shows besides
// the subject itself.
package keys

import (
	"cmp"
	"encoding/binary"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/sum"
)

// A page key hashes everything a page's bytes depend on, so that a
// rebuild can skip rendering a page whose key is the one the last build
// recorded for it. It is made of:
//
//   - the render key: the program, the build's options, the templates and
//     the static files (asset fingerprints);
//   - what every page shows of the site: its title, address, as-of date,
//     navigation, data set notes and the standalone pages of the footer;
//   - the page's own fields: address, title, description, breadcrumbs,
//     pagers, data set notes, the editor's text and the updates listed
//     as being about its subject;
//   - its subject (a carrier, a facility, ...) whole, and every object the
//     subject links to (its agreements, lots, the winner of each lot,
//     ...) with what those link to in turn one step further, but not their
//     lists of other objects nor the fields named in selfOnly (reads.go):
//     figures that only the object's own page shows (a carrier's share of
//     all awarded capacity, an auction's concentration).
//
// An entity page's key also has its history and "Cite this" line (see
// pages.Release), and a release's page (/changes/<date>/) is keyed by the
// release, a value whose cells are HTML already; the changes list is
// rendered on every build.
//
// A list page (carriers, facilities, ...) has no subject; in its place
// its key has each row it shows, as a table row shows it (see row), and
// the portal's own figures (totals, counts, the lengths of its lists),
// which list pages quote in their introductions. A JSON twin has its
// subject's fields and the own fields of the objects twinReads names. A
// standalone markdown page has only the first three.
//
// The downloads of a data set have a key made of the same first two and
// the bytes of its CSV file. Pages that show the whole data set (home,
// data, search) are rendered on every build and have no key.
type Keys struct {
	global [16]byte
	portal [16]byte // the portal's own figures, for list pages
	mu     sync.Mutex
	// What is hashed of each object so far: in the object, for the model
	// types with a KeyMemo (kept lists those, for Forget), else in sums,
	// by pointer.
	kept []kept
	sums map[any]*model.Hashes
	// number stands for these keys in model.Hashes.Owner.
	number uint64
}

// kept is an object's memo and the hashes these keys kept in it.
type kept struct {
	memo   *model.KeyMemo
	hashes *model.Hashes
}

// numbers numbers each Keys made: no two in a process share one.
var numbers atomic.Uint64

// keyMemo is a model type that keeps its hashes itself.
type keyMemo interface{ Memo() *model.KeyMemo }

// A model.Hashes has room for every kind, and no more.
var (
	_ [model.HashKinds - kinds]struct{}
	_ [kinds - model.HashKinds]struct{}
)

// The kinds of hash of an object.
const (
	own     = iota // the object's own fields; made with all, in one walk
	all            // all its fields (its page's, its twin's, its rows')
	near           // own fields and those of its single links
	subject        // a subject with all its links
	row            // an object as a table row shows it
	kinds
)

// firstPageReads names, for a list whose first page shows more than its
// own rows, what else that page reads: the facilities list charts the
// most concentrated facilities of all, and the states list maps every
// state (all of which fit on its first page today, as there are fewer
// state codes than pages.PerPage).
var firstPageReads = map[string]func(*model.Portal) any{
	"facilities": func(p *model.Portal) any { return p.Facilities },
	"states":     func(p *model.Portal) any { return p.States },
}

// New starts the keys of one build: renderKey names the program, the
// options, the templates and the static files.
func New(renderKey string, site *pages.Site) *Keys {
	h := newBuf()
	fmt.Fprintf(h, "%s\x00%s\x00%s\x00%s\x00%s\x00", renderKey, site.Title, site.BaseURL, site.BasePath, site.AsOf)
	hashValue(h, reflect.ValueOf(site.Manifest), true)
	hashValue(h, reflect.ValueOf(site.Nav), true)
	for _, p := range site.Pages { // the footer links them
		fmt.Fprintf(h, "%q %q\x00", p.URL, p.Title)
	}
	// The footer links the changes when there are releases; which
	// releases there are is on their own pages' keys.
	fmt.Fprintf(h, "releases %t\x00", len(site.Releases) > 0)
	k := &Keys{global: h.sum(), sums: map[any]*model.Hashes{}, number: numbers.Add(1)}
	if site.Portal != nil {
		k.portal = k.portalFigures(site.Portal)
	}
	return k
}

// portalFigures hashes the portal's exported fields that are not
// pointers: its totals and counts, and the lengths of its lists (not
// their members, which list pages key row by row). Of the agreements
// expiring soon it hashes their own fields too. The holders of awarded
// capacity are not in it: list pages quote how many lots the totals
// count, not who holds them (the home page names the largest holder, and
// has no key; a share's carrier id and figures are in Awarded itself).
func (k *Keys) portalFigures(p *model.Portal) [16]byte {
	h := newBuf()
	v := reflect.ValueOf(p).Elem()
	for _, f := range fieldsOf(v.Type()) {
		if fv := v.Field(f.index); f.exported && fv.Kind() != reflect.Pointer {
			hashValue(h, fv, true)
		}
	}
	for _, a := range p.ExpiringSoon {
		o := k.ownOf(a)
		h.Write(o[:])
	}
	return h.sum()
}

// Forget lets go of the hashes kept of the objects keyed so far. Keys
// made after it are the same, made again from the objects, so that an
// object hashed "once per build" (see ownOf, writeRow) is so only while
// a build does not forget: a cold build forgets once it has made every
// key it will ask for, before its pages render.
func (k *Keys) Forget() {
	if k == nil {
		return
	}
	k.mu.Lock()
	for _, e := range k.kept {
		e.memo.Drop(e.hashes)
	}
	k.kept, k.sums = nil, map[any]*model.Hashes{}
	k.mu.Unlock()
}

// Page returns the key of a page, or false for a page made on every
// build. Its kind's key policy (pages.Kinds) says what the key is made of.
func (k *Keys) Page(p *pages.Page) ([16]byte, bool) {
	if k == nil {
		return [16]byte{}, false
	}
	h := newBuf()
	h.Write(k.global[:])
	policy := pages.Always
	if kind := pages.KindOf(p.Kind); kind != nil {
		policy = kind.Key
	}
	switch {
	case policy == pages.Subject && p.Entity != nil && p.Part != "" && p.PartRows != nil:
		// A continuation page shows its subject's own fields and one
		// table: of that, only its rows.
		e := k.allOf(p.Entity)
		h.Write(e[:])
		k.rows(h, reflect.ValueOf(p.Rows(p.Part, p.PartRows)))
	case policy == pages.Subject && p.Entity != nil:
		e := k.subject(p.Entity)
		h.Write(e[:])
	case policy == pages.Rows && p.Entity == nil:
		h.Write(k.portal[:])
		k.rows(h, reflect.ValueOf(p.Items))
		if read := firstPageReads[p.Kind]; read != nil && p.Facet == nil && (p.Pager == nil || p.Pager.Page == 1) {
			if p.Site == nil || p.Site.Portal == nil {
				return [16]byte{}, false
			}
			h.str("first page")
			k.rows(h, reflect.ValueOf(read(p.Site.Portal)))
		}
	case policy == pages.Value:
		// A release's page shows the release alone, a value with no
		// pointers: its cells are HTML already.
		hashValue(h, reflect.ValueOf(p.Entity), true)
	case policy == pages.Text && p.Entity == nil && p.Items == nil:
	default:
		return [16]byte{}, false
	}
	for _, f := range []string{p.Kind, p.URL, p.Title, p.Description, p.NavCurrent, p.JSON, p.Part, strconv.FormatBool(p.Illustrative), string(p.Content), string(p.JSONLD)} {
		h.str(f)
	}
	hashValue(h, reflect.ValueOf(p.Crumbs), true)
	for _, m := range p.Datasets { // their notes are the manifest's, in global
		fmt.Fprintf(h, "%q", m.Name)
	}
	hashValue(h, reflect.ValueOf(p.Pager), true)
	hashValue(h, reflect.ValueOf(p.History), true)
	hashValue(h, reflect.ValueOf(p.Cite), true)
	hashValue(h, reflect.ValueOf(p.Facets), true)
	hashValue(h, reflect.ValueOf(p.Facet), true)
	names := make([]string, 0, len(p.Parts))
	for n := range p.Parts {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		fmt.Fprintf(h, "%q", n)
		hashValue(h, reflect.ValueOf(p.Parts[n]), true)
	}
	if p.Source != nil { // its byline shows the authors and dates
		fmt.Fprintf(h, "%q %q %s %s", p.Source.File, p.Source.Author, p.Source.Date, p.Source.Lastmod)
	}
	relatedKey(h, p.Related)
	return h.sum(), true
}

// rows writes the number of items in a list and each item as row writes it.
func (k *Keys) rows(h *keyBuf, items reflect.Value) {
	if items.Kind() != reflect.Slice {
		h.Write([]byte{0})
		return
	}
	*h = binary.LittleEndian.AppendUint64(*h, uint64(items.Len()))
	for i := range items.Len() {
		k.writeRow(h, items.Index(i))
	}
}

// row writes one row of a table, as tables show it (a list page's, a
// facet's download, a continuation page's): its fields with its lists'
// lengths and its own figures, and what it links to one by one (a lot's
// winner, a facility's state, a carrier's parent), with what those link
// to one by one in turn; not the objects of its lists, which only its
// own page shows. An object's row is hashed once per build, however
// many list pages, facet pages and downloads show it.
func (k *Keys) writeRow(h *keyBuf, v reflect.Value) {
	if v.Kind() != reflect.Pointer || v.IsNil() {
		k.rowOf(h, v, nil)
		return
	}
	r := k.memo(row, v.Interface(), func(h *keyBuf, s *model.Hashes) { k.rowOf(h, v, s) })
	h.Write(r[:])
}

// rowOf writes the row v: its fields, and near of each single link. s is
// v's entry when v is a pointer.
func (k *Keys) rowOf(h *keyBuf, v reflect.Value, s *model.Hashes) {
	if v.Kind() == reflect.Pointer && !v.IsNil() {
		f := k.fields(s, all, v.Interface())
		h.Write(f[:])
	} else {
		hashValue(h, v, true)
	}
	var mem [3]any
	for _, link := range single(mem[:0], v.Interface()) {
		n := k.nearOf(link)
		h.Write(n[:])
	}
}

// Twin returns the key of the JSON twin of subject e, which lists the
// updates about e as related. A twin shows its subject's fields and, of
// the objects twinReads names, their own fields (ids, rows); nothing of
// what those link to.
func (k *Keys) Twin(e any, related []*pages.Update) ([16]byte, bool) {
	if k == nil {
		return [16]byte{}, false
	}
	h := newBuf()
	h.Write([]byte("json\x00"))
	h.Write(k.global[:])
	f := k.allOf(e)
	h.Write(f[:])
	for _, link := range twinShows(e) {
		o := k.ownOf(link)
		h.Write(o[:])
	}
	relatedKey(h, related)
	return h.sum(), true
}

// relatedKey writes what a subject's page and JSON twin show of the
// updates about it: their number, and each one's address, title and date.
func relatedKey(h *keyBuf, related []*pages.Update) {
	*h = binary.LittleEndian.AppendUint64(*h, uint64(len(related)))
	for _, u := range related {
		h.str(u.URL)
		h.str(u.Title)
		h.str(u.Date.String())
	}
}

// Download returns the key of a data set's download at p, made from the
// digest of its CSV file's bytes as they were parsed.
func (k *Keys) Download(p string, digest [32]byte) ([16]byte, bool) {
	if k == nil {
		return [16]byte{}, false
	}
	h := newBuf()
	h.Write(k.global[:])
	h.str(p)
	h.Write(digest[:])
	return h.sum(), true
}

// FacetDownload returns the key of a facet page's download at p: all the
// page's rows (rows, a slice), as a list page keys them.
func (k *Keys) FacetDownload(p string, rows any) ([16]byte, bool) {
	if k == nil {
		return [16]byte{}, false
	}
	h := newBuf()
	h.Write(k.global[:])
	h.str(p)
	k.rows(h, reflect.ValueOf(rows))
	return h.sum(), true
}

// subject hashes a page's subject: all its fields, and near of every
// object it links to.
func (k *Keys) subject(e any) [16]byte {
	return k.memo(subject, e, func(h *keyBuf, s *model.Hashes) {
		f := k.fields(s, all, e)
		h.Write(f[:])
		for _, link := range shows(e) {
			n := k.nearOf(link)
			h.Write(n[:])
		}
	})
}

// nearOf hashes an object as another object's page sees it: its own
// fields, and the own fields of the objects it links to one by one (a
// lot's auction and winner), not its lists.
func (k *Keys) nearOf(p any) [16]byte {
	return k.memo(near, p, func(h *keyBuf, s *model.Hashes) {
		o := k.fields(s, own, p)
		h.Write(o[:])
		var mem [3]any
		for _, link := range single(mem[:0], p) {
			o := k.ownOf(link)
			h.Write(o[:])
		}
	})
}

// allOf hashes all of an object's fields, as its own page shows them
// (the lengths of its lists, not their members): its page, its
// continuation pages, its JSON twin and its rows all start with them.
func (k *Keys) allOf(p any) [16]byte {
	return k.memo(all, p, nil)
}

// ownOf hashes an object's own fields, as another object's page sees
// them: each is hashed once per build, however many pages link to it.
func (k *Keys) ownOf(p any) [16]byte {
	return k.memo(own, p, nil)
}

// memo returns the hash of id of the given kind, writing it with write
// (given id's entry) the first time; own and all are made by fields
// (write is nil). Two goroutines may both compute a hash; they get the
// same result.
func (k *Keys) memo(kind int, id any, write func(*keyBuf, *model.Hashes)) [16]byte {
	s := k.hashesOf(id)
	if key, ok := s.Get(kind); ok {
		return key
	}
	if kind == own || kind == all {
		return k.fields(s, kind, id)
	}
	h := newBuf()
	write(h, s)
	key := h.sum()
	s.Set(kind, key)
	return key
}

// hashesOf returns the entry of id, made empty the first time: in the
// object when it has a KeyMemo, else in sums.
func (k *Keys) hashesOf(id any) *model.Hashes {
	m, ok := id.(keyMemo)
	if !ok || reflect.ValueOf(id).IsNil() {
		k.mu.Lock()
		defer k.mu.Unlock()
		s := k.sums[id]
		if s == nil {
			s = &model.Hashes{Owner: k.number}
			k.sums[id] = s
		}
		return s
	}
	memo := m.Memo()
	for {
		s := memo.Load()
		if s != nil && s.Owner == k.number && s.Of == memo {
			return s
		}
		// Kept and listed under the lock, so that a Forget never misses
		// what these keys kept.
		n := &model.Hashes{Owner: k.number, Of: memo}
		k.mu.Lock()
		if memo.Keep(s, n) {
			k.kept = append(k.kept, kept{memo, n})
			k.mu.Unlock()
			return n
		}
		k.mu.Unlock()
	}
}

// fields returns the own or all hash of id, whose entry is s: both are
// made the first time, by one walk of id's fields.
func (k *Keys) fields(s *model.Hashes, kind int, id any) [16]byte {
	if key, ok := s.Get(kind); ok {
		return key
	}
	a, o := newBuf(), newBuf()
	valueHasher{h: a, own: o, self: true}.walk(reflect.ValueOf(id), true)
	sa, so := a.sum(), o.sum()
	s.Set(all, sa)
	s.Set(own, so)
	if kind == own {
		return so
	}
	return sa
}

// hashValue writes v to h without following pointers to other objects:
// scalars, strings, structs, and slices of values; a slice of pointers
// counts only by its length, and only when self. Fields named in selfOnly are left out
// unless self. The top-level pointer (and embedded ones) is followed.
func hashValue(h *keyBuf, v reflect.Value, self bool) {
	valueHasher{h: h, self: self}.walk(v, true)
}

// valueHasher is hashValue's walk: a method, not a closure, which would
// be made anew on each of the build's hundreds of thousands of calls.
// With own, it writes to own too what a walk without self would write
// (the own and all hashes of an object, in one walk).
type valueHasher struct {
	h    *keyBuf
	own  *keyBuf // nil, or where what a walk without self writes goes too
	self bool
}

func (w valueHasher) num(u uint64) {
	*w.h = binary.LittleEndian.AppendUint64(*w.h, u)
	if w.own != nil {
		*w.own = binary.LittleEndian.AppendUint64(*w.own, u)
	}
}

func (w valueHasher) bytes(b ...byte) {
	*w.h = append(*w.h, b...)
	if w.own != nil {
		*w.own = append(*w.own, b...)
	}
}

func (w valueHasher) text(s string) {
	*w.h = append(*w.h, s...)
	if w.own != nil {
		*w.own = append(*w.own, s...)
	}
}

func (w valueHasher) walk(v reflect.Value, top bool) {
	switch v.Kind() {
	case reflect.Pointer:
		if v.IsNil() {
			w.bytes(0)
			return
		}
		w.bytes(1)
		if top {
			w.walk(v.Elem(), false)
		}
	case reflect.Struct:
		for _, f := range fieldsOf(v.Type()) {
			fv := v.Field(f.index)
			if f.row && !fv.IsNil() {
				// The object's own row, which the model points to
				// rather than copies: hashed as if it were in place.
				fv = fv.Elem()
			}
			switch {
			case f.memo:
			case !f.self:
				w.walk(fv, f.embedded)
			case w.self: // only a walk with self sees it: not own
				valueHasher{h: w.h, self: true}.walk(fv, f.embedded)
			}
		}
	case reflect.Interface:
		if v.IsNil() {
			w.bytes(0)
			return
		}
		w.text(v.Elem().Type().String())
		w.walk(v.Elem(), top)
	case reflect.Slice, reflect.Array:
		w.list(v)
	case reflect.Map:
		w.num(uint64(v.Len()))
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return cmp.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		for _, key := range keys {
			w.walk(key, false)
			w.walk(v.MapIndex(key), false)
		}
	case reflect.String:
		w.num(uint64(v.Len()))
		w.text(v.String())
	case reflect.Bool:
		if v.Bool() {
			w.num(1)
		} else {
			w.num(0)
		}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		w.num(uint64(v.Int()))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		w.num(v.Uint())
	case reflect.Float32, reflect.Float64:
		w.num(math.Float64bits(v.Float()))
	case reflect.Invalid:
		w.bytes(0)
	default:
		// Functions and channels have no bytes to show; hash the type
		// so that a model change is noticed in review, not silently.
		w.text(v.Type().String())
	}
}

// list writes a slice or an array.
func (w valueHasher) list(v reflect.Value) {
	if v.Type().Elem().Kind() == reflect.Pointer {
		// A list of other objects: the subject's own page shows
		// them (see links), no other page does.
		if w.self {
			valueHasher{h: w.h, self: true}.num(uint64(v.Len()))
		}
		return
	}
	w.num(uint64(v.Len()))
	if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
		w.bytes(v.Bytes()...) // a markdown body: not byte by byte
		return
	}
	for i := range v.Len() {
		w.walk(v.Index(i), false)
	}
}

// keyBuf collects the bytes of a key, hashed once at the end: cheaper
// than feeding a hash a few bytes at a time.
type keyBuf []byte

func (b *keyBuf) Write(p []byte) (int, error) {
	*b = append(*b, p...)
	return len(p), nil
}

// str appends a string with its length, so that fields cannot run into
// each other.
func (b *keyBuf) str(s string) {
	*b = binary.LittleEndian.AppendUint64(*b, uint64(len(s)))
	*b = append(*b, s...)
}

// sum returns the key and hands the buffer on to the next newBuf: b is
// not to be used after.
func (b *keyBuf) sum() [16]byte {
	s := sum.Sum128(*b)
	if cap(*b) <= 64<<10 {
		keyBufs.Put(b)
	}
	return s
}

// keyBufs keeps the buffers of keys made: a build makes a key for each of
// its tens of thousands of outputs and objects, most of a few hundred
// bytes, which would each grow a new buffer.
var keyBufs = sync.Pool{New: func() any { return new(keyBuf) }}

// newBuf returns an empty buffer, to be summed once.
func newBuf() *keyBuf {
	b := keyBufs.Get().(*keyBuf)
	*b = (*b)[:0]
	return b
}

// fieldInfo is what hashValue and portalFigures need of a struct field,
// looked up once per type: reflect's Field allocates.
type fieldInfo struct {
	index          int
	self, embedded bool
	twin           bool // twinReads: the JSON twin shows the linked objects
	exported       bool
	memo           bool // the object's KeyMemo: not data, never hashed
	row            bool // the object's own row, embedded by pointer (see isRow)
}

// isRow reports whether f is a model object's own data set row, which the
// model embeds by pointer rather than copying: an embedded pointer to a
// struct of package dataset. Other embedded pointers (an update's
// *content.Page) are walked as before.
func isRow(f reflect.StructField) bool {
	return f.Anonymous && f.Type.Kind() == reflect.Pointer && f.Type.Elem().Kind() == reflect.Struct &&
		f.Type.Elem().PkgPath() == rowPackage
}

// rowPackage is the package of the data sets' row types.
var rowPackage = reflect.TypeFor[dataset.Carrier]().PkgPath()

var fieldCache sync.Map // reflect.Type → []fieldInfo

var keyMemoType = reflect.TypeFor[model.KeyMemo]()

func fieldsOf(t reflect.Type) []fieldInfo {
	if fs, ok := fieldCache.Load(t); ok {
		return fs.([]fieldInfo)
	}
	fs := make([]fieldInfo, t.NumField())
	for i := range fs {
		f := t.Field(i)
		fs[i] = fieldInfo{index: i, self: selfOnly[t][f.Name], twin: twinReads[t][f.Name], embedded: f.Anonymous, exported: f.IsExported(),
			memo: f.Type == keyMemoType, row: isRow(f)}
	}
	fieldCache.Store(t, fs)
	return fs
}
