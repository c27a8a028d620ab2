//go:build !linux

package outdir

// createBeneath is openat2's one-call file creation, which only Linux
// has: elsewhere files are created through os.Root.
func createBeneath(dirfd int, name string, data []byte) (mtime int64, ok bool, err error) {
	return 0, false, nil
}

// statBeneath is openat2's look at a file beneath a folder, which only
// Linux has: elsewhere files are looked at through os.Root.
func statBeneath(dirfd int, name string) (size, mtime int64, regular, ok bool) {
	return 0, 0, false, false
}
