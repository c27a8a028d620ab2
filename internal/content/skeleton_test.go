package content

import (
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

func TestFillSkeleton(t *testing.T) {
	v := SkeletonValues{Title: `Say "hi"`, Date: dataset.MustDate("2026-09-21"), Slug: "say-hi"}
	for _, tc := range []struct {
		name, src, want, errs string
	}{
		{"builtin update", BuiltinSkeleton("update"), "---\ntitle: \"Say \\\"hi\\\"\"\ndate: 2026-09-21\nsummary: \"\"\ndraft: true\n---\n", ""},
		{"spaces inside", "---\ntitle: {{ title }}\n---\n# {{slug}}\n", "---\ntitle: \"Say \\\"hi\\\"\"\n---\n# say-hi\n", ""},
		{"braces that are not a placeholder", "---\n---\n{{\n}} {x}\n", "---\n---\n{{\n}} {x}\n", ""},
		{"typo", "---\ntitle: x\ndate: {{dat}}\n---\n", "", "new/update.md:3:7: unknown placeholder {{dat}} (did you mean {{date}}?)"},
		{"unknown", "x {{author}}\n", "", "new/update.md:1:3: unknown placeholder {{author}}: want one of {{title}}, {{date}}, {{slug}}"},
		{"bad front matter", "---\ntitle: {{title}}\ndraft: maybe\n---\n", "", "new/update.md:3:8: draft: want true or false"},
	} {
		out, errs := FillSkeleton("new/update.md", []byte(tc.src), v)
		if got := strings.TrimSuffix(errs.Format(0), "\n"); got != tc.errs {
			t.Errorf("%s: FillSkeleton errors\n%s\nwant\n%s", tc.name, got, tc.errs)
		}
		if tc.errs == "" && !strings.HasPrefix(string(out), tc.want) {
			t.Errorf("%s: FillSkeleton = %q, want it to start with %q", tc.name, out, tc.want)
		}
	}
}
