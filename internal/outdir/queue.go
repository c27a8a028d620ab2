package outdir

import "sync"

// writerGoroutines is how many files may be written at once. Writing is
// mostly waiting on the file system, so more than the number of CPUs.
const writerGoroutines = 8

// queue writes the files handed to it with a few goroutines of its own,
// so that rendering (CPU) and writing (waiting on the disk) overlap; the
// first error stops the build.
type queue struct {
	files chan File
	wg    sync.WaitGroup
	mu    sync.Mutex
	err   error
}

// startQueue runs the goroutines that put queued files.
func startQueue(put func(p string, data []byte) error) *queue {
	q := &queue{files: make(chan File, 4*writerGoroutines)}
	for range writerGoroutines {
		q.wg.Go(func() {
			for f := range q.files {
				if q.failed() != nil {
					continue // drain after a failure
				}
				if err := put(f.Path, f.Data); err != nil {
					q.mu.Lock()
					if q.err == nil {
						q.err = err
					}
					q.mu.Unlock()
				}
			}
		})
	}
	return q
}

func (q *queue) failed() error {
	q.mu.Lock()
	defer q.mu.Unlock()
	return q.err
}

func (q *queue) enqueue(p string, data []byte) error {
	if err := q.failed(); err != nil {
		return err
	}
	q.files <- File{Path: p, Data: data}
	return nil
}

func (q *queue) flush() error {
	close(q.files)
	q.wg.Wait()
	return q.failed()
}
