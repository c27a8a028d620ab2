//go:build linux

package outdir

import (
	"errors"
	"io/fs"
	"os"
	"sync/atomic"

	"golang.org/x/sys/unix"
)

// beneathFailed is set once openat2 is found missing (Linux before 5.6)
// or refused (a seccomp filter): files are then created through os.Root.
var beneathFailed atomic.Bool

// createBeneath creates the file name, a relative path below the folder
// dirfd, writes data to it and returns its modification time, in four
// system calls (openat2, write, fstat, close). os.Root would open every
// folder on name's path and close it again, and the os package would try
// to register the file with the poller: three more a file, two thirds of
// a cold build's file system calls. RESOLVE_BENEATH and
// RESOLVE_NO_SYMLINKS give os.Root's promise in the one call: no
// component of name may leave dirfd or be a symbolic link. ok is false
// when openat2 cannot be used; nothing was created then.
func createBeneath(dirfd int, name string, data []byte) (mtime int64, ok bool, err error) {
	fd, usable, err := openBeneath(dirfd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_TRUNC|unix.O_CLOEXEC, 0o644)
	if !usable {
		return 0, false, nil
	}
	if err != nil {
		return 0, true, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	for rest := data; len(rest) > 0; {
		n, err := unix.Write(fd, rest)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			unix.Close(fd)
			return 0, true, &fs.PathError{Op: "write", Path: name, Err: err}
		}
		rest = rest[n:]
	}
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		unix.Close(fd)
		return 0, true, &fs.PathError{Op: "stat", Path: name, Err: err}
	}
	if err := unix.Close(fd); err != nil {
		return 0, true, &fs.PathError{Op: "close", Path: name, Err: err}
	}
	return st.Mtim.Nano(), true, nil
}

// statBeneath reports what the last build's file name, a relative path
// below the folder dirfd, is now: whether it is a regular file, and its
// size and modification time. It takes three system calls (openat2 of a
// path-only descriptor, fstat, close), where os.Root's Lstat opens and
// closes every folder on the path: a rebuild with nothing changed looks
// at every file. A symbolic link anywhere on the path, or a file that is
// not there, is not regular. ok is false when openat2 cannot be used.
func statBeneath(dirfd int, name string) (size, mtime int64, regular, ok bool) {
	fd, usable, err := openBeneath(dirfd, name, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
	if !usable {
		return 0, 0, false, false
	}
	if err != nil {
		return 0, 0, false, true
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return 0, 0, false, true
	}
	return st.Size, st.Mtim.Nano(), st.Mode&unix.S_IFMT == unix.S_IFREG, true
}

// openBeneath opens name, a relative path below the folder dirfd, with
// flags and mode, in one openat2 call: no component of name may leave
// dirfd or be a symbolic link (RESOLVE_BENEATH, RESOLVE_NO_SYMLINKS).
// usable is false when openat2 cannot be used (Linux before 5.6, or a
// seccomp filter that refuses it), from then on for the process.
func openBeneath(dirfd int, name string, flags, mode uint64) (fd int, usable bool, err error) {
	if beneathFailed.Load() {
		return -1, false, nil
	}
	how := unix.OpenHow{Flags: flags, Mode: mode, Resolve: unix.RESOLVE_BENEATH | unix.RESOLVE_NO_SYMLINKS | unix.RESOLVE_NO_MAGICLINKS}
	for {
		fd, err = unix.Openat2(dirfd, name, &how)
		if err != unix.EINTR {
			break
		}
	}
	if errors.Is(err, unix.ENOSYS) || errors.Is(err, unix.EPERM) {
		beneathFailed.Store(true)
		return -1, false, nil
	}
	return fd, true, err
}

// dirBeneath opens the folder name, a relative path below the folder
// dirfd ("." for dirfd's own), as a path-only descriptor to rename files
// into: no component of name may leave dirfd or be a symbolic link, and
// the last must be a folder. ok is false when openat2 cannot be used.
func dirBeneath(dirfd int, name string) (fd int, ok bool, err error) {
	return openBeneath(dirfd, name, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
}

// renameBetween renames from, in the folder fromfd, to to, in the folder
// tofd: a file over the one there, if any.
func renameBetween(fromfd int, from string, tofd int, to string) error {
	for {
		err := unix.Renameat(fromfd, from, tofd, to)
		if err != unix.EINTR {
			return os.NewSyscallError("renameat", err)
		}
	}
}

// folderInTheWay reports a rename of a file refused because a folder is
// where it goes.
func folderInTheWay(err error) bool { return errors.Is(err, unix.EISDIR) }

func closeFD(fd int) { unix.Close(fd) }
