package publish

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"

	"github.com/postal-access/portal/internal/pages"
	"github.com/postal-access/portal/internal/render/links"
)

// redirects writes a redirect at every alias of a markdown page.
func redirects(w *writer, k *pages.Kind) error {
	for _, cp := range w.Content {
		for _, alias := range cp.Aliases {
			p := pages.OutPath(k.Path(alias))
			if err := w.add(p, redirect(w.Site, p, cp.URL)); err != nil {
				return err
			}
		}
	}
	return nil
}

// redirect is the page left at an alias (its output file is file): it
// sends readers, relatively, and search engines, by the canonical
// address, to the page's real address to.
func redirect(site *pages.Site, file, to string) []byte {
	abs := strings.TrimSuffix(site.BaseURL, "/") + to
	rel := links.RelativeURL(links.Up(file), to, "/")
	var b bytes.Buffer
	fmt.Fprintf(&b, "<!DOCTYPE html>\n<html lang=\"%s\"><head><meta charset=\"utf-8\"><title>Moved</title><meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'\"><link rel=\"canonical\" href=\"%s\"><meta name=\"robots\" content=\"noindex\"><meta http-equiv=\"refresh\" content=\"0; url=%s\"></head><body><p>This page has moved to <a href=\"%s\">%s</a>.</p></body></html>\n",
		xmlEsc(site.Language), xmlEsc(abs), xmlEsc(rel), xmlEsc(rel), xmlEsc(abs))
	return b.Bytes()
}

func xmlEsc(s string) string {
	var b bytes.Buffer
	_ = xml.EscapeText(&b, []byte(s))
	return b.String()
}
