package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
)

const newUsage = `Usage:
  portal new update "Title"   write content/updates/<slug>.md, dated today
  portal new page PATH        write content/PATH.md (PATH like guides/how-to-read)

The new file is made from templates/new/update.md or templates/new/page.md
when the source has one, else from a built-in skeleton: its front matter
filled in and draft: true, so it shows in portal serve but not in portal
build until you remove that line. A skeleton's placeholders are {{title}}
(quoted for YAML), {{date}} (today, YYYY-MM-DD) and {{slug}}. An existing
file is never overwritten.

Flags:
`

func runNew(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("new", flag.ContinueOnError)
	flags.SetOutput(stderr)
	src := flags.String("src", ".", "source `folder` holding content/")
	flags.Usage = func() {
		fmt.Fprint(stderr, newUsage)
		flags.PrintDefaults()
	}
	if err := flags.Parse(args); err != nil {
		return helpOrUsage(err)
	}
	rest := flags.Args()
	if len(rest) != 2 || (rest[0] != "update" && rest[0] != "page") {
		flags.Usage()
		return exitUsage
	}
	kind := rest[0]
	today, err := asOfDate("", os.Getenv("SOURCE_DATE_EPOCH"), time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "portal new: %v\n", err)
		return exitUsage
	}
	rel, title, err := newTarget(kind, rest[1])
	if err != nil {
		fmt.Fprintf(stderr, "portal new %s: %v\n", kind, err)
		return exitUsage
	}
	skelName, skel, err := readSkeleton(*src, kind)
	if err != nil {
		fmt.Fprintf(stderr, "portal new: %v\n", err)
		return exitInput
	}
	page, errs := content.FillSkeleton(skelName, skel, content.SkeletonValues{Title: title, Date: today, Slug: strings.TrimSuffix(filepath.Base(rel), ".md")})
	if len(errs) > 0 {
		fmt.Fprint(stderr, errs.Format(0))
		return exitInput
	}
	path := filepath.Join(*src, "content", rel)
	if err := writeNew(path, page); err != nil {
		fmt.Fprintf(stderr, "portal new: %v\n", err)
		return exitInput
	}
	fmt.Fprintf(stdout, "wrote %s\n", path)
	return exitOK
}

// newTarget returns the file, relative to content/, and the title of a
// new page of the kind (update or page) named by arg: an update's title,
// or a page's slash-separated path.
func newTarget(kind, arg string) (rel, title string, err error) {
	if kind == "update" {
		title = strings.TrimSpace(arg)
		slug := slugify(title)
		if title == "" || slug == "" {
			return "", "", errors.New("the title must contain letters or digits")
		}
		return filepath.Join("updates", slug+".md"), title, nil
	}
	p := strings.TrimSuffix(filepath.ToSlash(arg), ".md")
	parts := strings.Split(p, "/")
	for _, part := range parts {
		if !dataset.IsSlug(part) {
			return "", "", fmt.Errorf("%q is not a slug: use lowercase letters, digits and hyphens, with / between folders (like guides/how-to-read)", part)
		}
	}
	title = strings.ReplaceAll(parts[len(parts)-1], "-", " ")
	title = strings.ToUpper(title[:1]) + title[1:]
	return filepath.FromSlash(p) + ".md", title, nil
}

// readSkeleton returns the name and bytes of the skeleton for a kind of
// page: the source's own under content.SkeletonDir, else the built-in one.
func readSkeleton(src, kind string) (name string, skel []byte, err error) {
	name = content.SkeletonDir + "/" + kind + ".md"
	skel, err = os.ReadFile(filepath.Join(src, filepath.FromSlash(name)))
	if errors.Is(err, fs.ErrNotExist) {
		return name, []byte(content.BuiltinSkeleton(kind)), nil
	}
	return name, skel, err
}

// writeNew writes page to path, creating its folder, and never
// overwrites a file that exists.
func writeNew(path string, page []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("%s already exists; not overwriting it", path)
	}
	if err != nil {
		return err
	}
	if _, err := f.Write(page); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// slugify turns a title into a slug: "USPS Opens the Bid!" → "usps-opens-the-bid".
func slugify(title string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		default:
			dash = true
		}
		if b.Len() >= 80 {
			break
		}
	}
	s := strings.TrimRight(b.String(), "-")
	if dataset.IsWindowsDevice(s) {
		s += "-1" // "con" and the like cannot be file names on Windows
	}
	return s
}
