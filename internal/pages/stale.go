package pages

import (
	"github.com/postal-access/portal/internal/content"
	"github.com/postal-access/portal/internal/diag"
)

// staleNote warns when the note cp, added to the entity page pg, is older
// than the data that page shows: the note's lastmod (else its date) is
// before the updated date, in data/datasets.yaml, of one of the page's
// data sets. The manifest's updated is the finest date of a data change
// the portal has; a note with neither lastmod nor date is not checked.
func staleNote(pg *Page, cp *content.Page, errs *diag.List) {
	if pg.Entity == nil {
		return
	}
	dated, field, at := cp.Dated()
	if dated.IsZero() {
		return
	}
	for _, m := range pg.Datasets {
		if m.Updated.After(dated) {
			errs.Warn(at, "", "this note on %s (%s %s) is older than the data on its page: data set %s was updated %s (data/datasets.yaml); check the text still holds, then set lastmod to the day you did",
				pg.URL, field, dated, m.Name, m.Updated).Names(field)
			return
		}
	}
}
