//go:build unix

package outdir

import (
	"os"
	"syscall"
)

// createFlags open a new staged file. O_NONBLOCK, which a regular file
// ignores, spares the four fcntl calls with which os would set it and,
// the poller taking no regular file, clear it again: a build opens a
// file per output.
const createFlags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC | syscall.O_NONBLOCK
