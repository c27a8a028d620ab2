package main

import (
	"math"
	"runtime"
	"runtime/debug"
	"testing"
	"time"
)

// gcPercent reads the current GOGC setting.
func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// TestCollectLessWhileSmall checks that a build collects garbage only at
// roomyHeap (GOGC off, a memory limit) while its live heap is small, and
// at GOGC=tightPercent with no limit once it is not.
func TestCollectLessWhileSmall(t *testing.T) {
	if 160*(100+tightPercent)/100 <= roomyHeap>>20 {
		t.Fatal("160 MiB and tightPercent more fit in roomyHeap: grow the live heap below")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	stop := collectLessWhileSmall()
	defer stop()
	runtime.GC()
	time.Sleep(100 * time.Millisecond)
	if p := gcPercent(); p != -1 {
		t.Fatalf("with a small heap GOGC is %d, want -1 (off)", p)
	}
	if l := debug.SetMemoryLimit(-1); l != roomyHeap {
		t.Fatalf("with a small heap the memory limit is %d, want %d", l, roomyHeap)
	}
	live := make([][]byte, 0, 160)
	for range 160 { // 160 MiB: tightPercent more is more than roomyHeap
		live = append(live, make([]byte, 1<<20))
	}
	runtime.GC()
	deadline := time.Now().Add(5 * time.Second)
	for gcPercent() != tightPercent && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if p := gcPercent(); p != tightPercent {
		t.Errorf("with a live heap of %d MiB GOGC is %d, want %d", len(live), p, tightPercent)
	}
	if l := debug.SetMemoryLimit(-1); l != math.MaxInt64 {
		t.Errorf("with a live heap of %d MiB the memory limit is %d, want none", len(live), l)
	}
	runtime.KeepAlive(live)
}

// TestCollectLessWhileSmallStops: stopping puts back the settings a
// process had, so that a second build in it starts from them.
func TestCollectLessWhileSmallStops(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(75))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(1 << 40))
	stop := collectLessWhileSmall()
	if p := gcPercent(); p != -1 {
		t.Errorf("while building GOGC is %d, want -1 (off)", p)
	}
	stop()
	if p := gcPercent(); p != 75 {
		t.Errorf("after the build GOGC is %d, want 75 as before", p)
	}
	if l := debug.SetMemoryLimit(-1); l != 1<<40 {
		t.Errorf("after the build the memory limit is %d, want %d as before", l, 1<<40)
	}
}
