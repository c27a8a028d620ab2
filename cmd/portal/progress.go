package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// isTerminal reports whether w is a terminal, where a progress line that
// rewrites itself makes sense.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progressLine shows one line that rewrites itself, but only once the
// work has taken longer than a second: quick builds print nothing extra.
type progressLine struct {
	w     io.Writer
	start time.Time
	mu    sync.Mutex
	phase string
	done  int
	total int
	shown bool
	stop  chan struct{}
	wg    sync.WaitGroup
}

func startProgress(w io.Writer) *progressLine {
	p := &progressLine{w: w, start: time.Now(), stop: make(chan struct{})}
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		t := time.NewTicker(100 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-p.stop:
				return
			case <-t.C:
				if time.Since(p.start) > time.Second {
					p.draw()
				}
			}
		}
	}()
	return p
}

func (p *progressLine) update(phase string, done, total int) {
	p.mu.Lock()
	p.phase, p.done, p.total = phase, done, total
	p.mu.Unlock()
}

func (p *progressLine) draw() {
	p.mu.Lock()
	defer p.mu.Unlock()
	line := p.phase
	if p.total > 0 {
		line = fmt.Sprintf("%s %d/%d (%d%%)", p.phase, p.done, p.total, 100*p.done/p.total)
	}
	fmt.Fprintf(p.w, "\r\033[K%s… %s", line, time.Since(p.start).Round(100*time.Millisecond))
	p.shown = true
}

// finish stops the ticker and clears the line.
func (p *progressLine) finish() {
	close(p.stop)
	p.wg.Wait()
	if p.shown {
		fmt.Fprint(p.w, "\r\033[K")
	}
}
