package render

import (
	"fmt"
	"html/template"
	"strconv"

	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/render/chart"
)

func (e *Env) blockChart(b *content.Block) (template.HTML, error) {
	b, name, err := argsToFields(b, "chart")
	if err != nil {
		return "", err
	}
	id := fmt.Sprintf("block-%d", b.Line)
	caption := func(def string) string {
		if f, ok := b.Get("caption"); ok {
			return f.Value
		}
		return def
	}
	figure := func(title string, svg template.HTML) template.HTML {
		if svg == "" {
			return template.HTML(`<p class="figure-note">` + esc(title) + `: no data to chart.</p>`)
		}
		return template.HTML(`<figure><figcaption>` + esc(title) + `</figcaption>` + string(svg) + `</figure>`)
	}
	switch name {
	case "shares":
		sc, err := e.scope(b)
		if err != nil {
			return "", err
		}
		byKind := false
		if f, ok := b.Get("by"); ok {
			switch f.Value {
			case "kind":
				byKind = true
			case "carrier":
			default:
				return "", fieldError(f, fmt.Sprintf("%q: want carrier or kind", f.Value))
			}
		}
		what := "carrier"
		if byKind {
			what = "kind of carrier"
		}
		title := caption(fmt.Sprintf("Share of awarded capacity by %s, %s", what, sc.label))
		return figure(title, chart.BarChart(id, title, ShareBars(e, sc.c, byKind, 0))), nil
	case "hhi":
		n := 10
		if f, ok := b.Get("limit"); ok {
			if n, err = strconv.Atoi(f.Value); err != nil || n < 1 || n > 100 {
				return "", fieldError(f, fmt.Sprintf("%q: want a whole number from 1 to 100", f.Value))
			}
		}
		title := caption("Concentration of awarded capacity (HHI) by facility")
		return figure(title, e.hhiChart(id, e.Portal.Facilities, n)), nil
	case "timeline":
		agreements := e.Portal.Agreements
		title := "Agreements over time"
		if f, ok := b.Get("shipper"); ok {
			c := e.Portal.Carrier(dataset.Slug(f.Value))
			if c == nil {
				return "", fieldError(f, fmt.Sprintf("no carrier with id %q", f.Value))
			}
			agreements, title = c.Agreements, "Agreements of "+string(c.Name)+" over time"
		}
		title = caption(title)
		return figure(title, e.timeline(id, title, agreements)), nil
	}
	return "", &content.BlockError{Key: "chart", Msg: fmt.Sprintf("unknown chart %q; want shares, hhi or timeline", name)}
}
