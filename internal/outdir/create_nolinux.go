//go:build !linux

package outdir

// createBeneath is openat2's one-call file creation, which only Linux
// has: elsewhere files are created through os.Root.
func createBeneath(dirfd int, name string, data []byte) (mtime int64, ok bool, err error) {
	return 0, false, nil
}
