//go:build !unix

package dataset_test

import "time"

var processStart = time.Now()

// cpuTime returns the time since the tests started: without getrusage,
// the clock has to do.
func cpuTime() time.Duration { return time.Since(processStart) }
