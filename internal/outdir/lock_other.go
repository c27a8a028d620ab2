//go:build !(unix && !aix) && !windows

package outdir

import (
	"errors"
	"io/fs"
	"os"
)

// tryLock creates a file beside f that only one build can create: on
// these systems portal has no lock the system drops for it. A build that
// was killed leaves the file behind, and the next build is refused until
// someone deletes it.
func tryLock(f *os.File) error {
	held, err := os.OpenFile(f.Name()+".held", os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return errBusy
	}
	if err != nil {
		return err
	}
	return held.Close()
}

func unlock(f *os.File) { _ = os.Remove(f.Name() + ".held") }
