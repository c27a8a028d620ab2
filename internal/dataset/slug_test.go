package dataset_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
)

func TestParseSlug(t *testing.T) {
	notID := func(s, like string) string {
		return fmt.Sprintf("%q is not an id: use lowercase letters, digits and single hyphens (like %q), at most 100 characters", s, like)
	}
	long := strings.Repeat("a", dataset.MaxSlugLen)
	tests := []struct {
		in  string
		err string
	}{
		{in: ""}, // blank: no id (required columns are checked by the loader)
		{in: "amazon"},
		{in: "lpc-atlanta"},
		{in: "usps-last-mile-2026"},
		{in: "7"},
		{in: long},

		{in: "Amazon", err: notID("Amazon", "amazon")},
		{in: "-amazon", err: notID("-amazon", "amazon")},
		{in: "amazon-", err: notID("amazon-", "amazon")},
		{in: "lpc--atlanta", err: notID("lpc--atlanta", "lpc-atlanta")},
		{in: "lpc_atlanta", err: notID("lpc_atlanta", "lpc-atlanta")},
		{in: "lpc atlanta", err: notID("lpc atlanta", "lpc-atlanta")},
		{in: " amazon", err: notID(" amazon", "amazon")},
		{in: "amazon.com", err: notID("amazon.com", "amazon-com")},
		{in: "../etc/passwd", err: notID("../etc/passwd", "etc-passwd")},
		{in: `a\b`, err: notID(`a\b`, "a-b")},
		{in: "café", err: notID("café", "caf")},
		{in: "---", err: notID("---", "my-id")},
		{in: long + "a", err: notID(long+"a", long)},
	}
	for _, tt := range tests {
		got, err := dataset.ParseSlug(tt.in)
		switch {
		case errText(err) != tt.err:
			t.Errorf("ParseSlug(%q) error = %q, want %q", tt.in, errText(err), tt.err)
		case err == nil && string(got) != tt.in:
			t.Errorf("ParseSlug(%q) = %q, want it back", tt.in, got)
		case err != nil && got != "":
			t.Errorf("ParseSlug(%q) = %q with an error, want \"\"", tt.in, got)
		}
		if want := tt.in != "" && tt.err == ""; dataset.IsSlug(tt.in) != want {
			t.Errorf("IsSlug(%q) = %v, want %v", tt.in, !want, want)
		}
	}
}

func TestRefUnmarshalCSV(t *testing.T) {
	tests := []struct {
		in   string
		want dataset.Ref
		err  string
	}{
		{in: "", want: dataset.Ref{State: dataset.Unknown}},
		{in: "redacted", want: dataset.Ref{State: dataset.Redacted}},
		{in: "amazon", want: dataset.Ref{State: dataset.Known, ID: "amazon"}},
		{in: "REDACTED", err: `"REDACTED" is not an id: use lowercase letters, digits and single hyphens (like "redacted"), at most 100 characters`},
		{in: "Amazon Inc.", err: `"Amazon Inc." is not an id: use lowercase letters, digits and single hyphens (like "amazon-inc"), at most 100 characters`},
	}
	for _, tt := range tests {
		var got dataset.Ref
		err := got.UnmarshalCSV(tt.in)
		if errText(err) != tt.err || (err == nil && got != tt.want) {
			t.Errorf("Ref.UnmarshalCSV(%q) = %+v, %q, want %+v, %q", tt.in, got, errText(err), tt.want, tt.err)
		}
		if err == nil && got.String() != tt.in {
			t.Errorf("Ref.UnmarshalCSV(%q).String() = %q, want it back", tt.in, got.String())
		}
	}
}
