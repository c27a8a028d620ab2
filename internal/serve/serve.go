// Package serve is the editors' live preview: it builds the site in
// memory, serves it over HTTP, watches the sources and rebuilds on change,
// and tells open pages to reload (or shows the errors over the page) via
// Server-Sent Events. It uses package site and never the reverse.
package serve

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/postal-access/portal/internal/diag"
	"github.com/postal-access/portal/internal/site"
)

// Prefix is the URL path under which the dev server's own endpoints live.
const Prefix = "/__portal/"

// Server is one live-preview session.
type Server struct {
	// Build is the build to run on every change; Out is ignored (nothing is
	// written to disk) and BaseURL is set to the server's own address.
	Build site.Build
	// Addr is the host:port to listen on.
	Addr string
	// Poll, when positive, checks the sources for changes at this interval
	// instead of relying on file system events.
	Poll time.Duration
	// Quiet is how long the sources must stay unchanged before a rebuild
	// (50 ms if zero): long enough to take an editor's save, written and
	// renamed within a few milliseconds, as one change.
	Quiet time.Duration
	// Log receives one line per rebuild.
	Log io.Writer
	// Progress, when set, starts a progress indicator for one build and
	// returns the function the build reports to and one that ends it.
	Progress func() (update func(phase string, done, total int), finish func())

	mu      sync.RWMutex
	files   map[string][]byte // the last good build
	errs    diag.List         // problems of the last build, empty when it succeeded
	errText string
	version int
	subs    map[chan event]bool
	ready   chan struct{} // closed after the first build

	build   sync.Mutex // one build at a time
	session site.Session
}

type event struct {
	name, data string
}

func (s *Server) logf(format string, args ...any) {
	if s.Log != nil {
		fmt.Fprintf(s.Log, format+"\n", args...)
	}
}

// Listen opens the listening socket, so that callers (and tests) know the
// address before Serve starts.
func (s *Server) Listen() (net.Listener, error) {
	ln, err := net.Listen("tcp", s.Addr)
	if err != nil {
		return nil, err
	}
	host, _, _ := net.SplitHostPort(ln.Addr().String())
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		s.logf("WARNING: listening on %s, which other machines can reach: the preview includes drafts; use --addr 127.0.0.1:PORT to keep it local", ln.Addr())
	}
	return ln, nil
}

// Serve builds the site, serves it on ln and rebuilds on every change to
// the sources until ctx is done. It returns nil on a clean shutdown.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	s.init()
	s.Build.Out = ""
	s.Build.BaseURL = "http://" + ln.Addr().String() + "/"
	s.Build.Preview = true
	s.Build.Log = nil
	// The sources are watched from before the first build: a file saved
	// while it runs, or just after it, before the watching would
	// otherwise have started, is rebuilt too.
	w, err := newWatcher(s.Build.Src, site.SourceDirs, s.Build.IgnorePatterns(), s.Poll)
	if err != nil {
		return fmt.Errorf("watching %s: %w", s.Build.Src, err)
	}
	defer w.Close()
	s.rebuild(ctx, "start")

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	watching := make(chan struct{})
	go func() {
		defer close(watching)
		w.run(ctx, s.quiet(), func(changed []string) { s.rebuild(ctx, describe(changed)) }, func(err error) { s.logf("watch: %v", err) })
	}()

	srv := &http.Server{Handler: s, ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	s.logf("serving %s on %s (Ctrl-C to stop)", s.Build.Src, s.Build.BaseURL)
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	s.closeSubscribers()
	shutdown, stop := context.WithTimeout(context.Background(), 3*time.Second)
	defer stop()
	err = srv.Shutdown(shutdown)
	// Stop watching and let a rebuild under way see the cancellation and
	// finish, so that nothing of the server outlives Serve.
	cancel()
	<-watching
	s.build.Lock()
	s.build.Unlock()
	if err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	return nil
}

func (s *Server) quiet() time.Duration {
	if s.Quiet > 0 {
		return s.Quiet
	}
	return 50 * time.Millisecond
}

func (s *Server) init() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.subs == nil {
		s.subs = map[chan event]bool{}
		s.ready = make(chan struct{})
	}
}

func describe(changed []string) string {
	if len(changed) == 1 {
		return changed[0]
	}
	if len(changed) > 3 {
		return fmt.Sprintf("%s and %d more", strings.Join(changed[:3], ", "), len(changed)-3)
	}
	return strings.Join(changed, ", ")
}

