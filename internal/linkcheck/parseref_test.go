package linkcheck

import (
	"net/url"
	"testing"
)

// parseRef agrees with url.Parse on everything the check reads of a
// reference, plain or not.
func TestParseRefIsURLParse(t *testing.T) {
	t.Parallel()
	for _, ref := range []string{
		"", "#", "/", "//", "//host/x", "///x", "/a/b/", "a/b", "../a/", "./", "/a/#frag", "#top", "/a/#", "a#b#c",
		"/a b/", "/a%20b/", "/a?q=1", "/a/?", "mailto:x@y", "https://example.com/a", "HTTP://x", "/a:b/", "a:b",
		"/a/#x y", "/café/", "/a\\b", "/%zz/", "#%41", "/~user/_x-y.z",
	} {
		var got url.URL
		gotErr := parseRef(ref, &got)
		want, wantErr := url.Parse(ref)
		if (gotErr != nil) != (wantErr != nil) {
			t.Errorf("%q: error %v, url.Parse's %v", ref, gotErr, wantErr)
			continue
		}
		if gotErr == nil && !sameRead(&got, want) {
			t.Errorf("%q: %+v, url.Parse gives %+v", ref, got, want)
		}
	}
}

func sameRead(a, b *url.URL) bool {
	return a.Scheme == b.Scheme && a.Host == b.Host && a.Opaque == b.Opaque && a.Path == b.Path && a.Fragment == b.Fragment
}

func FuzzParseRef(f *testing.F) {
	for _, s := range []string{"/a/b/#c", "//h/x", "a:b", "/a%2f/", "#", "", "https://h.example/a/", "http://[::1]/", "https://h:80/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ref string) {
		var got url.URL
		gotErr := parseRef(ref, &got)
		want, wantErr := url.Parse(ref)
		if (gotErr != nil) != (wantErr != nil) {
			t.Fatalf("%q: error %v, url.Parse's %v", ref, gotErr, wantErr)
		}
		if gotErr == nil && !sameRead(&got, want) {
			t.Fatalf("%q: %+v, url.Parse gives %+v", ref, got, want)
		}
		checkPlainExternal(t, ref)
	})
}

// checkPlainExternal fails when plainExternal settles ref and the check
// could find it broken on some page: a settled reference is never
// checked.
func checkPlainExternal(t *testing.T, ref string) {
	t.Helper()
	if !plainExternal([]byte(ref)) {
		return
	}
	c := &Checker{Exists: func(string) bool { return false }, BasePath: "/portal/"}
	if bad, broken, anywhere := c.check("a/index.html", ref); broken || !anywhere {
		t.Fatalf("plainExternal(%q), but the check says broken %v (%s), the same on every page %v", ref, broken, bad.Message(), anywhere)
	}
}

// TestPlainExternal: an absolute http or https URL of letters, digits
// and "-._~/" is settled as leading off the site; anything the check
// would parse with more care is not.
func TestPlainExternal(t *testing.T) {
	t.Parallel()
	for ref, want := range map[string]bool{
		"https://postal-access.github.io/portal/carriers/amazon/": true,
		"http://example.org":          true,
		"https://example.org/":        true,
		"https://a-b.example/x_y.z~/": true,
		"https://EXAMPLE.org/A/":      true,
		"https://":                    false, // no host
		"https:///x":                  false,
		"https://www.prc.gov/dockets/search?docket=CP2024-1": true,
		"https://example.org/?q=1&r=2":                       false, // an entity's ampersand
		"https://example.org/?q=%20":                         false,
		"https://example.org/#top":                           false, // a fragment
		"https://example.org/a%20b":                          false, // an escape
		"https://example.org/a&amp;b":                        false, // an entity
		"https://h:80/":                                      false, // a port
		"https://u@h/":                                       false, // a user
		"https://[::1]/":                                     false,
		"https://[bad/":                                      false, // does not parse: the check reports it
		"https://ex ample.org/":                              false,
		"https://example.org/a b":                            false,
		"HTTPS://example.org/":                               false, // the check parses it; it is not settled
		"ftp://example.org/":                                 false,
		"//example.org/":                                     false,
		"/portal/https://x/":                                 false,
		"mailto:a@example.org":                               false,
		"https:example.org":                                  false,
	} {
		if got := plainExternal([]byte(ref)); got != want {
			t.Errorf("plainExternal(%q) = %v, want %v", ref, got, want)
		}
		checkPlainExternal(t, ref)
	}
}
