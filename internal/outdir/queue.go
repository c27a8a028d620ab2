package outdir

import "sync"

// writerGoroutines is how many files may be written at once. Writing is
// mostly waiting on the file system, so more than the number of CPUs.
const writerGoroutines = 8

// queue writes the files handed to it with a few goroutines of its own,
// so that rendering (CPU) and writing (waiting on the disk) overlap; the
// first error stops the build.
type queue struct {
	files chan job
	wg    sync.WaitGroup
	mu    sync.Mutex
	err   error
}

// job is a queued file, and what to call once its bytes are no longer
// needed (nil: nothing).
type job struct {
	File
	done func()
}

// startQueue runs the goroutines that put queued files.
func startQueue(put func(p string, data []byte) error) *queue {
	q := &queue{files: make(chan job, 4*writerGoroutines)}
	for range writerGoroutines {
		q.wg.Go(func() {
			for f := range q.files {
				q.put(put, f)
			}
		})
	}
	return q
}

// put puts one queued file, unless an earlier one failed.
func (q *queue) put(put func(p string, data []byte) error, f job) {
	if f.done != nil {
		defer f.done()
	}
	if q.failed() != nil {
		return // drain after a failure
	}
	if err := put(f.Path, f.Data); err != nil {
		q.mu.Lock()
		if q.err == nil {
			q.err = err
		}
		q.mu.Unlock()
	}
}

func (q *queue) failed() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

func (q *queue) enqueue(p string, data []byte, done func()) error {
	if err := q.failed(); err != nil {
		if done != nil {
			done()
		}
		return err
	}
	q.files <- job{File{Path: p, Data: data}, done}
	return nil
}

func (q *queue) flush() error {
	close(q.files)
	q.wg.Wait()
	return q.failed()
}
