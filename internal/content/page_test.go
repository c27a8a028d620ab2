package content

import "testing"

func TestPageURL(t *testing.T) {
	tests := []struct {
		rel, slug          string
		url, section, stem string
		err                string
	}{
		{rel: "about.md", url: "/about/", stem: "about"},
		{rel: "updates/first-look.md", url: "/updates/first-look/", section: "updates", stem: "first-look"},
		{rel: "updates/first-look.md", slug: "a-first-look", url: "/updates/a-first-look/", section: "updates", stem: "a-first-look"},
		{rel: "about.md", slug: "who-we-are", url: "/who-we-are/", stem: "who-we-are"},
		{rel: "updates/_index.md", url: "/updates/", section: "updates", stem: "updates"},
		{rel: "updates/index.md", url: "/updates/", section: "updates", stem: "updates"},
		{rel: "_index.md", url: "/"},
		{rel: "index.md", url: "/"},
		{rel: "guides/network/rpdc.md", url: "/guides/network/rpdc/", section: "guides", stem: "rpdc"},
		{rel: "guides/network/_index.md", url: "/guides/network/", section: "guides", stem: "network"},
		{rel: "2026/q1.md", url: "/2026/q1/", section: "2026", stem: "q1"},
		{rel: "Foo Bar.md", err: `file name "Foo Bar" is not a slug: use lowercase letters, digits and hyphens`},
		{rel: "About.md", err: `file name "About" is not a slug: use lowercase letters, digits and hyphens`},
		{rel: "first_look.md", err: `file name "first_look" is not a slug: use lowercase letters, digits and hyphens`},
		{rel: "_about.md", err: `file name "_about" is not a slug: use lowercase letters, digits and hyphens`},
		{rel: "v1.2.md", err: `file name "v1.2" is not a slug: use lowercase letters, digits and hyphens`},
		{rel: "Updates/x.md", err: `directory name "Updates" is not a slug: use lowercase letters, digits and hyphens`},
		{rel: "a/my dir/_index.md", err: `directory name "my dir" is not a slug: use lowercase letters, digits and hyphens`},
		{rel: "con.md", err: `file name "con" is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9), where no file or folder can have it: rename it`},
		{rel: "updates/NUL.md", err: `file name "NUL" is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9), where no file or folder can have it: rename it`},
		{rel: "com3/index.md", err: `directory name "com3" is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9), where no file or folder can have it: rename it`},
		{rel: "guides/lpt9/how.md", err: `directory name "lpt9" is a device name on Windows (CON, PRN, AUX, NUL, COM0 to COM9 and LPT0 to LPT9), where no file or folder can have it: rename it`},
	}
	for _, tt := range tests {
		url, section, stem, err := pageURL(tt.rel, tt.slug)
		if tt.err != "" {
			if err == nil || err.Error() != tt.err {
				t.Errorf("pageURL(%q, %q) error = %v, want %s", tt.rel, tt.slug, err, tt.err)
			}
			continue
		}
		if err != nil || url != tt.url || section != tt.section || stem != tt.stem {
			t.Errorf("pageURL(%q, %q) = %q, %q, %q, %v, want %q, %q, %q", tt.rel, tt.slug, url, section, stem, err, tt.url, tt.section, tt.stem)
		}
	}
}

func TestTitleFromStem(t *testing.T) {
	tests := []struct{ stem, want string }{
		{"first-look", "First look"},
		{"about", "About"},
		{"2026-auction", "2026 auction"},
		{"", "Home"},
	}
	for _, tt := range tests {
		if got := titleFromStem(tt.stem); got != tt.want {
			t.Errorf("titleFromStem(%q) = %q, want %q", tt.stem, got, tt.want)
		}
	}
}
