package site

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
)

// CacheDirEnv names the environment variable that sets where builds keep
// their records when Build.CacheDir is empty.
const CacheDirEnv = "PORTAL_CACHE_DIR"

// The records of the builds into one output folder: what the last build
// wrote (its manifest), the lock that keeps two builds apart, and a note
// naming the output folder for people who look. They live outside the
// output, so that it holds the site and nothing else.
const (
	manifestFile = "manifest"
	lockFile     = "lock"
	outputFile   = "output"
)

// legacyFiles are the records earlier versions kept inside the output
// folder. A build removes them, and takes an output folder holding
// legacyMarker as its own.
var legacyFiles = []string{".portal-output", ".portal-manifest", ".portal-manifest.tmp", ".portal-lock"}

const (
	legacyMarker   = ".portal-output"
	legacyManifest = ".portal-manifest"
)

// recordsDir returns the folder that holds the records of builds into out:
// a folder of the cache (Build.CacheDir, else $PORTAL_CACHE_DIR, else
// the user's cache folder) named for the output folder's absolute path,
// followed through symbolic links. It also returns that path.
func (b *Build) recordsDir(out string) (dir, absOut string, err error) {
	cache := b.CacheDir
	if cache == "" {
		cache = os.Getenv(CacheDirEnv)
	}
	if cache == "" {
		user, err := os.UserCacheDir()
		if err != nil {
			return "", "", fmt.Errorf("no folder to keep the build's records in (%v): set %s to a folder portal may write", err, CacheDirEnv)
		}
		cache = filepath.Join(user, "postal-access-portal")
	}
	absOut, err = filepath.Abs(out)
	if err != nil {
		return "", "", err
	}
	absOut = resolve(absOut)
	sum := sha256.Sum256([]byte(absOut))
	return filepath.Join(cache, hex.EncodeToString(sum[:8])), absOut, nil
}

// openRecords makes the records folder and writes its note; an error
// says how to give portal a folder it can use.
func openRecords(dir, absOut string) error {
	note := []byte("portal build keeps here the records of its builds into this folder:\n" + absOut + "\n")
	err := os.MkdirAll(dir, 0o700)
	if err == nil {
		if old, rerr := os.ReadFile(filepath.Join(dir, outputFile)); rerr != nil || string(old) != string(note) {
			err = os.WriteFile(filepath.Join(dir, outputFile), note, 0o644)
		}
	}
	if err != nil {
		return fmt.Errorf("cannot keep the build's records: %w; set %s to a folder portal may write", err, CacheDirEnv)
	}
	return nil
}
