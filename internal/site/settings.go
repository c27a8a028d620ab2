package site

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"path"
	"regexp"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/postal-access/portal/internal/diag"
)

// SettingsFile is the file in a portal's source folder that holds the
// site's settings: its public address, title, language and the files
// never to publish. Flags given to a command override it.
const SettingsFile = "portal.yaml"

// maxSettingsBytes bounds portal.yaml: a few lines.
const maxSettingsBytes = 64 << 10

// Settings are what a site needs to know about itself at build time.
type Settings struct {
	// BaseURL is the absolute address the site is published at; canonical
	// links, the feeds, the sitemap and robots.txt use it.
	BaseURL string
	// Title names the site in every page, the feeds and the data package.
	Title string
	// Language is the BCP 47 tag of the site's text (html lang).
	Language string
	// Ignore lists glob patterns (path.Match) of files in content/ and
	// static/ that are never published, besides the built-in ones.
	Ignore []string
}

// DefaultSettings are used for what portal.yaml leaves out.
var DefaultSettings = Settings{BaseURL: DefaultBaseURL, Title: SiteTitle, Language: "en"}

var languageTag = regexp.MustCompile(`^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$`)

// LoadSettings reads portal.yaml from fsys, if there is one, over the
// defaults. Every problem is reported at its line and column.
func LoadSettings(fsys fs.FS) (Settings, diag.List) {
	s := DefaultSettings
	var errs diag.List
	doc, y := readSettings(fsys, &errs)
	if doc == nil {
		return s, errs
	}
	at := y.Node
	if doc.Kind != yaml.MappingNode {
		errs.Add(at(doc), "", "settings must be a mapping of names to values, like base_url: https://example.org/")
		return s, errs
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		bad := func(n *yaml.Node, format string, args ...any) {
			errs.Add(at(n), k.Value, format, args...)
		}
		if seen[k.Value] {
			bad(k, "set twice")
			continue
		}
		seen[k.Value] = true
		set := settingOf[k.Value]
		if set == nil {
			errs.Add(at(k), "", "unknown setting %q: want base_url, title, language or ignore", k.Value).Names(k.Value)
			continue
		}
		set(&s, v, bad)
	}
	return s, errs
}

// readSettings reads and parses portal.yaml; its document is nil when
// there is none, it is empty, or it does not parse (then in errs).
func readSettings(fsys fs.FS, errs *diag.List) (*yaml.Node, *diag.YAMLText) {
	src, err := fs.ReadFile(fsys, SettingsFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		errs.Add(diag.Pos{File: SettingsFile}, "", "cannot read the settings: %v", err)
		return nil, nil
	}
	if len(src) > maxSettingsBytes {
		errs.Add(diag.Pos{File: SettingsFile}, "", "settings file is %d bytes: at most %d", len(src), maxSettingsBytes)
		return nil, nil
	}
	y := diag.NewYAMLText(SettingsFile, src, 1)
	var root yaml.Node
	if err := yaml.NewDecoder(bytes.NewReader(src)).Decode(&root); err != nil && !errors.Is(err, io.EOF) {
		pos, e := y.Error(err)
		errs.Add(pos, "", "%v", e)
		return nil, nil
	}
	if len(root.Content) == 0 { // an empty file
		return nil, nil
	}
	doc := root.Content[0]
	if doc.Kind == yaml.ScalarNode && doc.Tag == "!!null" { // only comments, or "---"
		return nil, nil
	}
	return doc, y
}

// badSetting reports a problem with a setting's value at node n.
type badSetting func(n *yaml.Node, format string, args ...any)

// settingOf reads each setting's value into the settings, reporting what
// is wrong with it.
var settingOf = map[string]func(s *Settings, v *yaml.Node, bad badSetting){
	"base_url": func(s *Settings, v *yaml.Node, bad badSetting) {
		if x, ok := scalarSetting(v, bad); ok {
			if _, err := ParseBaseURL(x); err != nil {
				bad(v, "%v", err)
			}
			s.BaseURL = x
		}
	},
	"title": func(s *Settings, v *yaml.Node, bad badSetting) {
		if x, ok := scalarSetting(v, bad); ok {
			if x == "" || strings.ContainsFunc(x, isControl) {
				bad(v, "want a title of plain text")
			}
			s.Title = x
		}
	},
	"language": func(s *Settings, v *yaml.Node, bad badSetting) {
		if x, ok := scalarSetting(v, bad); ok {
			if !languageTag.MatchString(x) {
				bad(v, "%q is not a language tag: want one like en or en-US", x)
			}
			s.Language = x
		}
	},
	"ignore": func(s *Settings, v *yaml.Node, bad badSetting) {
		if v.Kind != yaml.SequenceNode {
			bad(v, "want a list of file patterns, like [\"drafts/*\", \"*.psd\"]")
			return
		}
		for _, p := range v.Content {
			if p.Kind != yaml.ScalarNode {
				bad(p, "want a file pattern")
				continue
			}
			if _, err := path.Match(p.Value, ""); err != nil || p.Value == "" {
				bad(p, "%q is not a file pattern (see Go's path.Match)", p.Value)
				continue
			}
			s.Ignore = append(s.Ignore, p.Value)
		}
	},
}

// scalarSetting is a setting's single value, trimmed.
func scalarSetting(v *yaml.Node, bad badSetting) (string, bool) {
	if v.Kind != yaml.ScalarNode || v.Alias != nil || v.Anchor != "" {
		bad(v, "want a single value")
		return "", false
	}
	return strings.TrimSpace(v.Value), true
}

// ParseBaseURL parses and normalises a site address: an absolute http(s)
// URL without query or fragment, its path ending in "/".
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return nil, fmt.Errorf("%q: want an absolute http(s) address like https://example.org/portal/", raw)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
	}
	return u, nil
}

// placeholderHosts are addresses no public site is published at.
var placeholderHosts = []string{"localhost", "127.0.0.1", "[::1]", "example.org", "example.com", "example.net"}

// IsPlaceholder reports whether u is an address no public site has (a
// local preview or an example domain), so that a build for it is not
// deployable as it is.
func IsPlaceholder(u *url.URL) bool {
	host := u.Hostname()
	for _, p := range placeholderHosts {
		if strings.EqualFold(host, strings.Trim(p, "[]")) || strings.HasSuffix(strings.ToLower(host), "."+p) {
			return true
		}
	}
	return false
}
