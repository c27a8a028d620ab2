//go:build !unix

package outdir

import "os"

// createFlags open a new staged file.
const createFlags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
