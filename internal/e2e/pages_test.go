package e2e_test

import (
	"fmt"
	"os"
	"testing"

	"github.com/postal-access/portal/internal/testkit"
)

// TestPages loads every kind of page (see pages) at a desktop width
// (1280px), a common phone width (375px) and the narrowest we support
// (320px), and for each:
//
//   - fails on console errors, uncaught exceptions and Content Security
//     Policy violations;
//   - fails if the page is wider than the viewport (a wide table scrolls
//     inside its own box instead);
//   - runs axe-core for WCAG 2.1 A and AA: every rule at 1280 and 375px in
//     the light scheme, and the colour rules again in the dark scheme;
//   - saves a screenshot at 375 and 1280px into the test's temporary folder
//     (the whole page when E2E_SCREENSHOTS=DIR is set, into DIR, with the
//     dark scheme at 1280px too).
func TestPages(t *testing.T) {
	t.Parallel()
	testkit.Long(t, "every kind of page at three widths, with axe-core in two schemes")
	a := newAxe(t)
	targets := everyKind(t)
	b := newBrowser(t)
	dir, full := t.TempDir(), false
	if d := os.Getenv("E2E_SCREENSHOTS"); d != "" {
		if err := os.MkdirAll(d, 0o755); err != nil {
			t.Fatal(err)
		}
		dir, full = d, true
	}
	for _, width := range []int64{1280, 375, 320} {
		tab := b.newTab(t, width, 900)
		for _, p := range targets {
			t.Run(fmt.Sprintf("%s@%d", p.Kind, width), func(t *testing.T) {
				tab.t = t
				u := p.URL
				tab.open(u)
				notFound := ""
				if p.Kind == "404" {
					notFound = u
				}
				tab.checkClean(p.Kind, notFound)
				if over := eval[int](tab, `document.documentElement.scrollWidth - document.documentElement.clientWidth`); over > 0 {
					t.Errorf("the page is %dpx wider than the %dpx viewport", over, width)
				}
				if width == 320 {
					return
				}
				tab.screenshot(dir, fmt.Sprintf("%s-%d", p.Kind, width), full)
				tab.colourScheme("light")
				a.check(t, tab, "light", false)
				if width == 1280 {
					tab.colourScheme("dark")
					a.check(t, tab, "dark", true)
					if full {
						tab.screenshot(dir, fmt.Sprintf("%s-%d-dark", p.Kind, width), full)
					}
					tab.colourScheme("light")
				}
			})
		}
	}
}
