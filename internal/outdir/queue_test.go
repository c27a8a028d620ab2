package outdir

import (
	"errors"
	"fmt"
	"sync/atomic"
	"testing"
	"time"
)

// TestQueueBoundsWaitingFiles: when the disk is slower than rendering,
// Enqueue waits, so that the files handed over but not yet written (each
// holding its bytes) stay few, however many are rendered.
func TestQueueBoundsWaitingFiles(t *testing.T) {
	t.Parallel()
	var handed, written atomic.Int64
	most := int64(0)
	q := startQueue(func(p string, data []byte) error {
		time.Sleep(time.Millisecond) // a slow disk
		written.Add(1)
		return nil
	})
	for i := range 400 {
		if err := q.enqueue(fmt.Sprintf("p%d.html", i), []byte("page"), nil); err != nil {
			t.Fatal(err)
		}
		waiting := handed.Add(1) - written.Load()
		most = max(most, waiting)
	}
	if err := q.flush(); err != nil {
		t.Fatal(err)
	}
	// A few dozen: the queue's buffer, one in each writer's hands and the
	// one just handed over; not the hundreds rendered.
	const limit = 64
	if most > limit {
		t.Errorf("up to %d files waited to be written, want at most %d", most, limit)
	}
	if written.Load() != 400 {
		t.Errorf("%d files written, want 400", written.Load())
	}
}

// TestQueueHandsBytesBack: done is called once for every file enqueued
// with it, after the file is put, also when a write failed and the rest
// are dropped, and when enqueue itself refuses after a failure: a page's
// memory goes back to the build whatever happens.
func TestQueueHandsBytesBack(t *testing.T) {
	t.Parallel()
	for _, failAt := range []int{-1, 0, 37} {
		var puts, dones atomic.Int64
		q := startQueue(func(p string, data []byte) error {
			if puts.Add(1)-1 == int64(failAt) {
				return errors.New("disk full")
			}
			return nil
		})
		refused := 0
		for i := range 200 {
			err := q.enqueue(fmt.Sprintf("p%d.html", i), []byte("page"), func() {
				dones.Add(1)
			})
			if err != nil {
				refused++
			}
		}
		err := q.flush()
		if (err != nil) != (failAt >= 0) {
			t.Errorf("fail at %d: flush = %v", failAt, err)
		}
		if dones.Load() != 200 {
			t.Errorf("fail at %d: done called %d times for 200 files (%d refused)", failAt, dones.Load(), refused)
		}
		if failAt < 0 && puts.Load() != 200 {
			t.Errorf("no failure: %d files put, want 200", puts.Load())
		}
	}
}
