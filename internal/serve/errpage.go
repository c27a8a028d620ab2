package serve

import (
	"html"
	"strings"
)

// errorPageCSP is the policy of the error page: as strict as the bundled
// templates' (no inline script or style), since the page shows text from
// the sources and the templates that set the site's own policy may be the
// very files that fail.
const errorPageCSP = "default-src 'self'; script-src 'self'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'"

// errorPage is what every page request gets while no build has succeeded:
// the errors, one a line as the terminal shows them, each escaped. It has
// no script of its own; ServeHTTP injects the live-reload script as into
// any page, which fills the list anew after each failed build and loads
// the site once one succeeds.
func errorPage(errText string) []byte {
	var b strings.Builder
	b.WriteString(`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="` + errorPageCSP + `">
<meta name="robots" content="noindex">
<title>Build failed: no site to preview yet</title>
</head>
<body>
<main>
<h1>The site could not be built</h1>
<p>No build has succeeded yet, so there is no page to show. Fix these errors and save: the site loads here by itself.</p>
<ul id="portal-serve-errors">
`)
	for _, line := range strings.Split(strings.TrimRight(errText, "\n"), "\n") {
		b.WriteString("<li><code>")
		b.WriteString(html.EscapeString(line))
		b.WriteString("</code></li>\n")
	}
	b.WriteString("</ul>\n</main>\n</body>\n</html>\n")
	return []byte(b.String())
}
