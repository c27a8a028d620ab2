package dataset

import (
	"fmt"
	"strings"
)

// MaxSlugLen bounds ids: they become URL path segments and file names.
const MaxSlugLen = 100

// Slug is an id: lowercase letters and digits in groups joined by single
// hyphens. It is validated once, when read, and is safe in URLs and paths.
type Slug string

// ParseSlug validates s. A blank string gives the empty Slug.
func ParseSlug(s string) (Slug, error) {
	if s == "" {
		return "", nil
	}
	if !IsSlug(s) {
		return "", fmt.Errorf("%q is not an id: use lowercase letters, digits and single hyphens (like %q), at most %d characters", s, suggestSlug(s), MaxSlugLen)
	}
	return Slug(s), nil
}

// IsSlug reports whether s matches [a-z0-9]+(-[a-z0-9]+)* and is not too long.
func IsSlug(s string) bool {
	if s == "" || len(s) > MaxSlugLen || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && prev != '-':
		default:
			return false
		}
		prev = c
	}
	return true
}

func suggestSlug(s string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			b.WriteRune(r)
			dash = false
		} else {
			dash = true
		}
	}
	if b.Len() == 0 {
		return "my-id"
	}
	out := b.String()
	if len(out) > MaxSlugLen {
		out = strings.TrimRight(out[:MaxSlugLen], "-")
	}
	return out
}

// UnmarshalCSV validates a CSV field (gocsv calls it).
func (s *Slug) UnmarshalCSV(v string) error {
	p, err := ParseSlug(v)
	*s = p
	return err
}

// Ref is a reference to another row's id that may also be redacted (the
// identity is under seal) or blank.
type Ref struct {
	State State
	ID    Slug
}

// UnmarshalCSV reads an id, the literal "redacted", or a blank.
func (r *Ref) UnmarshalCSV(v string) error {
	switch v {
	case "":
		*r = Ref{}
	case RedactedWord:
		*r = Ref{State: Redacted}
	default:
		id, err := ParseSlug(v)
		if err != nil {
			return err
		}
		*r = Ref{State: Known, ID: id}
	}
	return nil
}

// String returns the id, "redacted" or "".
func (r Ref) String() string {
	if r.State == Redacted {
		return RedactedWord
	}
	return string(r.ID)
}

// MarshalText writes the CSV form.
func (r Ref) MarshalText() ([]byte, error) { return []byte(r.String()), nil }
