//go:build !linux

package outdir

import "errors"

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

// dirBeneath, renameBetween, folderInTheWay and closeFD are commit's
// renames between descriptors, which only Linux has (see mover):
// elsewhere files are moved into place through os.Root.
func dirBeneath(dirfd int, name string) (fd int, ok bool, err error) { return -1, false, nil }

func renameBetween(fromfd int, from string, tofd int, to string) error {
	return errors.ErrUnsupported
}

func folderInTheWay(err error) bool { return false }

func closeFD(fd int) {}