// rebuild runs the build; on success it swaps in the new files and tells
// open pages to reload, on failure it keeps the last good site and tells
// open pages to show the errors.
func (s *Server) rebuild(ctx context.Context, why string) {
	s.build.Lock()
	defer s.build.Unlock()
	b := s.Build
	finish := func() {}
	if s.Progress != nil {
		b.Progress, finish = s.Progress()
	}
	files, res, err := b.GenerateSession(ctx, &s.session)
	finish()
	if ctx.Err() != nil {
		return
	}
	s.mu.Lock()
	first := s.files == nil && s.errs == nil
	var ev event
	if err != nil {
		var ie *site.InputError
		if errors.As(err, &ie) {
			s.errs = ie.List
		} else {
			s.errs = diag.List{{Msg: err.Error()}}
		}
		s.errText = s.errs.Format(50)
		ev = event{"build-error", strings.TrimRight(s.errText, "\n")}
		if s.files == nil {
			s.logf("rebuild after %s failed:\n%s\nno site to serve yet: fix the errors above; the preview will load by itself", why, strings.TrimRight(s.errText, "\n"))
		} else {
			s.logf("rebuild after %s failed; still serving the last good site:\n%s", why, strings.TrimRight(s.errText, "\n"))
		}
	} else {
		m := make(map[string][]byte, len(files))
		for _, f := range files {
			m[f.Path] = f.Data
		}
		s.files, s.errs, s.errText = m, nil, ""
		s.version++
		ev = event{"reload", fmt.Sprint(s.version)}
		s.logf("rebuilt after %s: %d pages rendered in %s", why, res.Rendered, res.Duration.Round(time.Millisecond))
	}
	for ch := range s.subs {
		select {
		case ch <- ev:
		default: // a slow client misses an event; it gets the next one
		}
	}
	s.mu.Unlock()
	if first {
		close(s.ready)
	}
}

func (s *Server) closeSubscribers() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for ch := range s.subs {
		close(ch)
		delete(s.subs, ch)
	}
}

// ServeHTTP serves the last good build from memory, the live-reload
// script and the event stream. It never reads the disk, so no request
// can reach a file outside the built site.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case Prefix + "events":
		s.events(w, r)
		return
	case Prefix + "live.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		io.WriteString(w, liveJS)
		return
	}
	s.mu.RLock()
	files, errText := s.files, s.errText
	s.mu.RUnlock()
	status, name, data, redirect := find(files, errText, r.URL.Path)
	switch {
	case redirect != "":
		http.Redirect(w, r, redirect, http.StatusMovedPermanently)
		return
	case status == 0:
		http.NotFound(w, r)
		return
	}
	ctype := mime.TypeByExtension(path.Ext(name))
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	if strings.HasPrefix(ctype, "text/html") {
		data = inject(data)
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	if r.Method == http.MethodGet {
		w.Write(data)
	}
}

// find picks the answer to a request for urlPath: a file of the last good
// build, a redirect, the site's 404 page, or, while no build has succeeded,
// the errors as a page that turns into the site once the sources are fixed.
// A zero status means nothing answers.
func find(files map[string][]byte, errText, urlPath string) (status int, name string, data []byte, redirect string) {
	if files == nil {
		return http.StatusServiceUnavailable, "build-failed.html", errorPage(errText), ""
	}
	name, redirect = resolve(files, urlPath)
	if redirect != "" {
		return 0, "", nil, redirect
	}
	if data, ok := files[name]; ok {
		return http.StatusOK, name, data, ""
	}
	if data, ok := files["404.html"]; ok {
		return http.StatusNotFound, "404.html", data, ""
	}
	return 0, "", nil, ""
}

// resolve maps a URL path to a file of the build: "/carriers/" to
// "carriers/index.html". A folder asked for without its slash redirects.
func resolve(files map[string][]byte, urlPath string) (name, redirect string) {
	p := path.Clean("/" + urlPath)
	rel := strings.TrimPrefix(p, "/")
	if strings.HasSuffix(urlPath, "/") || rel == "" {
		if rel == "" {
			return "index.html", ""
		}
		return rel + "/index.html", ""
	}
	if _, ok := files[rel]; ok {
		return rel, ""
	}
	if _, ok := files[rel+"/index.html"]; ok {
		return "", p + "/"
	}
	return rel, ""
}

// inject adds the live-reload script to a page. Built output never has it.
func inject(page []byte) []byte {
	tag := []byte(`<script src="` + Prefix + `live.js" defer></script>`)
	i := bytes.LastIndex(page, []byte("</head>"))
	if i < 0 {
		i = bytes.LastIndex(page, []byte("</body>"))
	}
	if i < 0 {
		return append(page, tag...)
	}
	out := make([]byte, 0, len(page)+len(tag))
	out = append(out, page[:i]...)
	out = append(out, tag...)
	return append(out, page[i:]...)
}

// events streams reload and error events to one page.
func (s *Server) events(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan event, 4)
	s.mu.Lock()
	s.subs[ch] = true
	hello := event{"hello", fmt.Sprint(s.version)}
	if s.errText != "" {
		hello = event{"build-error", strings.TrimRight(s.errText, "\n")}
	}
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		if s.subs[ch] {
			delete(s.subs, ch)
		}
		s.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusOK)
	send := func(ev event) error {
		var b strings.Builder
		b.WriteString("event: " + ev.name + "\n")
		for _, line := range strings.Split(ev.data, "\n") {
			b.WriteString("data: " + line + "\n")
		}
		b.WriteString("\n")
		if _, err := io.WriteString(w, b.String()); err != nil {
			return err
		}
		flusher.Flush()
		return nil
	}
	if send(hello) != nil {
		return
	}
	keepalive := time.NewTicker(20 * time.Second)
	defer keepalive.Stop()
	for {
		select {
		case ev, ok := <-ch:
			if !ok || send(ev) != nil {
				return
			}
		case <-keepalive.C:
			if _, err := io.WriteString(w, ": keepalive\n\n"); err != nil {
				return
			}
			flusher.Flush()
		case <-r.Context().Done():
			return
		}
	}
}

// Ready is closed once the first build has finished, good or bad.
func (s *Server) Ready() <-chan struct{} {
	s.init()
	return s.ready
}
