package model

import (
	"sync"
	"sync/atomic"
)

// HashKinds is how many kinds of hash Hashes holds: package keys' kinds,
// which it checks.
const HashKinds = 5

// Hashes are the hashes package keys has made of one object during one
// build, by kind. Each kind is made once and then never written again,
// so that a reader who sees it made reads it without a lock.
type Hashes struct {
	// Owner is the number of the keys that made them (a number, not a
	// pointer, which would keep a build's keys alive as long as the
	// model), and Of is the KeyMemo they were kept in: a model struct
	// copied after its hashes were made carries its original's, which
	// are then not its own.
	Owner uint64
	Of    *KeyMemo
	made  atomic.Uint32 // bit i: Sum(i) is made
	mu    sync.Mutex    // for Set
	sum   [HashKinds][16]byte
}

// Get returns the hash of kind, if made.
func (h *Hashes) Get(kind int) ([16]byte, bool) {
	if h.made.Load()&(1<<kind) == 0 {
		return [16]byte{}, false
	}
	return h.sum[kind], true
}

// Set records the hash of kind, unless it is made already (two
// goroutines may both make it; they make the same).
func (h *Hashes) Set(kind int, sum [16]byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.made.Load()&(1<<kind) != 0 {
		return
	}
	h.sum[kind] = sum
	h.made.Or(1 << kind)
}

// KeyMemo is where package keys keeps an object's Hashes, in the object:
// a build makes the keys of a hundred thousand pages from the hashes of
// a few hundred thousand objects, and looking each up in a map, under a
// lock, took a third of the time the keys took. It is not data: no page
// shows it, and keys leaves it out of every hash. The zero value is
// empty.
type KeyMemo struct{ p atomic.Pointer[Hashes] }

// Memo returns m itself: the model types that embed a KeyMemo have this
// method, by which keys finds it.
func (m *KeyMemo) Memo() *KeyMemo { return m }

// Load returns the hashes kept, or nil.
func (m *KeyMemo) Load() *Hashes { return m.p.Load() }

// Keep keeps h in place of old (what Load returned), and reports
// whether it did: not when another goroutine kept others since.
func (m *KeyMemo) Keep(old, h *Hashes) bool { return m.p.CompareAndSwap(old, h) }

// Drop lets go of h, if it is what m keeps: another build's keys may
// have kept their own since.
func (m *KeyMemo) Drop(h *Hashes) { m.p.CompareAndSwap(h, nil) }
