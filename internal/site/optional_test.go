package site

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/testkit"
)

// TestMethodologyIsOptional deletes the editor's methodology page, which
// the templates link, with the update and the sentence of about.md that
// link it,
// and builds: the templates' links go with the page rather than breaking
// the build.
func TestMethodologyIsOptional(t *testing.T) {
	t.Parallel()
	src := testkit.Bundled(t)
	for _, f := range []string{"methodology.md", "updates/illustrative-results.md"} {
		if err := os.Remove(filepath.Join(src, "content", f)); err != nil {
			t.Fatal(err)
		}
	}
	testkit.Edit(t, filepath.Join(src, "content", "about.md"), "See the [methodology](/methodology/)", "See the methodology")
	b := &Build{Src: src, Out: filepath.Join(t.TempDir(), "public"), AsOf: dataset.MustDate("2026-11-25")}
	if _, err := b.Run(context.Background()); err != nil {
		t.Fatalf("a build without content/methodology.md: %v", err)
	}
	for _, page := range []string{"index.html", "states/index.html", "carriers/index.html"} {
		data, err := os.ReadFile(filepath.Join(b.Out, page))
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(data), "methodology/") {
			t.Errorf("%s links the methodology page, which is gone", page)
		}
	}
}
