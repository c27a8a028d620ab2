package outdir

// Page keys: a file's key sums up everything it was made from (see the
// internal/keys). The records keep each file's key, so that a
// rebuild need not render a file whose key is unchanged.

// Reuse reports whether the file at p was made by the last build from
// inputs with this key and is still on disk as that build left it (as
// Intact found every file, or as it is now); it then counts as written
// by this build, unchanged, and needs no rendering.
func (w *Writer) Reuse(p string, key [16]byte) bool {
	old, ok := w.last.files[p]
	if oldKey, known := w.last.keys[p]; !ok || !known || oldKey != key {
		return false
	}
	if !w.intact && !w.stage.intact(p, old) {
		return false
	}
	w.mu.Lock()
	w.next.files[p] = old
	w.next.keys[p] = key
	w.stats.Unchanged++
	w.stats.Reused++
	w.mu.Unlock()
	return true
}

// Warm reports whether the last build left page keys to reuse.
func (w *Writer) Warm() bool { return len(w.last.keys) > 0 }

// Record remembers the key of a file this build renders, for the next.
func (w *Writer) Record(p string, key [16]byte) {
	w.mu.Lock()
	w.next.keys[p] = key
	w.mu.Unlock()
}
