package site

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"
	"sync"

	"github.com/postal-access/portal/internal/changes"
	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/sum"
)

// fingerprint hashes everything a build's output depends on: the program
// itself, the build's options and every source file. Two builds with the
// same fingerprint write the same bytes, so the second may skip its work.
// A build from an fs.FS (tests) gets no fingerprint and always runs.
//
// The render key hashes the part of that which every page depends on: the
// program, the options, the templates and the static files. It is the base
// of the page keys (see internal/keys).
func (b *Build) fingerprint() (fp, renderKey string, err error) {
	if b.FS != nil {
		return "", "", nil
	}
	all, rk := sum.New(), sum.New()
	exe, ok := executableSum()
	if !ok {
		return "", "", nil
	}
	all.Write(exe[:])
	rk.Write(exe[:])
	set, _, err := b.config()
	if err != nil {
		return "", "", err
	}
	fmt.Fprintf(io.MultiWriter(all, rk), "\x00%+v %s %t %t %t %t %t %+v\x00", set, b.AsOf, b.Drafts, b.Future, b.Preview, b.NoMinify, b.UnsafeHTML, b.Limits)
	if err := b.hashReleases(all); err != nil {
		return "", "", err
	}
	for _, dir := range SourceDirs {
		h := io.Writer(all)
		if dir == "templates" || dir == "static" {
			h = io.MultiWriter(all, rk)
		}
		if err := hashSourceDir(h, b.fsys(), dir, set.Ignore); err != nil {
			return "", "", err
		}
	}
	a, r := all.Sum(), rk.Sum()
	return hex.EncodeToString(a[:]), hex.EncodeToString(r[:]), nil
}

// executableSum is the sum of the running program's bytes; false when it
// cannot be read, and builds then have no fingerprint. The program is
// read once per process (tens of megabytes, a third of a cold build's
// fingerprint when read each time): portal serve builds many times.
var executableSum = sync.OnceValues(func() ([16]byte, bool) {
	exe, err := os.Executable()
	if err != nil {
		return [16]byte{}, false
	}
	f, err := os.Open(exe)
	if err != nil {
		return [16]byte{}, false
	}
	defer f.Close()
	h := sum.New()
	if _, err := io.Copy(h, f); err != nil {
		return [16]byte{}, false
	}
	return h.Sum(), true
})

// hashReleases writes what the build's data releases depend on.
func (b *Build) hashReleases(h io.Writer) error {
	if b.History != nil {
		// Releases given (by a test): the build depends on all of them.
		rels, _, err := b.History.Releases(context.Background(), b.Releases)
		if err != nil {
			return err
		}
		for _, r := range rels {
			fmt.Fprintf(h, "release %s %s\x00", r.Date, r.Commit)
			for _, f := range changes.Files {
				fmt.Fprintf(h, "%s %x\x00", f, sha256.Sum256(r.Files[f]))
			}
		}
	} else if b.Releases > 0 {
		// A commit of the data as it already is changes the releases
		// and nothing else.
		fmt.Fprintf(h, "releases %d %s\x00", b.Releases, changes.Git{Dir: b.Src}.Head(context.Background()))
	}
	return nil
}

// hashSourceDir writes the name, size, mode and bytes of every file of
// a source folder to h, but for an editor's backups and the skeletons of
// portal new, which do not change the site.
func hashSourceDir(h io.Writer, fsys fs.FS, dir string, ignore []string) error {
	buf := make([]byte, 32<<10)
	return fs.WalkDir(fsys, dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			if p == dir {
				return fs.SkipDir
			}
			return err
		}
		if ignoredSource(p, ignore) || isSkeleton(p) {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		fmt.Fprintf(h, "%s\x00%d\x00%d\x00", path.Clean(p), info.Size(), info.Mode())
		f, err := fsys.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		_, err = io.CopyBuffer(h, struct{ io.Reader }{f}, buf) // a file's WriteTo makes a buffer each
		return err
	})
}

// isSkeleton reports whether source path p is a skeleton of portal new,
// or their folder: no page depends on them.
func isSkeleton(p string) bool {
	return p == content.SkeletonDir || strings.HasPrefix(p, content.SkeletonDir+"/")
}
