package cell

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
	if IsWindowsDevice(s) {
		return "", fmt.Errorf("%q is not an id: it is a device name on Windows (%s), where no file or folder can have it; use another (like %q)", s, WindowsDevices, suggestSlug(s))
	}
	if !IsSlug(s) {
		return "", fmt.Errorf("%q is not an id: use lowercase letters, digits and single hyphens (like %q), at most %d characters", s, suggestSlug(s), MaxSlugLen)
	}
	return Slug(s), nil
}

// IsSlug reports whether s matches [a-z0-9]+(-[a-z0-9]+)*, is not too
// long and is not a Windows device name.
func IsSlug(s string) bool {
	if s == "" || len(s) > MaxSlugLen || s[0] == '-' || s[len(s)-1] == '-' || IsWindowsDevice(s) {
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
	if IsWindowsDevice(out) {
		out += "-1"
	}
	return out
}

// WindowsDevices lists, for messages, the names IsWindowsDevice refuses.
const WindowsDevices = "CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9"

// IsWindowsDevice reports whether name, one file or folder name, is a
// name Windows keeps for a device, in any case and with any extension
// ("con", "Nul.html", "com1.tar.gz"): opening such a path opens the
// device, so a site with one cannot be written or copied there. The list
// is Microsoft's ("Naming Files, Paths, and Namespaces"), which also has
// COM0, LPT0 and COM¹ to LPT³.
func IsWindowsDevice(name string) bool {
	base, _, _ := strings.Cut(name, ".")
	base = strings.TrimRight(base, " ") // "CON .txt" is CON as well
	if len(base) < 3 || len(base) > len("com¹") {
		// No device name: most ids, read in every cell that holds one,
		// end here, without ToLower.
		return false
	}
	base = strings.ToLower(base)
	switch base {
	case "con", "prn", "aux", "nul":
		return true
	}
	for _, port := range []string{"com", "lpt"} {
		if n, ok := strings.CutPrefix(base, port); ok && (len(n) == 1 && n[0] >= '0' && n[0] <= '9' || n == "¹" || n == "²" || n == "³") {
			return true
		}
	}
	return false
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
