package main_test

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// edit is one change to a file of the bundled portal.
type edit struct{ file, old, repl string }

// TestBrokenInput breaks the bundled portal in one way per row and checks
// that build and check exit 1 naming file:line:col, and that build leaves
// the previous public/ exactly as it was.
func TestBrokenInput(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		edits []edit
		// want are lines stderr must contain, in this order; {line} is
		// the line of the first edit.
		want []string
	}{
		{
			name:  "unknown shipper, with a likely fix",
			edits: []edit{{"data/agreements.csv", "\npme-pm-ga-contract-880,redacted,", "\npme-pm-ga-contract-880,upss,"}},
			want:  []string{`data/agreements.csv:{line}:24: shipper_id "upss": no such carrier (carriers are defined in data/carriers.csv); did you mean "ups"?` + "\n"},
		},
		{
			name:  "money with a thousands separator",
			edits: []edit{{"data/auction_results.csv", ",lpc-atlanta-a,lpc-atlanta,48000,2026-07-01,2027-06-30,312000.00,", `,lpc-atlanta-a,lpc-atlanta,48000,2026-07-01,2027-06-30,"1,000",`}},
			want:  []string{`data/auction_results.csv:{line}:75: reserve_price_usd: "1,000" is not an amount: want dollars like 1234.56 (no $, commas, signs or exponents)`},
		},
		{
			name:  "unknown column",
			edits: []edit{{"data/carriers.csv", "hq_state,website,source\n", "hq_state,website,sources\n"}},
			want:  []string{`data/carriers.csv:1:38: unknown column "sources" (did you mean "source"?); columns: id,name,kind,parent,hq_state,website,source; columns are defined in internal/dataset/rows.go (type Carrier): add a field there to add one` + "\n"},
		},
		{
			name:  "front matter draft: maybe",
			edits: []edit{{"content/about.md", "weight: 10\n", "draft: maybe\nweight: 10\n"}},
			want:  []string{`content/about.md:{line}:8: draft: want true or false`},
		},
		{
			name:  "template syntax error",
			edits: []edit{{"templates/carrier.html", "<h1>{{$r.Name}}</h1>", "<h1>{{$r.Name</h1>"}},
			want:  []string{`templates/carrier.html:{line}: bad character U+003C '<'`},
		},
		{
			name:  "template calls an unknown function",
			edits: []edit{{"templates/carrier.html", "<h1>{{$r.Name}}</h1>", "<h1>{{nosuchfunc $r.Name}}</h1>"}},
			want:  []string{`templates/carrier.html:{line}: function "nosuchfunc" not defined`},
		},
		{
			name:  "template fails while executing",
			edits: []edit{{"templates/carrier.html", "<h1>{{$r.Name}}</h1>", "<h1>{{$c.NoSuchField}}</h1>"}},
			want:  []string{`templates/carrier.html:{line}:9: executing "main" at <$c.NoSuchField>: can't evaluate field NoSuchField in type *model.Carrier`},
		},
		{
			name: "every problem listed, sorted by file and position",
			edits: []edit{
				{"data/agreements.csv", "\npm-ga-contract-536,redacted,", "\npm-ga-contract-536,acme2,"},
				{"data/agreements.csv", "\npme-pm-ga-contract-880,redacted,", "\npme-pm-ga-contract-880,acme,"},
				{"content/about.md", "weight: 10\n", "draft: maybe\nweight: 10\n"},
			},
			want: []string{
				`content/about.md:4:8: draft: want true or false`,
				`data/agreements.csv:2:24: shipper_id "acme": no such carrier`,
				`data/agreements.csv:3:20: shipper_id "acme2": no such carrier`,
				`portal build: 3 errors;`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			src := copySource(t)
			line := 0
			for i, e := range tt.edits {
				if l := editFile(t, src, e.file, e.old, e.repl); i == 0 {
					line = l
				}
			}
			var want []string
			for _, w := range tt.want {
				want = append(want, strings.ReplaceAll(w, "{line}", strconv.Itoa(line)))
			}
			withPublic(t, src, refAsOf)
			before := snapshot(t, filepath.Join(src, "public"))

			r := portal(t, src, nil, "build", "--as-of", refAsOf)
			if r.code != 1 {
				t.Errorf("portal build: %v\nwant exit 1", r)
			}
			inOrder(t, "portal build", r.stderr, want)
			if !strings.HasSuffix(r.stderr, "; public was left unchanged\n") {
				t.Errorf("portal build stderr = %q, want it to end saying public was left unchanged", r.stderr)
			}
			if r.stdout != "" {
				t.Errorf("portal build stdout = %q, want nothing", r.stdout)
			}
			sameTree(t, "after a failed portal build", filepath.Join(src, "public"), before)

			r = portal(t, src, nil, "check", "--as-of", refAsOf)
			if r.code != 1 {
				t.Errorf("portal check: %v\nwant exit 1", r)
			}
			for i, w := range want {
				want[i] = strings.Replace(w, "portal build: ", "portal check: ", 1)
			}
			inOrder(t, "portal check", r.stderr, want)
			if !strings.HasSuffix(r.stderr, "; nothing was written\n") {
				t.Errorf("portal check stderr = %q, want it to end saying nothing was written", r.stderr)
			}
			sameTree(t, "after a failed portal check", filepath.Join(src, "public"), before)
		})
	}
}

// inOrder fails unless each of want is a substring of a line of got, in
// order.
func inOrder(t *testing.T, what, got string, want []string) {
	t.Helper()
	rest := got
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Errorf("%s stderr:\n%s\nwant (after the lines before it) %q", what, got, w)
			return
		}
		rest = rest[i+len(w):]
	}
}
