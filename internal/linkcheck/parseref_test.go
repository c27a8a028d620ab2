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
	for _, s := range []string{"/a/b/#c", "//h/x", "a:b", "/a%2f/", "#", ""} {
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
	})
}
