package cell_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset/cell"
)

func TestParseLink(t *testing.T) {
	t.Parallel()
	const onlyWeb = ` is not a web address: only http:// and https:// addresses are allowed`
	const encode = ` is not a web address: contains a space, quote or other character that must be percent-encoded; give one address per field`
	const hostPath = ` is not a web address: want https://host/path`
	long := "https://example.com/" + strings.Repeat("a", 2000-len("https://example.com/"))
	tests := []struct {
		in  string
		err string
	}{
		{in: ""},
		{in: "https://www.prc.gov/"},
		{in: "http://example.com"},
		{in: "https://www.prc.gov/dockets/search?docket=CP2025-123#top"},
		{in: "HTTPS://EXAMPLE.COM/"},
		{in: "https://example.com/caf%C3%A9"},
		{in: long},

		{in: "javascript:alert(1)", err: `"javascript:alert(1)"` + onlyWeb},
		{in: "JavaScript:alert(1)", err: `"JavaScript:alert(1)"` + onlyWeb},
		{in: "data:text/plain;base64,SGk=", err: `"data:text/plain;base64,SGk="` + onlyWeb},
		{in: "ftp://example.com/file", err: `"ftp://example.com/file"` + onlyWeb},
		{in: "/carriers/amazon/", err: `"/carriers/amazon/"` + onlyWeb},
		{in: "www.usps.com", err: `"www.usps.com"` + onlyWeb},
		{in: "//example.com/", err: `"//example.com/"` + onlyWeb},
		{in: "https://example.com/a b", err: `"https://example.com/a b"` + encode},
		{in: " https://example.com/", err: `" https://example.com/"` + encode},
		{in: "https://a.example/ https://b.example/", err: `"https://a.example/ https://b.example/"` + encode},
		{in: `https://example.com/"onclick`, err: `"https://example.com/\"onclick"` + encode},
		{in: "https://example.com/<script>", err: `"https://example.com/<script>"` + encode},
		{in: "https://example.com/café", err: `"https://example.com/café"` + encode},
		{in: "https:///path", err: `"https:///path"` + hostPath},
		{in: "https:example.com", err: `"https:example.com"` + hostPath},
		{in: "https://user:secret@example.com/", err: `"https://user:secret@example.com/"` + hostPath},
		{in: "http://[::1", err: `"http://[::1" is not a web address: it does not parse`},
		{in: long + "a", err: fmt.Sprintf("%q is not a web address: longer than 2,000 characters", long+"a")},
	}
	for _, tt := range tests {
		got, err := cell.ParseLink(tt.in)
		switch {
		case errText(err) != tt.err:
			t.Errorf("ParseLink(%q) error = %q, want %q", tt.in, errText(err), tt.err)
		case err == nil && string(got) != tt.in:
			t.Errorf("ParseLink(%q) = %q, want it back", tt.in, got)
		}
	}
}

func TestTextUnmarshalCSV(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in  string
		err string
	}{
		{in: ""},
		{in: "Amazon.com, Inc."},
		{in: "Line one\nline two\twith a tab"},
		{in: `He said "sealed" & <b>left</b>`}, // escaped where shown, not refused
		{in: strings.Repeat("x", cell.MaxTextLen)},
		{in: "bell\a", err: "has control character U+0007 at byte 5"},
		{in: "carriage\rreturn", err: "has control character U+000D at byte 9"},
		{in: "nul\x00", err: "has control character U+0000 at byte 4"},
		{in: "é\u2028", err: "has control character U+2028 at byte 3"},
		{in: "\u0085next line", err: "has control character U+0085 at byte 1"},
		{in: strings.Repeat("x", cell.MaxTextLen+1), err: "text is 4001 bytes long, more than the 4000 allowed"},
	}
	for _, tt := range tests {
		var got cell.Text
		if err := got.UnmarshalCSV(tt.in); errText(err) != tt.err {
			t.Errorf("Text.UnmarshalCSV(%.20q) error = %q, want %q", tt.in, errText(err), tt.err)
		}
	}
}

func TestStateCodeUnmarshalCSV(t *testing.T) {
	t.Parallel()
	tests := []struct {
		in   string
		slug string
		err  string
	}{
		{in: ""},
		{in: "VA", slug: "va"},
		{in: "DC", slug: "dc"},
		{in: "PR", slug: "pr"},
		{in: "va", err: `"va" is not a state code: did you mean "VA"?`},
		{in: "Va", err: `"Va" is not a state code: did you mean "VA"?`},
		{in: "XX", err: `"XX" is not a US state or territory code: want two capital letters like VA`},
		{in: "Virginia", err: `"Virginia" is not a US state or territory code: want two capital letters like VA`},
		{in: " VA", err: `" VA" is not a US state or territory code: want two capital letters like VA`},
	}
	for _, tt := range tests {
		var got cell.StateCode
		err := got.UnmarshalCSV(tt.in)
		if errText(err) != tt.err {
			t.Errorf("StateCode.UnmarshalCSV(%q) error = %q, want %q", tt.in, errText(err), tt.err)
		}
		if err == nil && got.Slug() != tt.slug {
			t.Errorf("StateCode(%q).Slug() = %q, want %q", tt.in, got.Slug(), tt.slug)
		}
	}
}

