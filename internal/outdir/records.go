package outdir

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
)

// CacheDirEnv names the environment variable that sets where builds keep
// their records when no cache folder is given.
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

// errBusy is what tryLock returns when another build holds the lock.
var errBusy = errors.New("locked by another build")

// RecordsDir returns the folder that holds the records of builds into out:
// a folder of the cache (cacheDir, else $PORTAL_CACHE_DIR, else the
// user's cache folder) named for the output folder's absolute path,
// followed through symbolic links. It also returns that path.
func RecordsDir(cacheDir, out string) (dir, absOut string, err error) {
	cache := cacheDir
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

// records is the records folder of one output folder, locked by this
// build until close.
type records struct {
	dir  string
	lock *os.File
}

// openRecords makes the records folder of out, writes its note and
// takes its lock; an error says how to give portal a folder it can use,
// or that another build is writing to out.
func openRecords(cacheDir, out string) (*records, error) {
	dir, absOut, err := RecordsDir(cacheDir, out)
	if err != nil {
		return nil, err
	}
	note := []byte("portal build keeps here the records of its builds into this folder:\n" + absOut + "\n")
	err = os.MkdirAll(dir, 0o700)
	if err == nil {
		if old, rerr := os.ReadFile(filepath.Join(dir, outputFile)); rerr != nil || string(old) != string(note) {
			err = os.WriteFile(filepath.Join(dir, outputFile), note, 0o644)
		}
	}
	if err != nil {
		return nil, fmt.Errorf("cannot keep the build's records: %w; set %s to a folder portal may write", err, CacheDirEnv)
	}
	lock, err := os.OpenFile(filepath.Join(dir, lockFile), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("locking output folder: %w", err)
	}
	if err := tryLock(lock); err != nil {
		lock.Close()
		return nil, fmt.Errorf("another portal build is writing to %s right now: wait for it to finish, or use another --out", out)
	}
	return &records{dir: dir, lock: lock}, nil
}

// readManifest reads the last build's manifest (see readManifest for
// files); ok is false when there is none.
func (r *records) readManifest(files bool) (m manifest, ok bool) {
	f, err := os.Open(filepath.Join(r.dir, manifestFile))
	if err != nil {
		return manifest{}, false
	}
	defer f.Close()
	return readManifest(f, files), true
}

// writeManifest records m for the next build, replacing the last
// manifest at once, and not at all when it is the same.
func (r *records) writeManifest(m manifest) error {
	data, err := m.format()
	if err != nil {
		return err
	}
	name := filepath.Join(r.dir, manifestFile)
	if info, err := os.Stat(name); err == nil && info.Size() == int64(len(data)) {
		if old, err := os.ReadFile(name); err == nil && string(old) == string(data) {
			return nil
		}
	}
	if err := os.WriteFile(name+".tmp", data, 0o644); err != nil {
		return err
	}
	return os.Rename(name+".tmp", name)
}

// close lets the next build in.
func (r *records) close() {
	if r.lock != nil {
		unlock(r.lock)
		r.lock.Close()
		r.lock = nil
	}
}
