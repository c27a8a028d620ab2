// Package costtest measures what a call costs, for tests that hold the
// loaders to bounds on hostile input: CPU time, which unlike the time on
// the clock does not grow when other processes load the machine, and
// bytes allocated in all.
package costtest

import (
	"runtime"
	"testing"
	"time"
)

// Measure runs f and returns the CPU time it took and how many bytes it
// allocated in all (TotalAlloc, which unlike HeapAlloc does not depend on
// when the collector last ran).
func Measure(f func()) (time.Duration, uint64) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := CPUTime()
	f()
	elapsed := CPUTime() - start
	runtime.ReadMemStats(&after)
	return elapsed, after.TotalAlloc - before.TotalAlloc
}

// Within fails the test when a call took more than maxTime of CPU time or
// allocated more than maxAlloc bytes. Under the race detector the bounds
// are twice the memory and ten times the time: it drops some of what a
// sync.Pool is given, so that pooled memory is allocated again, and
// slows every call.
func Within(t testing.TB, call string, elapsed time.Duration, alloc uint64, maxTime time.Duration, maxAlloc uint64) {
	t.Helper()
	if race {
		maxTime, maxAlloc = 10*maxTime, 2*maxAlloc
	}
	t.Logf("%s: %v of CPU time, %.1f MiB allocated", call, elapsed.Round(time.Millisecond), float64(alloc)/(1<<20))
	if elapsed > maxTime {
		t.Errorf("%s took %v of CPU time, want at most %v", call, elapsed, maxTime)
	}
	if alloc > maxAlloc {
		t.Errorf("%s allocated %d MiB, want at most %d MiB", call, alloc>>20, maxAlloc>>20)
	}
}
