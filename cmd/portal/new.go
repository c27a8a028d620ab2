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

func runNew(args []string, stdout, stderr io.Writer) int {
	flags := flag.NewFlagSet("new", flag.ContinueOnError)
	flags.SetOutput(stderr)
	src := flags.String("src", ".", "source `folder` holding content/")
	flags.Usage = func() {
		fmt.Fprint(stderr, `Usage:
  portal new update "Title"   write content/updates/<slug>.md, dated today
  portal new page PATH        write content/PATH.md (PATH like guides/how-to-read)

The new file is made from templates/new/update.md or templates/new/page.md
when the source has one, else from a built-in skeleton: its front matter
filled in and draft: true, so it shows in portal serve but not in portal
build until you remove that line. A skeleton's placeholders are {{title}}
(quoted for YAML), {{date}} (today, YYYY-MM-DD) and {{slug}}. An existing
file is never overwritten.

Flags:
`)
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
	today, err := asOfDate("", os.Getenv("SOURCE_DATE_EPOCH"), time.Now())
	if err != nil {
		fmt.Fprintf(stderr, "portal new: %v\n", err)
		return exitUsage
	}
	var rel, title string
	switch rest[0] {
	case "update":
		title = strings.TrimSpace(rest[1])
		slug := slugify(title)
		if title == "" || slug == "" {
			fmt.Fprintln(stderr, "portal new update: the title must contain letters or digits")
			return exitUsage
		}
		rel = filepath.Join("updates", slug+".md")
	case "page":
		p := strings.TrimSuffix(filepath.ToSlash(rest[1]), ".md")
		parts := strings.Split(p, "/")
		for _, part := range parts {
			if !dataset.IsSlug(part) {
				fmt.Fprintf(stderr, "portal new page: %q is not a slug: use lowercase letters, digits and hyphens, with / between folders (like guides/how-to-read)\n", part)
				return exitUsage
			}
		}
		rel = filepath.FromSlash(p) + ".md"
		title = strings.ReplaceAll(parts[len(parts)-1], "-", " ")
		title = strings.ToUpper(title[:1]) + title[1:]
	}
	path := filepath.Join(*src, "content", rel)
	skelName := content.SkeletonDir + "/" + rest[0] + ".md"
	skel, err := os.ReadFile(filepath.Join(*src, filepath.FromSlash(skelName)))
	if errors.Is(err, fs.ErrNotExist) {
		skel, err = []byte(content.BuiltinSkeleton(rest[0])), nil
	}
	if err != nil {
		fmt.Fprintf(stderr, "portal new: %v\n", err)
		return exitInput
	}
	page, errs := content.FillSkeleton(skelName, skel, content.SkeletonValues{Title: title, Date: today, Slug: strings.TrimSuffix(filepath.Base(rel), ".md")})
	if len(errs) > 0 {
		fmt.Fprint(stderr, errs.Format(0))
		return exitInput
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		fmt.Fprintf(stderr, "portal new: %v\n", err)
		return exitInput
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		fmt.Fprintf(stderr, "portal new: %s already exists; not overwriting it\n", path)
		return exitInput
	}
	if err != nil {
		fmt.Fprintf(stderr, "portal new: %v\n", err)
		return exitInput
	}
	if _, err := f.Write(page); err != nil {
		f.Close()
		fmt.Fprintf(stderr, "portal new: %v\n", err)
		return exitInput
	}
	if err := f.Close(); err != nil {
		fmt.Fprintf(stderr, "portal new: %v\n", err)
		return exitInput
	}
	fmt.Fprintf(stdout, "wrote %s\n", path)
	return exitOK
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
