package site

import (
	"fmt"
	"path"
	"strings"
)

// DefaultIgnore names the files of content/ and static/ that are never
// published: editors' backups, swap and lock files, and the litter of file
// managers. They are path.Match patterns, matched against a file's name.
// Hidden files and folders (a name starting with ".") are never published
// either, and Build.Ignore adds patterns of the user's own.
var DefaultIgnore = []string{
	"*~", "#*#", ".#*", // Emacs, vim and many others: backups, autosaves, locks
	"*.bak", "*.orig", "*.rej", "*.tmp", // backups, merge and patch leftovers
	"*.swp", "*.swo", "*.swx", "4913", // vim's swap files and its write test
	"*.kate-swp", "~$*", // Kate's swap files, Office's lock files
	".DS_Store", "Thumbs.db", "desktop.ini", // file managers
}

// Ignored reports whether the file or folder at rel, a slash path
// relative to content/ or static/, is left out of the site: it or a
// folder above it is hidden, or its name or rel matches DefaultIgnore
// or one of the patterns in extra. A malformed pattern matches nothing
// (checkIgnore reports it).
func Ignored(rel string, extra []string) bool {
	if strings.HasPrefix(rel, ".") || strings.Contains(rel, "/.") {
		return true // it or a folder above it is hidden
	}
	name := path.Base(rel)
	for _, list := range [][]string{DefaultIgnore, extra} {
		for _, pat := range list {
			if match(pat, name) {
				return true
			}
			// A pattern with no slash matches no path with one, and rel
			// with none is name.
			if strings.Contains(pat, "/") && match(pat, rel) {
				return true
			}
		}
	}
	return false
}

// match is path.Match(pat, name) for a well-formed pattern, without its
// general matcher for the common patterns with at most one * and no
// other wildcard ("*.swp", ".#*", "#*#", "4913"): a build asks of every
// source file, with every pattern, several times.
func match(pat, name string) bool {
	if strings.ContainsAny(pat, "?[\\") || strings.Count(pat, "*") > 1 {
		ok, _ := path.Match(pat, name)
		return ok
	}
	before, after, star := strings.Cut(pat, "*")
	if !star {
		return pat == name
	}
	return len(name) >= len(before)+len(after) && strings.HasPrefix(name, before) && strings.HasSuffix(name, after) &&
		!strings.Contains(name[len(before):len(name)-len(after)], "/")
}

// checkIgnore refuses malformed ignore patterns, which would otherwise
// silently publish what they were meant to leave out.
func checkIgnore(patterns []string) error {
	for _, pat := range patterns {
		if _, err := path.Match(pat, ""); err != nil || pat == "" {
			return fmt.Errorf("ignore pattern %q: want a path.Match pattern such as \"*.psd\" or \"drafts/*\"", pat)
		}
	}
	return nil
}

// ignoring returns ignoredSource for patterns.
func ignoring(patterns []string) func(p string) bool {
	return func(p string) bool { return ignoredSource(p, patterns) }
}

// ignoredSource reports whether the file or folder at p, a path in the source
// (as "content/about.md~"), is left out of the build: only content/ and
// static/ are filtered.
func ignoredSource(p string, patterns []string) bool {
	dir, rel, ok := strings.Cut(p, "/")
	return ok && (dir == "content" || dir == "static") && Ignored(rel, patterns)
}

// IgnorePatterns returns the build's ignore patterns: portal.yaml's and
// Build.Ignore (DefaultIgnore and hidden files come on top of them).
func (b *Build) IgnorePatterns() []string {
	set, _ := LoadSettings(b.fsys())
	return append(set.Ignore, b.Ignore...)
}
