package render

import (
	"fmt"
	"html/template"
	"strconv"
	"strings"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
)

// Table cells as ready values. Long tables have thousands of rows (a lot
// shows on its facility, its winner and its auction; an agreement on its
// carrier and the list), and every template action costs at least one
// reflective call, an address in an href four. So the contents of a row's
// cells are made in Go in one call, and the row partials read them as
// fields: the table's markup (rows, cells, classes, which columns show)
// stays in the templates. A link is a whole <a> element, as the shipper
// and winner helpers have always made it.

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

// Day is a date as a table cell shows it: Sort is the ISO date a table
// sorts by (data-sort), Show the <time> element or a marker (DayHTML).
type Day struct {
	Sort string
	Show template.HTML
}

func dayOf(d dataset.Date) Day { return Day{Sort: d.String(), Show: DayHTML(d)} }

// lotCells makes a lot's cells. They are not kept: a build keeps little
// beyond its data, and making them again costs a few string joins.
func (e *Env) lotCells(l *model.Lot) (*LotCells, error) {
	r := &l.Result
	out := &LotCells{
		ID: string(r.LotID), Winner: e.Winner(l),
		Capacity: Volume(r.Capacity), Clearing: Money(r.Clearing), Bids: CountHTML(r.Bids), Reserve: Money(r.Reserve),
		Start: dayOf(r.WindowStart), End: dayOf(r.WindowEnd),
	}
	var err error
	if out.Facility, err = e.anchor(l.Facility, string(l.Facility.Name)); err != nil {
		return nil, err
	}
	out.Auction, err = e.anchor(l.Auction, string(r.AuctionID))
	return out, err
}

func (e *Env) agreementCells(a *model.Agreement) (*AgreementCells, error) {
	r := &a.Agreement
	product, err := e.anchor(a, string(r.Product))
	return &AgreementCells{
		Product: product, Shipper: e.Shipper(a),
		Revenue: Estimate(r.EstRevenue, r.RevenueQual), Docket: Docket(r.Docket.Docket),
		Status: a.Status, Expiring: a.ExpiringSoon, DaysLeft: a.DaysLeft,
		Expires: dayOf(r.Expires), Filed: dayOf(r.Filed), Effective: dayOf(r.Effective),
	}, err
}

func (e *Env) shareCells(sh model.Share) (*ShareCells, error) {
	out := &ShareCells{Kind: KindName(sh.Key), Lots: dataset.Group(int64(sh.Won.Lots)), Won: WonCell(sh.Won), Pct: Pct(sh.Percent)}
	if k := sh.Carrier; k != nil {
		var err error
		out.Kind = KindName(k.Carrier.Kind)
		if out.Carrier, err = e.anchor(k, string(k.Carrier.Name)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (e *Env) carrierCells(k *model.Carrier) (*CarrierCells, error) {
	r := &k.Carrier
	link, err := e.anchor(k, string(r.Name))
	return &CarrierCells{
		Link: link, Won: WonCell(k.Won), Capacity: strconv.FormatInt(k.Won.Capacity, 10), Share: Pct(k.Share),
		Agreements: dataset.Group(int64(len(k.Agreements))), Lots: dataset.Group(int64(k.Won.Lots)),
		Kind: KindName(r.Kind), HQ: string(r.HQState),
	}, err
}

func (e *Env) facilityCells(f *model.Facility) (*FacilityCells, error) {
	r, c := &f.Facility, &f.Concentration
	out := &FacilityCells{
		Type: string(r.Type), City: string(r.City), Lots: dataset.Group(int64(len(f.Lots))), Total: dataset.Group(c.Total),
		HHI: dataset.Group(int64(c.HHI)), HHISort: c.HHI, HasHHI: c.HasHHI,
	}
	var err error
	if out.Link, err = e.anchor(f, string(r.Name)); err != nil {
		return nil, err
	}
	if f.State != nil {
		out.State, err = e.anchor(f.State, f.State.Code)
	}
	return out, err
}

func (e *Env) winCells(w model.FacilityWins) (*WinCells, error) {
	f := w.Facility
	c := &f.Concentration
	out := &WinCells{
		Won: WonCell(w.Won), Share: Pct(w.Share), Lots: dataset.Group(int64(w.Won.Lots)),
		HHI: dataset.Group(int64(c.HHI)), Type: string(f.Facility.Type),
		HasShare: c.HasHHI && w.NoCapacity() < w.Won.Lots, HasHHI: c.HasHHI,
	}
	var err error
	if out.Facility, err = e.anchor(f, string(f.Facility.Name)); err != nil {
		return nil, err
	}
	if f.State != nil {
		out.State, err = e.anchor(f.State, f.State.Code)
	}
	return out, err
}

func (e *Env) participationCells(p *model.Participation) (*ParticipationCells, error) {
	r := &p.Participation
	out := &ParticipationCells{
		Kind: KindName(p.Carrier.Carrier.Kind), Status: string(r.Status),
		LotsBid: CountHTML(r.LotsBid), LotsWon: CountHTML(r.LotsWon), CapacityWon: CountHTML(r.CapacityWon),
	}
	var err error
	if out.Auction, err = e.anchor(p.Auction, string(p.Auction.Auction.Title)); err != nil {
		return nil, err
	}
	out.Carrier, err = e.anchor(p.Carrier, string(p.Carrier.Carrier.Name))
	return out, err
}

// anchor is a link to an entity's page with text, written as
// html/template writes <a href="{{link .}}">{{text}}</a>, byte for byte.
func (e *Env) anchor(v any, text string) (template.HTML, error) {
	u, err := e.Link(v)
	if err != nil {
		return "", err
	}
	return anchorHTML(u, text), nil
}

// anchorHTML is <a href="{{u}}">{{text}}</a> as html/template writes it
// for a relative or http(s) address u (FuzzAnchorHTML holds it to that).
func anchorHTML(u, text string) template.HTML {
	return template.HTML(`<a href="` + htmlEscaper.Replace(normalizeURL(u)) + `">` + htmlEscaper.Replace(text) + `</a>`)
}

// htmlEscaper escapes text and attribute values as html/template does
// (which, unlike template.HTMLEscapeString, also escapes "+").
var htmlEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// normalizeURL percent-encodes what html/template's URL normalizer
// encodes in an href: everything but RFC 3986's unreserved and reserved
// characters (quotes and parentheses included) and valid escapes.
func normalizeURL(s string) string {
	var b strings.Builder
	written := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
			continue
		case strings.IndexByte("!#$&*+,/:;=?@[]-._~", c) >= 0:
			continue
		case c == '%' && i+2 < len(s) && isHex(s[i+1]) && isHex(s[i+2]):
			continue
		}
		b.WriteString(s[written:i])
		fmt.Fprintf(&b, "%%%02x", c)
		written = i + 1
	}
	if written == 0 {
		return s
	}
	b.WriteString(s[written:])
	return b.String()
}

func isHex(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}
