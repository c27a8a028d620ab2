package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestProfilesWritten checks that each profiling variable writes its
// file, in pprof's gzip framing, and that a file that cannot be written
// is reported on stderr rather than failing the command.
func TestProfilesWritten(t *testing.T) {
	dir := t.TempDir()
	names := map[string]string{
		"PORTAL_CPUPROFILE":   filepath.Join(dir, "cpu.prof"),
		"PORTAL_MEMPROFILE":   filepath.Join(dir, "heap.prof"),
		"PORTAL_ALLOCPROFILE": filepath.Join(dir, "alloc.prof"),
	}
	for v, name := range names {
		t.Setenv(v, name)
	}
	var stderr bytes.Buffer
	stop := startProfiles(&stderr)
	garbage := make([][]byte, 0, 64)
	for i := 0; i < 64; i++ {
		garbage = append(garbage, make([]byte, 64<<10))
	}
	_ = garbage
	stop()
	if stderr.Len() != 0 {
		t.Fatalf("stderr: %s", stderr.String())
	}
	for v, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		if len(b) < 2 || b[0] != 0x1f || b[1] != 0x8b {
			t.Errorf("%s: %d bytes, not a gzip-framed pprof profile", v, len(b))
		}
	}

	t.Setenv("PORTAL_ALLOCPROFILE", filepath.Join(dir, "missing", "alloc.prof"))
	os.Unsetenv("PORTAL_CPUPROFILE")
	os.Unsetenv("PORTAL_MEMPROFILE")
	stderr.Reset()
	startProfiles(&stderr)()
	if !strings.Contains(stderr.String(), "PORTAL_ALLOCPROFILE") {
		t.Errorf("an unwritable profile was not reported: %q", stderr.String())
	}
}
