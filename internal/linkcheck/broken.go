package linkcheck

import (
	"fmt"

	"github.com/postal-access/portal/internal/diag"
)

// Broken is a reference that does not resolve.
type Broken struct {
	// From is the output file that holds it, "guide/index.html".
	From string
	// Href is the reference as written in the page.
	Href string
	// Target is the site path it leads to, with its fragment, as
	// "/carriers/acme/#lots"; Href when it does not parse.
	Target string
	// Problem says what is wrong with Target: "no such page or file in
	// the build", or that the fragment names no element.
	Problem string
	// ParseErr is why Href does not parse, if it does not.
	ParseErr error

	// At is where the link was written: the line and column of the
	// markdown, or the template of the page's kind (then Page is the
	// page's URL), or by default the output file (see Locate).
	At   diag.Pos
	Page string
}

// Message says what is wrong, naming the link.
func (b *Broken) Message() string {
	if b.ParseErr != nil {
		return fmt.Sprintf("link %q does not parse: %v", b.Href, b.ParseErr)
	}
	return "link " + b.Target + ": " + b.Problem
}

// Diagnostic reports b where it was written; at a template, it names the
// page and points at the output file.
func (b *Broken) Diagnostic() *diag.Diagnostic {
	if b.Page != "" {
		return &diag.Diagnostic{Pos: b.At, Msg: "on page " + b.Page + ": " + b.Message(), Related: &diag.Pos{File: b.From}}
	}
	return &diag.Diagnostic{Pos: b.At, Msg: b.Message()}
}

// List reports every broken link where it was written, sorted, each
// place and message once (a template's link breaks on every page of its
// kind).
func List(broken []Broken) diag.List {
	var out diag.List
	for i := range broken {
		out = append(out, broken[i].Diagnostic())
	}
	out.Sort()
	return out.Dedupe()
}
