// Package sum is the one hash a build uses to tell contents apart: the
// manifest's hash of each output file and the keys of what made it.
package sum

import (
	"encoding/binary"

	"github.com/zeebo/xxh3"
)

// Sum128 is the 128-bit XXH3 sum of data, its low half first, each
// little-endian. It is about eight times as fast as the two 64-bit
// xxHash (XXH64) sums it replaced on a page, twice on a key's few hundred
// bytes (BenchmarkSum128), and those were a quarter of SHA-256's time. It
// tells changes apart, not an adversary's collisions: whoever could craft
// one writes the input anyway, and a collision only keeps the last
// build's file.
func Sum128(data []byte) [16]byte { return join(xxh3.Hash128(data)) }

// join is the 16 bytes of a sum.
func join(u xxh3.Uint128) [16]byte {
	var h [16]byte
	binary.LittleEndian.PutUint64(h[:8], u.Lo)
	binary.LittleEndian.PutUint64(h[8:], u.Hi)
	return h
}

// Hash128 is Sum128 written a piece at a time, for inputs read from many
// files: Sum returns Sum128 of all that was written.
type Hash128 struct {
	h xxh3.Hasher
}

// New returns an empty Hash128.
func New() *Hash128 {
	h := new(Hash128)
	h.h.Reset()
	return h
}

// Write adds p to the sum; it never fails.
func (h *Hash128) Write(p []byte) (int, error) {
	h.h.Write(p)
	return len(p), nil
}

// Sum returns the sum of what was written so far.
func (h *Hash128) Sum() [16]byte { return join(h.h.Sum128()) }
