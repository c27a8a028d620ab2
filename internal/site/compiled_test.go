package site

import (
	"bytes"
	"context"
	"os"
	"runtime"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/render"
	"github.com/postal-access/portal/internal/testkit"
)

// TestCompiledTemplates holds the compiled templates (package fastexec) to
// html/template's output on every page of the bundled portal and of a
// generated corpus, and checks that they, not html/template, ran the
// pages: only the first page of each kind goes through html/template,
// which escapes the templates before they are compiled.
func TestCompiledTemplates(t *testing.T) {
	t.Parallel()
	if !render.FastExec {
		t.Skip("PORTAL_FASTEXEC=0: compiled templates are off")
	}
	for _, tc := range []struct {
		name string
		src  func(t *testing.T) string
	}{
		{"bundled", func(*testing.T) string { return "../.." }},
		{"corpus", func(t *testing.T) string { return testkit.Corpus(t, 1, 7) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			src := tc.src(t)
			b := &Build{Src: src, FS: os.DirFS(src), AsOf: dataset.MustDate("2026-11-25"), Limits: dataset.DefaultLimits}
			s := new(Session)
			_, res, err := b.GenerateSession(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			// The first pages of a kind may start on every CPU at once.
			compiled, interpreted, handed := s.tmpl.Executions()
			if first := int64(len(s.tmpl.Kinds()) * runtime.GOMAXPROCS(0)); handed > 0 || interpreted > first {
				t.Errorf("%d pages ran compiled and %d through html/template, %d of them handed over; want all but the first of each kind compiled", compiled, interpreted, handed)
			}
			var fast, slow bytes.Buffer
			for _, p := range res.plan {
				fast.Reset()
				slow.Reset()
				if err := s.tmpl.Execute(&fast, p.Kind, p); err != nil {
					t.Fatalf("%s: %v", p.URL, err)
				}
				if err := s.tmpl.ExecuteInterpreted(&slow, p.Kind, p); err != nil {
					t.Fatalf("%s: %v", p.URL, err)
				}
				if !bytes.Equal(fast.Bytes(), slow.Bytes()) {
					t.Errorf("%s: compiled templates write\n%s\nhtml/template writes\n%s", p.URL, fast.Bytes(), slow.Bytes())
				}
			}
		})
	}
}