func TestZIPUnmarshalCSV(t *testing.T) {
	t.Parallel()
	notZIP := func(s string) string {
		return fmt.Sprintf("%q is not a ZIP code: want 5 digits like 22102, ZIP+4 like 22102-1234, or a 3-digit prefix", s)
	}
	tests := []struct {
		in  string
		err string
	}{
		{in: ""},
		{in: "22102"},
		{in: "07097"}, // leading zero kept: ZIPs are not numbers
		{in: "22102-1234"},
		{in: "303"},
		{in: "2210", err: notZIP("2210")},
		{in: "221020", err: notZIP("221020")},
		{in: "303-1234", err: notZIP("303-1234")},
		{in: "22102-12", err: notZIP("22102-12")},
		{in: "22102-", err: notZIP("22102-")},
		{in: "22102 1234", err: notZIP("22102 1234")},
		{in: "2210A", err: notZIP("2210A")},
		{in: "-1234", err: notZIP("-1234")},
	}
	for _, tt := range tests {
		var got cell.ZIP
		if err := got.UnmarshalCSV(tt.in); errText(err) != tt.err {
			t.Errorf("ZIP.UnmarshalCSV(%q) error = %q, want %q", tt.in, errText(err), tt.err)
		}
	}
}

func TestCoordinates(t *testing.T) {
	t.Parallel()
	notCoord := func(s string) string {
		return fmt.Sprintf("%q is not a coordinate: want decimal degrees like -77.2311 (at most 6 decimals)", s)
	}
	tests := []struct {
		column string // latitude or longitude
		in     string
		micro  int64  // millionths of a degree
		str    string // what String() writes back
		err    string
	}{
		{column: "latitude", in: ""},
		{column: "latitude", in: "33.5312", micro: 33_531_200, str: "33.5312"},
		{column: "latitude", in: "-33.5312", micro: -33_531_200, str: "-33.5312"},
		{column: "latitude", in: "90", micro: 90_000_000, str: "90"},
		{column: "latitude", in: "-90.000000", micro: -90_000_000, str: "-90"},
		{column: "latitude", in: "0.000001", micro: 1, str: "0.000001"},
		{column: "latitude", in: "-0", micro: 0, str: "0"},
		{column: "longitude", in: "-84.6694", micro: -84_669_400, str: "-84.6694"},
		{column: "longitude", in: "-180", micro: -180_000_000, str: "-180"},
		{column: "longitude", in: "179.999999", micro: 179_999_999, str: "179.999999"},

		{column: "latitude", in: "90.000001", err: `"90.000001" is out of range: want -90 to 90`},
		{column: "latitude", in: "-91", err: `"-91" is out of range: want -90 to 90`},
		{column: "latitude", in: "120", err: `"120" is out of range: want -90 to 90`},
		{column: "longitude", in: "180.5", err: `"180.5" is out of range: want -180 to 180`},
		{column: "longitude", in: "-999", err: `"-999" is out of range: want -180 to 180`},
		{column: "latitude", in: "1.1234567", err: notCoord("1.1234567")},
		{column: "latitude", in: "1e5", err: notCoord("1e5")},
		{column: "latitude", in: "+33.5", err: notCoord("+33.5")},
		{column: "latitude", in: "33,5", err: notCoord("33,5")},
		{column: "latitude", in: " 33.5", err: notCoord(" 33.5")},
		{column: "latitude", in: "33°N", err: notCoord("33°N")},
		{column: "latitude", in: ".5", err: notCoord(".5")},
		{column: "latitude", in: "-", err: notCoord("-")},
		{column: "latitude", in: "--5", err: notCoord("--5")},
		{column: "longitude", in: "1000", err: notCoord("1000")},
	}
	for _, tt := range tests {
		var got cell.Degrees
		var err error
		switch tt.column {
		case "latitude":
			var l cell.Latitude
			err = l.UnmarshalCSV(tt.in)
			got = l.Degrees
		case "longitude":
			var l cell.Longitude
			err = l.UnmarshalCSV(tt.in)
			got = l.Degrees
		}
		switch {
		case errText(err) != tt.err:
			t.Errorf("%s: UnmarshalCSV(%q) error = %q, want %q", tt.column, tt.in, errText(err), tt.err)
		case err == nil && (got.Micro != tt.micro || got.Known != (tt.in != "")):
			t.Errorf("%s: UnmarshalCSV(%q) = %+v, want %d millionths", tt.column, tt.in, got, tt.micro)
		case err == nil && got.String() != tt.str:
			t.Errorf("%s: UnmarshalCSV(%q).String() = %q, want %q", tt.column, tt.in, got.String(), tt.str)
		}
	}
}
