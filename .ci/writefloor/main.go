// Command writefloor times the cheapest way this machine writes a finished
// site: every folder and file of src, already read into memory, written
// into a new folder dst by one goroutine per CPU. It is the floor under a
// build's wall time that `cp -r` (one thread, reading as it goes)
// overstates on a machine with more than one core. .ci/compare prints it
// beside the copy floor.
//
//	go run ./.ci/writefloor SRC DST
//
// It syncs before timing, so that what earlier runs left in the page cache
// is not written back on its clock; its own files are left unsynced, as a
// build leaves them. Folders are made a depth at a time, each depth on
// every CPU, then the files.
package main

import (
	"cmp"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"syscall"
	"time"
)

type file struct {
	path string
	data []byte
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: writefloor SRC DST (DST must not exist)")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "writefloor:", err)
		os.Exit(1)
	}
}

func run(src, dst string) error {
	var depths [][]string // folders below dst, by depth
	var files []file
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(src, p)
		if err != nil {
			return err
		}
		switch {
		case d.IsDir():
			depth := 0
			if rel != "." {
				depth = strings.Count(rel, string(filepath.Separator)) + 1
			}
			for len(depths) <= depth {
				depths = append(depths, nil)
			}
			depths[depth] = append(depths[depth], filepath.Join(dst, rel))
		case d.Type().IsRegular():
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			files = append(files, file{filepath.Join(dst, rel), data})
		}
		return nil
	})
	if err != nil {
		return err
	}
	if _, err := os.Lstat(dst); err == nil {
		return fmt.Errorf("%s exists: give a new folder", dst)
	}
	syscall.Sync()

	start, cpu0 := time.Now(), cpuTime()
	for _, level := range depths {
		if err := each(level, func(dir string) error { return os.Mkdir(dir, 0o755) }); err != nil {
			return err
		}
	}
	if err := each(files, func(f file) error { return os.WriteFile(f.path, f.data, 0o644) }); err != nil {
		return err
	}
	wall, cpu := time.Since(start), cpuTime()-cpu0

	folders := 0
	for _, level := range depths {
		folders += len(level)
	}
	fmt.Printf("%d folders and %d files written by %d goroutines in %.2f s, %.2f CPU-s\n",
		folders, len(files), runtime.GOMAXPROCS(0), wall.Seconds(), cpu.Seconds())
	return nil
}

// each calls do for every item, on one goroutine per CPU, each taking a
// run of neighbours (so that two rarely write into one folder at once),
// and returns an error if any failed: the first goroutine's to fail.
func each[T any](items []T, do func(T) error) error {
	n := runtime.GOMAXPROCS(0)
	errs := make([]error, n) // each goroutine's first
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			for _, item := range items[i*len(items)/n : (i+1)*len(items)/n] {
				if errs[i] = do(item); errs[i] != nil {
					return
				}
			}
		})
	}
	wg.Wait()
	return cmp.Or(errs...)
}

// cpuTime is the user and system CPU this process has used so far.
func cpuTime() time.Duration {
	var u syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &u); err != nil {
		return 0
	}
	return time.Duration(u.Utime.Nano() + u.Stime.Nano())
}
