//go:build !unix

package costtest

import "time"

var processStart = time.Now()

// CPUTime returns the time since the process started: without getrusage,
// the clock has to do.
func CPUTime() time.Duration { return time.Since(processStart) }
