package render

import (
	"html/template"
	"strings"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/model"
)

// blockDefinitions lists the derived figures as the model defines them
// ("definitions: figures"), so that the methodology page can never say
// other than what the pages compute.
func blockDefinitions(b *content.Block) (template.HTML, error) {
	f, _ := b.Get("definitions")
	if f.Value != "figures" {
		return "", fieldError(f, "want definitions: figures")
	}
	var out strings.Builder
	out.WriteString(`<dl class="definitions">`)
	for _, d := range model.Definitions() {
		out.WriteString(`<dt id="figure-` + esc(d.Key) + `">` + esc(d.Name) + `</dt><dd>` + esc(d.Means) + `</dd>`)
	}
	out.WriteString(`</dl>`)
	return template.HTML(out.String()), nil
}
