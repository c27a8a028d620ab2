//go:build unix

package dataset_test

import (
	"syscall"
	"time"
)

// cpuTime returns the CPU time the process has used, which unlike the
// time on the clock does not grow when other processes load the machine.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
