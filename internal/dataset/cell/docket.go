package cell

import (
	"fmt"
	"net/url"
	"strings"
)

// Docket is a Postal Regulatory Commission docket number: a prefix (MC, CP,
// K or N), a four-digit fiscal year, a hyphen and a sequence number, as in
// CP2025-123 or MC2025-603.
type Docket string

// ParseDocket validates s against the PRC formats and, when prefixes is not
// empty, requires one of them. A blank string gives the empty Docket.
func ParseDocket(s string, prefixes ...string) (Docket, error) {
	if s == "" {
		return "", nil
	}
	if len(prefixes) == 0 {
		prefixes = []string{"MC", "CP", "K", "N"}
	}
	prefix := ""
	for _, p := range []string{"MC", "CP", "K", "N"} {
		if strings.HasPrefix(s, p) {
			prefix = p
			break
		}
	}
	rest := s[len(prefix):]
	year, seq, ok := strings.Cut(rest, "-")
	valid := prefix != "" && ok && len(year) == 4 && allDigits(year) && year >= "1971" &&
		seq != "" && len(seq) <= 6 && allDigits(seq) && seq[0] != '0'
	if !valid {
		return "", fmt.Errorf("%q is not a PRC docket number: want a prefix (MC, CP, K or N), a fiscal year and a sequence, like CP2025-123", s)
	}
	if !contains(prefixes, prefix) {
		return "", fmt.Errorf("%q is a %s docket: this column takes %s dockets", s, prefix, strings.Join(prefixes, " or "))
	}
	return Docket(s), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// Prefix returns the docket's kind: "MC", "CP", "K" or "N".
func (d Docket) Prefix() string {
	for _, p := range []string{"MC", "CP", "K", "N"} {
		if strings.HasPrefix(string(d), p) {
			return p
		}
	}
	return ""
}

// URL returns the PRC docket search address for d.
func (d Docket) URL() string {
	if d == "" {
		return ""
	}
	return "https://www.prc.gov/dockets/search?docket=" + url.QueryEscape(string(d))
}

// ContractDocket is agreements.docket: the contract's CP or K docket.
type ContractDocket struct{ Docket }

// UnmarshalCSV validates a CP or K docket.
func (d *ContractDocket) UnmarshalCSV(v string) error {
	p, err := ParseDocket(v, "CP", "K")
	d.Docket = p
	return err
}

// ClassDocket is agreements.mc_docket: the paired mail classification docket.
type ClassDocket struct{ Docket }

// UnmarshalCSV validates an MC docket.
func (d *ClassDocket) UnmarshalCSV(v string) error {
	p, err := ParseDocket(v, "MC")
	d.Docket = p
	return err
}
