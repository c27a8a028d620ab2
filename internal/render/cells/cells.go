// Package cells holds the contents of table cells as ready values, and
// links written as html/template writes them.
//
// Long tables have thousands of rows (a lot shows on its facility, its
// winner and its auction; an agreement on its carrier and the list), and
// every template action costs at least one
// reflective call, an address in an href four. So the contents of a row's
// cells are made in Go in one call, and the row partials read them as
// fields: the table's markup (rows, cells, classes, which columns show)
// stays in the templates. A link is a whole <a> element, as the shipper
// and winner helpers have always made it.
package cells

import (
	"html/template"

	"github.com/postal-access/portal/internal/render/fastexec"
)

// LotCells are the cells of a lot's row (partials/lots.html).
type LotCells struct {
	ID                                string
	Facility, Winner, Auction         template.HTML // links, or a marker for the winner
	Capacity, Clearing, Bids, Reserve template.HTML
	Start, End                        Day
}

// AgreementCells are the cells of an agreement's row
// (partials/agreements.html).
type AgreementCells struct {
	Product, Shipper, Revenue, Docket template.HTML
	Status                            string
	Expiring                          bool
	DaysLeft                          int
	Expires, Filed, Effective         Day
}

// ShareCells are the cells of a share row (partials/shares.html): the
// carrier's link and kind, or the kind alone for a share by kind.
type ShareCells struct {
	Carrier   template.HTML // empty for a share by kind
	Kind      string
	Lots, Pct string
	Won       template.HTML
}

// CarrierCells are the cells of a carrier's row (carriers.html).
type CarrierCells struct {
	Link, Won                         template.HTML
	Capacity, Share, Agreements, Lots string
	Kind, HQ                          string
}

// FacilityCells are the cells of a facility's row (facilities.html,
// state.html): HHI shows only when HasHHI, State is empty when the
// facility has none.
type FacilityCells struct {
	Link, State                  template.HTML
	Type, City, Lots, Total, HHI string
	HHISort                      int
	HasHHI                       bool
}

// WinCells are the cells of a carrier's wins at a facility (carrier.html):
// the carrier's share of the facility shows only when HasShare, the
// facility's HHI only when HasHHI.
type WinCells struct {
	Facility, State, Won   template.HTML
	Share, Lots, HHI, Type string
	HasShare, HasHHI       bool
}

// ParticipationCells are the cells of a participation's row (carrier.html,
// auction.html).
type ParticipationCells struct {
	Auction, Carrier              template.HTML
	Kind, Status                  string
	LotsBid, LotsWon, CapacityWon template.HTML
}

// AgreementFacts are the facts of an agreement's page (agreement.html),
// dates as people read them; Terminated is empty when it was not.
type AgreementFacts struct {
	Customer, Docket, MCDocket, MinAnnual, Revenue template.HTML
	Filed, Signed, Effective, Expires, Terminated  template.HTML
}

// FacilityFacts are the facts of a facility's page (facility.html) that
// take a helper to show: links to its state, the facility that serves it
// and those it serves (empty or nil when there are none), its capacity,
// its lots and its concentration.
type FacilityFacts struct {
	State, Parent, Capacity template.HTML
	Children                []template.HTML
	Lots, Awarded, HHI      string
}

// FactsData are the cells of an entity's "Source" and "Data" facts
// (partials/facts-data.html): Source is a link when the source is an
// http(s) address, JSON the address of the page's JSON twin, if any, and
// Sets links to the entity's data set among the page's.
type FactsData struct {
	Source template.HTML
	JSON   string
	Sets   []template.HTML
}

// Day is a date as a table cell shows it: Sort is the ISO date a table
// sorts by (data-sort), Show the <time> element or a marker (DayHTML).
type Day struct {
	Sort string
	Show template.HTML
}

// Anchor is <a href="{{u}}">{{text}}</a> as html/template writes it
// (FuzzAnchorHTML holds it to that): an address with a scheme other
// than http, https or mailto becomes "#ZgotmplZ", as there.
func Anchor(u, text string) template.HTML { return anchor(u, "", text) }

// ExternalAnchor is <a href="{{u}}" rel="external nofollow">{{text}}</a>,
// a link out of the site, as html/template writes it, unsafe schemes
// included.
func ExternalAnchor(u, text string) template.HTML {
	return anchor(u, ` rel="external nofollow"`, text)
}

func anchor(u, attrs, text string) template.HTML {
	return template.HTML(`<a href="` + fastexec.URLAttr(u) + `"` + attrs + `>` + fastexec.HTMLText(text) + `</a>`)
}
