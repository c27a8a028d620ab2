package cell

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"unicode"
)

// MaxTextLen bounds a free-text field.
const MaxTextLen = 4000

// Text is a free-text field: printable, without control characters other
// than newlines and tabs. It is escaped wherever it is shown.
type Text string

// UnmarshalCSV rejects control characters and over-long text.
func (t *Text) UnmarshalCSV(v string) error {
	*t = Text(v)
	if len(v) > MaxTextLen {
		return fmt.Errorf("text is %d bytes long, more than the %d allowed", len(v), MaxTextLen)
	}
	for i, r := range v {
		if r != '\n' && r != '\t' && (unicode.IsControl(r) || r == '\u2028' || r == '\u2029') {
			return fmt.Errorf("has control character %U at byte %d", r, i+1)
		}
	}
	return nil
}

// CheckControl returns an error naming the first control character of s
// other than a tab or a newline, or nil. Such characters (C0 and C1
// controls, NUL among them) show as nothing, and XML cannot hold most of
// them; YAML lets them in through escapes such as "\x00".
func CheckControl(s string) error {
	for i, r := range s {
		if r != '\n' && r != '\t' && unicode.IsControl(r) {
			return fmt.Errorf("has control character %U at byte %d", r, i+1)
		}
	}
	return nil
}

// Link is an absolute http or https URL, or blank. Other schemes are
// refused so that nothing from the data can become a script link.
type Link string

// ParseLink validates s.
func ParseLink(s string) (Link, error) {
	if s == "" {
		return "", nil
	}
	bad := func(why string) error {
		return fmt.Errorf("%q is not a web address: %s", s, why)
	}
	if len(s) > 2000 {
		return "", bad("longer than 2,000 characters")
	}
	for _, r := range s {
		if r <= ' ' || r == 0x7f || r == '"' || r == '<' || r == '>' || r == '\\' || r > 0x7e {
			return "", bad("contains a space, quote or other character that must be percent-encoded; give one address per field")
		}
	}
	u, err := url.Parse(s)
	if err != nil {
		return "", bad("it does not parse")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return "", bad("only http:// and https:// addresses are allowed")
	}
	if u.Host == "" || u.User != nil {
		return "", bad("want https://host/path")
	}
	return Link(s), nil
}

// External reports whether l is an http(s) URL with a host, safe to link
// to. Every Link read from CSV is; the zero Link is not.
func (l Link) External() bool {
	u, err := url.Parse(string(l))
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != ""
}

// UnmarshalCSV validates a URL.
func (l *Link) UnmarshalCSV(v string) error {
	p, err := ParseLink(v)
	*l = p
	return err
}

// USStates lists the two-letter codes of the states, DC and the territories.
var USStates = strings.Fields(`AL AK AZ AR CA CO CT DE FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS
	MO MT NE NV NH NJ NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WA WV WI WY DC PR VI GU AS MP`)

// StateCode is a two-letter US state or territory code, or blank.
type StateCode string

// UnmarshalCSV checks v against USStates.
func (s *StateCode) UnmarshalCSV(v string) error {
	*s = StateCode(v)
	if v == "" || contains(USStates, v) {
		return nil
	}
	if contains(USStates, strings.ToUpper(v)) {
		return fmt.Errorf("%q is not a state code: did you mean %q?", v, strings.ToUpper(v))
	}
	return fmt.Errorf("%q is not a US state or territory code: want two capital letters like VA", v)
}

// Slug returns the state code in lower case, as used in URLs.
func (s StateCode) Slug() string { return strings.ToLower(string(s)) }

// ZIP is a 5-digit ZIP code, ZIP+4, or a 3-digit ZIP prefix, or blank.
type ZIP string

// UnmarshalCSV checks the ZIP format.
func (z *ZIP) UnmarshalCSV(v string) error {
	*z = ZIP(v)
	five, four, plus := strings.Cut(v, "-")
	ok := v == "" || (allDigits(five) && (len(five) == 5 || (len(five) == 3 && !plus)) && (!plus || (len(four) == 4 && allDigits(four))))
	if !ok {
		return fmt.Errorf("%q is not a ZIP code: want 5 digits like 22102, ZIP+4 like 22102-1234, or a 3-digit prefix", v)
	}
	return nil
}

// Degrees is a latitude or longitude in millionths of a degree, or unknown.
type Degrees struct {
	Known bool
	Micro int64
}

func parseDegrees(v string, limit int64) (Degrees, error) {
	if v == "" {
		return Degrees{}, nil
	}
	s := v
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	whole, frac, _ := strings.Cut(s, ".")
	if !allDigits(whole) || (frac != "" && !allDigits(frac)) || len(frac) > 6 || len(whole) > 3 {
		return Degrees{}, fmt.Errorf("%q is not a coordinate: want decimal degrees like -77.2311 (at most 6 decimals)", v)
	}
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "000000")[:6], 10, 64)
	m := w*1_000_000 + f
	if m > limit*1_000_000 {
		return Degrees{}, fmt.Errorf("%q is out of range: want -%d to %d", v, limit, limit)
	}
	if neg {
		m = -m
	}
	return Degrees{Known: true, Micro: m}, nil
}

// String formats the value in decimal degrees, trailing zeros trimmed.
func (d Degrees) String() string {
	var buf [32]byte
	return string(d.appendTo(buf[:0]))
}

// appendTo appends String() to b.
func (d Degrees) appendTo(b []byte) []byte {
	if !d.Known {
		return b
	}
	m := d.Micro
	if m < 0 {
		b, m = append(b, '-'), -m
	}
	if m < 0 { // the most negative int64 has no opposite
		s := fmt.Sprintf("%d.%06d", m/1_000_000, m%1_000_000)
		return append(b, strings.TrimSuffix(strings.TrimRight(s, "0"), ".")...)
	}
	b = strconv.AppendInt(b, m/1_000_000, 10)
	frac := m % 1_000_000
	if frac == 0 {
		return b
	}
	b = append(b, '.')
	for div := int64(100_000); frac > 0; div /= 10 {
		b = append(b, byte('0'+frac/div))
		frac %= div
	}
	return b
}

// MarshalText writes the CSV form.
func (d Degrees) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// Latitude is facilities.latitude.
type Latitude struct{ Degrees }

// UnmarshalCSV reads decimal degrees between -90 and 90.
func (l *Latitude) UnmarshalCSV(v string) (err error) {
	l.Degrees, err = parseDegrees(v, 90)
	return err
}

// Longitude is facilities.longitude.
type Longitude struct{ Degrees }

// UnmarshalCSV reads decimal degrees between -180 and 180.
func (l *Longitude) UnmarshalCSV(v string) (err error) {
	l.Degrees, err = parseDegrees(v, 180)
	return err
}
