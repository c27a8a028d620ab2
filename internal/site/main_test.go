package site

import (
	"fmt"
	"os"
	"testing"
)

// TestMain keeps the records of every build the tests make in a
// temporary cache folder, not the user's.
func TestMain(m *testing.M) { os.Exit(testMain(m)) }

func testMain(m *testing.M) int {
	cache, err := os.MkdirTemp("", "portal-site-cache-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(cache)
	os.Setenv(CacheDirEnv, cache)
	return m.Run()
}
