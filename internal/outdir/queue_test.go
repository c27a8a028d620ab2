package outdir

import (
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
		if err := q.enqueue(fmt.Sprintf("p%d.html", i), []byte("page")); err != nil {
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
