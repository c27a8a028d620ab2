package pages

import "testing"

func TestOutPath(t *testing.T) {
	for _, tc := range []struct{ url, want string }{
		{"/", "index.html"},
		{"/carriers/", "carriers/index.html"},
		{"/carriers/acme/", "carriers/acme/index.html"},
		{"/old-page", "old-page/index.html"},
		{"/404.html", "404.html"},
		{"/search/index.json", "search/index.json"},
	} {
		if got := OutPath(tc.url); got != tc.want {
			t.Errorf("OutPath(%q) = %q, want %q", tc.url, got, tc.want)
		}
	}
}
