package site

import (
	"errors"
	"runtime/pprof"
	"strings"
	"testing"
)

// TestExecuteLabelled: while a page's template runs, its goroutine carries
// the label template=kind, which a CPU profile records with each sample,
// and the template's error comes back.
func TestExecuteLabelled(t *testing.T) {
	var during strings.Builder
	want := errors.New("template failed")
	err := executeLabelled("facility", func() error {
		if err := pprof.Lookup("goroutine").WriteTo(&during, 1); err != nil {
			t.Fatal(err)
		}
		return want
	})
	if err != want {
		t.Errorf("executeLabelled returned %v, want the template's error", err)
	}
	if !strings.Contains(during.String(), `"template":"facility"`) {
		t.Errorf("no goroutine carried the label template=facility while the template ran:\n%.2000s", during.String())
	}
	var after strings.Builder
	pprof.Lookup("goroutine").WriteTo(&after, 1)
	if strings.Contains(after.String(), `"template":"facility"`) {
		t.Error("the label stayed on after the template ran")
	}
}
