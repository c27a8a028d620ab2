package site

import (
	"strings"
	"testing"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/render"
)

// TestSameFigureEverywhere builds the bundled portal and checks that each
// derived figure reads the same, in number and words, on every page that
// shows it. The bundled values were counted from the CSV files with awk:
// Amazon is the named winner of 15 lots, 14 with a capacity (279,000
// parcels a day in all) and 1 redacted; 19 of the 23 participants of the
// solicitation have the status bid.
func TestSameFigureEverywhere(t *testing.T) {
	t.Parallel()
	asOf := dataset.MustDate("2026-11-25")
	page := bundledPages(t)
	p := model.New(bundledData(t), asOf)

	amazon := p.Carrier("amazon")
	won := amazon.Won.Phrase()
	if want := "279,000 parcels a day from 15 lots (1 with its capacity redacted)"; won != want {
		t.Errorf("amazon.Won.Phrase() = %q, want %q", won, want)
	}
	// Lots won and capacity won, in words.
	for _, name := range []string{"index.html", "carriers/amazon/index.html"} {
		if !strings.Contains(page[name], won) {
			t.Errorf("%s does not say Amazon won %q", name, won)
		}
	}
	// Lots won and capacity won, in table rows: the carriers list and the
	// shares tables of the home page and of the solicitation.
	lots, capacity := `<td class="num">15</td>`, `>`+string(render.WonCell(amazon.Won))+`</td>`
	for _, name := range []string{"carriers/index.html", "index.html", "auctions/usps-last-mile-2026/index.html"} {
		row := rowOf(page[name], ">Amazon.com, Inc.</a></th>")
		if !strings.Contains(row, lots) || !strings.Contains(row, capacity) {
			t.Errorf("%s: Amazon's row %q does not contain %q and %q", name, row, lots, capacity)
		}
	}

	// Bidders: the auctions list counts those who bid, as the auction page does.
	a := p.Auction("usps-last-mile-2026")
	if a.Bidders() != 19 || len(a.Participants) != 23 {
		t.Errorf("Bidders() = %d of %d participants, want 19 of 23", a.Bidders(), len(a.Participants))
	}
	row := rowOf(page["auctions/index.html"], ">"+string(a.Title)+"</a></th>")
	if !strings.Contains(row, `<td class="num">19</td>`) {
		t.Errorf("auctions/index.html: row %q does not show 19 bidders", row)
	}
	if !strings.Contains(page["auctions/usps-last-mile-2026/index.html"], a.ParticipationPhrase()) || !strings.Contains(a.ParticipationPhrase(), "23 carriers took part: 19 bid") {
		t.Errorf("auction page does not say %q", a.ParticipationPhrase())
	}

	// Agreement status: known for the same number on the home page's lede
	// and card, never shown as a large zero.
	known := p.Status.StatusKnown()
	if want := "status known for 2 of 49"; known != want {
		t.Errorf("Status.StatusKnown() = %q, want %q", known, want)
	}
	if !strings.Contains(page["index.html"], known) {
		t.Errorf("index.html does not say %q", known)
	}
	if strings.Contains(page["index.html"], `<span class="big">0</span>`) {
		t.Errorf("index.html shows a large zero")
	}

	// A bound reads as a bound on the agreement's page and in the lists.
	for _, name := range []string{"agreements/amazon-usps-parcel-agreement/index.html", "agreements/index.html", "carriers/amazon/index.html"} {
		if !strings.Contains(page[name], "more than $6 billion") || strings.Contains(page[name], "$6,000,000,000") {
			t.Errorf("%s does not show Amazon's revenue as more than $6 billion", name)
		}
	}
}

// rowOf returns the table row of html that contains marker, or "".
func rowOf(html, marker string) string {
	i := strings.Index(html, marker)
	if i < 0 {
		return ""
	}
	start := strings.LastIndex(html[:i], "<tr")
	end := strings.Index(html[i:], "</tr>")
	if start < 0 || end < 0 {
		return ""
	}
	return html[start : i+end]
}
