package e2e_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// wcagTags are the axe-core rule tags checked: WCAG 2.1 levels A and AA.
var wcagTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// colourRules are the axe-core rules whose outcome depends on the colour
// scheme; the dark scheme is checked with these alone.
var colourRules = []string{"color-contrast", "link-in-text-block"}

type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target  []any  `json:"target"`
			HTML    string `json:"html"`
			Summary string `json:"failureSummary"`
		} `json:"nodes"`
	} `json:"violations"`
}

// axe runs axe-core in the tab with the given runOnly option and reports
// every violation as a test error.
type axe struct {
	src         string
	tags, rules string // axe.run calls
}

func newAxe(t *testing.T) *axe {
	src, err := os.ReadFile(nodeModule(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	run := func(kind string, values []string) string {
		v, _ := json.Marshal(values)
		return fmt.Sprintf(`axe.run(document, {runOnly: {type: %q, values: %s}, resultTypes: ["violations"]}).then(function (r) { return {violations: r.violations}; })`, kind, v)
	}
	return &axe{src: string(src), tags: run("tag", wcagTags), rules: run("rule", colourRules)}
}

// check injects axe-core (once per document) and fails t on violations.
func (a *axe) check(t *testing.T, tab *Tab, where string, colourOnly bool) {
	t.Helper()
	if !eval[bool](tab, `typeof axe !== "undefined"`) {
		eval[chromedp.Void](tab, a.src)
	}
	js := a.tags
	if colourOnly {
		js = a.rules
	}
	for _, v := range eval[axeResult](tab, js).Violations {
		var nodes []string
		for _, n := range v.Nodes {
			nodes = append(nodes, fmt.Sprintf("    %v %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      ")))
		}
		t.Errorf("%s: %s [%s, %s]\n%s", where, v.Help, v.ID, v.Impact, strings.Join(nodes, "\n"))
	}
}

// colourScheme emulates prefers-color-scheme in the tab.
func (tab *Tab) colourScheme(scheme string) {
	tab.t.Helper()
	tab.do(chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: scheme}},
		})
		return err
	}))
}

// TestAxeCanary shows that the accessibility check can fail: a page with
// an unlabelled button must have a violation.
func TestAxeCanary(t *testing.T) {
	t.Parallel()
	a := newAxe(t)
	s := serveSite(t)
	tab := newBrowser(t).newTab(t, 1280, 900)
	tab.open(s.URL)
	eval[bool](tab, `(document.querySelector("main").insertAdjacentHTML("beforeend", "<button type=button></button>"), true)`)
	eval[chromedp.Void](tab, a.src)
	if res := eval[axeResult](tab, a.tags); len(res.Violations) == 0 {
		t.Fatal("axe-core found no violation on a page with an unlabelled button: the accessibility check is not working")
	}
}
