package outdir

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestOutputFolderIsChecked(t *testing.T) {
	t.Parallel()
	sourceDirs := []string{"content", "data", "templates", "static"}
	src := t.TempDir()
	for _, d := range sourceDirs {
		if err := os.MkdirAll(filepath.Join(src, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for _, tc := range []struct {
		out  string
		want string // "" means allowed
	}{
		{filepath.Join(src, "public"), ""},
		{filepath.Join(t.TempDir(), "new", "deeper"), ""},
		{src, "is the source folder"},
		{filepath.Join(src, "content"), "is inside the source folder content/"},
		{filepath.Join(src, "data", "out"), "is inside the source folder data/"},
		{filepath.Dir(src), "contains the source folder"},
	} {
		err := CheckOut(src, tc.out, sourceDirs)
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("CheckOut(%s) = %v, want nil", tc.out, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("CheckOut(%s) = %v, want error containing %q", tc.out, err, tc.want)
		}
	}
}
