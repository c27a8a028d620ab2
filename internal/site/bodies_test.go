package site

import (
	"html/template"
	"testing"
	"time"

	"github.com/postal-access/portal/internal/content"
)

// The plan is made while the markdown renders: it must get each body as
// rendered, never before, and an empty one when rendering stopped first.
func TestBodiesWaitForTheirPage(t *testing.T) {
	a, b := &content.Page{File: "content/a.md"}, &content.Page{File: "content/b.md"}
	m := newBodies([]*content.Page{a, b})
	got := make(chan template.HTML)
	go func() {
		html, _ := m.body(b)
		got <- html
	}()
	m.html[0] = "<p>A</p>"
	close(m.ready[0])
	select {
	case html := <-got:
		t.Fatalf("b's body %q before it was rendered", html)
	case <-time.After(20 * time.Millisecond):
	}
	m.html[1] = "<p>B</p>"
	close(m.ready[1])
	if html := <-got; html != "<p>B</p>" {
		t.Errorf("b's body = %q, want <p>B</p>", html)
	}
	if html, _ := m.body(a); html != "<p>A</p>" {
		t.Errorf("a's body = %q, want <p>A</p>", html)
	}

	// Rendering stopped (an error, or the build interrupted): what was
	// rendered stands, the rest is empty, and nothing waits for ever.
	c := &content.Page{File: "content/c.md"}
	m = newBodies([]*content.Page{a, c})
	m.html[0] = "<p>A</p>"
	close(m.ready[0])
	close(m.done)
	if html, _ := m.body(a); html != "<p>A</p>" {
		t.Errorf("after a stop, a's body = %q, want <p>A</p>", html)
	}
	if html, _ := m.body(c); html != "" {
		t.Errorf("after a stop, c's body = %q, want none", html)
	}
}
