package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"runtime/pprof"
	"time"
)

// Profiling for maintainers, kept out of the flags readers see:
// PORTAL_CPUPROFILE=file writes a CPU profile of the whole command, and
// PORTAL_MEMPROFILE=file a heap profile taken near the largest live heap
// (sampled every 100 ms, so a shorter peak can be missed), and
// PORTAL_ALLOCPROFILE=file the heap profile when the command ends, whose
// alloc_space and alloc_objects count everything the command allocated;
// all for go tool pprof.

// startProfiles starts what the environment asks for and returns the
// function that stops it and writes the files.
func startProfiles(stderr io.Writer) (stop func()) {
	var stops []func()
	if name := os.Getenv("PORTAL_CPUPROFILE"); name != "" {
		f, err := os.Create(name)
		if err == nil {
			if err = pprof.StartCPUProfile(f); err != nil {
				f.Close()
			}
		}
		if err != nil {
			fmt.Fprintf(stderr, "portal: PORTAL_CPUPROFILE: %v\n", err)
		} else {
			stops = append(stops, func() { pprof.StopCPUProfile(); f.Close() })
		}
	}
	if name := os.Getenv("PORTAL_MEMPROFILE"); name != "" {
		done, finished := make(chan struct{}), make(chan struct{})
		var best bytes.Buffer
		go func() {
			defer close(finished)
			sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
			var peak uint64
			tick := time.NewTicker(100 * time.Millisecond)
			defer tick.Stop()
			for {
				metrics.Read(sample)
				if live := sample[0].Value.Uint64(); live > peak+peak/20 || best.Len() == 0 {
					peak = live
					best.Reset()
					pprof.Lookup("heap").WriteTo(&best, 0)
				}
				select {
				case <-done:
					return
				case <-tick.C:
				}
			}
		}()
		stops = append(stops, func() {
			close(done)
			<-finished
			if err := os.WriteFile(name, best.Bytes(), 0o644); err != nil {
				fmt.Fprintf(stderr, "portal: PORTAL_MEMPROFILE: %v\n", err)
			}
		})
	}
	if name := os.Getenv("PORTAL_ALLOCPROFILE"); name != "" {
		stops = append(stops, func() {
			// A heap profile counts up to the last collection: one now
			// brings in the allocations since, as go test -memprofile does.
			runtime.GC()
			var all bytes.Buffer
			err := pprof.Lookup("heap").WriteTo(&all, 0)
			if err == nil {
				err = os.WriteFile(name, all.Bytes(), 0o644)
			}
			if err != nil {
				fmt.Fprintf(stderr, "portal: PORTAL_ALLOCPROFILE: %v\n", err)
			}
		})
	}
	return func() {
		for _, s := range stops {
			s()
		}
	}
}
