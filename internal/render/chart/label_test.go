package chart

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestShorten(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{
		{"Amazon.com, Inc.", 44, "Amazon.com, Inc."},
		{"OnTrac (LaserShip, Inc. dba OnTrac Final Mile)", 44, "OnTrac (LaserShip, Inc. dba … Final Mile)"},
		{"Priority Mail Express, Priority Mail & USPS Ground Advantage Contract 880", 44, "Priority Mail Express, … Contract 880"},
		{"Supercalifragilisticexpialidocious Logistics", 20, "Supercalifragilisti…"},
		{"One two three four five six seven eight nine ten", 20, "One two three … ten"},
	} {
		got := Shorten(tc.in, tc.n)
		if got != tc.want {
			t.Errorf("Shorten(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
		if utf8.RuneCountInString(got) > tc.n {
			t.Errorf("Shorten(%q, %d) = %q, longer than %d", tc.in, tc.n, got, tc.n)
		}
		// No word is cut: every word of the result is a word of the name.
		for _, w := range strings.Fields(got) {
			if w != "…" && !strings.HasSuffix(w, "…") && !strings.Contains(" "+tc.in+" ", " "+w+" ") {
				t.Errorf("Shorten(%q, %d) = %q cuts the word %q", tc.in, tc.n, got, w)
			}
		}
	}
}

func TestLabelTitle(t *testing.T) {
	if got := label("OnTrac (LaserShip, Inc. dba OnTrac Final Mile)", 44); !strings.HasPrefix(got, "<title>OnTrac (LaserShip, Inc. dba OnTrac Final Mile)</title>") {
		t.Errorf("a shortened label = %q, want the whole name in a title first", got)
	}
	if got := label("UPS", 44); got != "UPS" {
		t.Errorf("label(UPS) = %q, want the name alone", got)
	}
}
