package sum

import (
	"bytes"
	"fmt"
	"testing"
)

// TestSum128: contents that differ in one bit, in their length or only
// in where a run of bytes falls have different sums, and the sum stays
// what it is across releases (a change makes the next build rewrite
// every file once).
func TestSum128(t *testing.T) {
	page := bytes.Repeat([]byte("<p>Amazon won lot 7 at the Dallas NDC.</p>"), 200)
	variants := map[string][]byte{"page": page, "empty": nil}
	one := bytes.Clone(page)
	one[len(one)/2] ^= 1
	variants["one bit flipped"] = one
	variants["one byte longer"] = append(bytes.Clone(page), '\n')
	variants["shifted"] = append([]byte(" "), page[:len(page)-1]...)
	seen := map[[16]byte]string{}
	for name, data := range variants {
		h := Sum128(data)
		if other, ok := seen[h]; ok {
			t.Errorf("%s and %s have one sum %x", name, other, h)
		}
		seen[h] = name
		if Sum128(bytes.Clone(data)) != h {
			t.Errorf("%s: two sums of the same bytes differ", name)
		}
	}
	// XXH3-128 of nothing is low 0x6001c324468d497f, high
	// 0x99aa06d3014798d8 (the reference test vector), each little-endian.
	if got, want := fmt.Sprintf("%x", Sum128(nil)), "7f498d4624c30160d8984701d306aa99"; got != want {
		t.Errorf("Sum128(nil) = %s, want XXH3-128's %s", got, want)
	}
	if got, want := fmt.Sprintf("%x", Sum128([]byte("portal"))), "ed2cf09fe9de2510c575272df312f58c"; got != want {
		t.Errorf("Sum128(%q) = %s, want %s: the manifest's hash changed", "portal", got, want)
	}
}

// TestHash128: written in pieces of any size, a Hash128 sums to Sum128
// of the whole.
func TestHash128(t *testing.T) {
	data := bytes.Repeat([]byte("carrier,facility,lot\n"), 500)
	for _, piece := range []int{1, 7, 31, 32, 33, 1000, len(data)} {
		h := New()
		for rest := data; len(rest) > 0; {
			n := min(piece, len(rest))
			h.Write(rest[:n])
			rest = rest[n:]
		}
		if got, want := h.Sum(), Sum128(data); got != want {
			t.Errorf("written %d bytes at a time: %x, want %x", piece, got, want)
		}
	}
	if New().Sum() != Sum128(nil) {
		t.Error("an empty Hash128 is not Sum128(nil)")
	}
}

func BenchmarkSum128(b *testing.B) {
	page := bytes.Repeat([]byte("<p>Amazon won lot 7 at the Dallas NDC.</p>"), 250)
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		Sum128(page)
	}
}

func BenchmarkSum128Small(b *testing.B) {
	key := bytes.Repeat([]byte("x"), 300) // a page key's input
	b.SetBytes(int64(len(key)))
	for b.Loop() {
		Sum128(key)
	}
}
