package content

import (
	"context"
	"strings"
	"testing"
	"testing/fstest"
)

func TestPageLimits(t *testing.T) {
	for _, tc := range []struct {
		name, body, want string
	}{
		{"deep quotes", "---\ntitle: x\n---\n\nok\n" + strings.Repeat(">", 100000) + " x\n", "content/p.md:6: block quotes and lists nest more than 32 levels deep"},
		{"deep lists", "intro\n\n" + strings.Repeat("- ", 40) + "x\n", "content/p.md:3: block quotes and lists nest more than 32 levels deep"},
		{"deep ordered lists", strings.Repeat("1. ", 40) + "x\n", "content/p.md:1: block quotes and lists nest more than 32 levels deep"},
		{"long paragraph", "a\n\n" + strings.Repeat("[a](", 5000), "content/p.md:3: paragraph is longer than 16 KiB: break it up with blank lines"},
		{"too big", strings.Repeat("a", MaxPageBytes+1), "content/p.md: page is 524289 bytes, more than the 524288 allowed: split it into several pages"},
		{"long table row", "intro\n\n| a |\n|---|\n| " + strings.Repeat("x", MaxParagraph) + " |\n", "content/p.md:5: table row is longer than 16 KiB: split the table, or move long text out of it"},
		{"unclosed links in long paragraphs", strings.Repeat(strings.Repeat("[a](", 4000)+"\n\n", 5), "content/p.md:5: too much link, emphasis and code markup ([]()*_~`<>!) in long paragraphs to render quickly: break them up with blank lines, or escape the marks with \\"},
		{"unclosed links in long table rows", "| a |\n|---|\n" + strings.Repeat("| "+strings.Repeat("[a](", 4000)+" |\n", 5), "content/p.md:5: too much link, emphasis and code markup ([]()*_~`<>!) in long paragraphs to render quickly: break them up with blank lines, or escape the marks with \\"},
	} {
		fsys := fstest.MapFS{"content/p.md": {Data: []byte(tc.body)}}
		_, errs := Load(context.Background(), fsys, "content", LoadOptions{})
		if got := errs.Format(0); got != tc.want+"\n" {
			t.Errorf("%s: Load errors = %q, want %q", tc.name, got, tc.want)
		}
	}
	// Ordinary nesting and text that only looks like markers are fine.
	fsys := fstest.MapFS{"content/p.md": {Data: []byte("> - a\n>   - b\n\n2026. A year.\n\n-not a list\n")}}
	if _, errs := Load(context.Background(), fsys, "content", LoadOptions{}); len(errs) > 0 {
		t.Errorf("ordinary page: %v", errs)
	}
}
