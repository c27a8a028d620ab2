// Package sum is the one hash a build uses to tell contents apart: the
// manifest's hash of each output file and the keys of what made it.
package sum

import (
	"encoding/binary"

	"github.com/cespare/xxhash/v2"
)

// Sum128 is two 64-bit xxHash (XXH64) sums of data, an unseeded and a
// seeded one, little-endian: a quarter of SHA-256's time on a page, on a
// key's few hundred bytes too (BenchmarkSum128). It tells changes apart,
// not an adversary's collisions: whoever could craft one writes the
// input anyway, and a collision only keeps the last build's file.
func Sum128(data []byte) [16]byte {
	var d xxhash.Digest
	d.ResetWithSeed(seed)
	d.Write(data)
	return join(xxhash.Sum64(data), d.Sum64())
}

// join is the 16 bytes of the unseeded and the seeded sum.
func join(plain, seeded uint64) [16]byte {
	var h [16]byte
	binary.LittleEndian.PutUint64(h[:8], plain)
	binary.LittleEndian.PutUint64(h[8:], seeded)
	return h
}

// seed seeds Sum128's second sum: "portal".
const seed = 0x706f7274616c

// Hash128 is Sum128 written a piece at a time, for inputs read from many
// files: Sum returns Sum128 of all that was written.
type Hash128 struct {
	plain, seeded xxhash.Digest
}

// New returns an empty Hash128.
func New() *Hash128 {
	h := new(Hash128)
	h.plain.Reset()
	h.seeded.ResetWithSeed(seed)
	return h
}

// Write adds p to the sum; it never fails.
func (h *Hash128) Write(p []byte) (int, error) {
	h.plain.Write(p)
	h.seeded.Write(p)
	return len(p), nil
}

// Sum returns the sum of what was written so far.
func (h *Hash128) Sum() [16]byte { return join(h.plain.Sum64(), h.seeded.Sum64()) }
