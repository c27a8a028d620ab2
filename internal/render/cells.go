package render

import (
	"html/template"
	"strconv"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/render/cells"
	"github.com/postal-access/portal/internal/render/fastexec"
)

// The constructors of the row cells of package cells, for the row
// partials: each makes a row's cells in one template call.

func dayOf(d dataset.Date) cells.Day {
	if d.IsZero() {
		return cells.Day{Show: unknownHTML}
	}
	return days.Get(d, makeDay)
}

func makeDay(d dataset.Date) cells.Day {
	iso := d.String()
	return cells.Day{Sort: iso, Show: dayHTML(iso, d)}
}

// days are the cells of dates, each made once: every table row shows its
// dates, a site has a few thousand distinct ones, and making them again
// was 6 % of a cold build's allocations.
var days dataset.DateMemo[cells.Day]

// lotCells makes a lot's cells. They are not kept: a build keeps little
// beyond its data, and making them again costs a few string joins.
func (e *Env) lotCells(l *model.Lot) (*cells.LotCells, error) {
	r := l.Result
	out := &cells.LotCells{
		ID: string(r.LotID), Winner: e.Winner(l),
		Capacity: Volume(r.Capacity), Clearing: Money(r.ClearingPrice()), Bids: CountHTML(r.Bids), Reserve: Money(r.Reserve),
		Start: dayOf(r.WindowStart), End: dayOf(r.WindowEnd),
	}
	var err error
	if out.Facility, err = e.anchor(l.Facility, string(l.Facility.Name)); err != nil {
		return nil, err
	}
	out.Auction, err = e.anchor(l.Auction, string(r.AuctionID))
	return out, err
}

func (e *Env) agreementCells(a *model.Agreement) (*cells.AgreementCells, error) {
	r := a.Agreement
	product, err := e.anchor(a, string(r.Product))
	return &cells.AgreementCells{
		Product: product, Shipper: e.Shipper(a),
		Revenue: Estimate(r.EstRevenue, r.RevenueQual), Docket: Docket(r.Docket.Docket),
		Status: a.Status, Expiring: a.ExpiringSoon, DaysLeft: a.DaysLeft,
		Expires: dayOf(r.Expires), Filed: dayOf(r.Filed), Effective: dayOf(r.Effective),
	}, err
}

func (e *Env) shareCells(sh model.Share) (*cells.ShareCells, error) {
	out := &cells.ShareCells{Kind: KindName(sh.Key), Lots: dataset.Group(int64(sh.Won.Lots)), Won: WonCell(sh.Won), Pct: Pct(sh.Percent)}
	if k := sh.Carrier; k != nil {
		var err error
		out.Kind = KindName(k.Carrier.Kind)
		if out.Carrier, err = e.anchor(k, string(k.Carrier.Name)); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (e *Env) carrierCells(k *model.Carrier) (*cells.CarrierCells, error) {
	r := k.Carrier
	link, err := e.anchor(k, string(r.Name))
	return &cells.CarrierCells{
		Link: link, Won: WonCell(k.Won), Capacity: strconv.FormatInt(k.Won.Capacity, 10), Share: Pct(k.Share),
		Agreements: dataset.Group(int64(len(k.Agreements))), Lots: dataset.Group(int64(k.Won.Lots)),
		Kind: KindName(r.Kind), HQ: string(r.HQState),
	}, err
}

func (e *Env) facilityCells(f *model.Facility) (*cells.FacilityCells, error) {
	r, c := f.Facility, &f.Concentration
	out := &cells.FacilityCells{
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

func (e *Env) winCells(w model.FacilityWins) (*cells.WinCells, error) {
	f := w.Facility
	c := &f.Concentration
	out := &cells.WinCells{
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

func (e *Env) participationCells(p *model.Participation) (*cells.ParticipationCells, error) {
	r := p.Participation
	out := &cells.ParticipationCells{
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

func (e *Env) agreementFacts(a *model.Agreement) *cells.AgreementFacts {
	r := a.Agreement
	f := &cells.AgreementFacts{
		Customer: e.Shipper(a), Docket: Docket(r.Docket.Docket), MCDocket: Docket(r.MCDocket.Docket),
		MinAnnual: Volume(r.MinAnnual), Revenue: Estimate(r.EstRevenue, r.RevenueQual),
		Filed: DateHTML(r.Filed), Signed: DateHTML(r.Signed), Effective: DateHTML(r.Effective), Expires: DateHTML(r.Expires),
	}
	if !r.Terminated.IsZero() {
		f.Terminated = DateHTML(r.Terminated)
	}
	return f
}

func (e *Env) facilityFacts(f *model.Facility) (*cells.FacilityFacts, error) {
	c := &f.Concentration
	out := &cells.FacilityFacts{
		Capacity: CountHTML(f.Facility.Capacity), Lots: dataset.Group(int64(len(f.Lots))),
		Awarded: dataset.Group(int64(c.Awarded)), HHI: HHI(*c),
	}
	var err error
	if f.State != nil {
		if out.State, err = e.anchor(f.State, f.State.Name); err != nil {
			return nil, err
		}
	}
	if p := f.Parent; p != nil {
		if out.Parent, err = e.anchor(p, string(p.Facility.Name)); err != nil {
			return nil, err
		}
	}
	for _, k := range f.Children {
		a, err := e.anchor(k, string(k.Facility.Name))
		if err != nil {
			return nil, err
		}
		out.Children = append(out.Children, a)
	}
	return out, nil
}

// factsData makes the "Source" and "Data" facts of an entity whose row
// comes from source, on a page with the JSON twin json that shows the
// data sets sets; set names the entity's own.
func (e *Env) factsData(source dataset.Link, json string, sets []dataset.Meta, set string) *cells.FactsData {
	d := &cells.FactsData{}
	if source.External() {
		d.Source = cells.ExternalAnchor(string(source), string(source))
	}
	if json == "" {
		return d
	}
	d.JSON = e.URL(json)
	for _, m := range sets {
		if m.Name == set {
			d.Sets = append(d.Sets, cells.Anchor(e.URL("/data/#"+m.Name), m.Title))
		}
	}
	return d
}

// anchor is a link to an entity's page with text, written as
// html/template writes <a href="{{link .}}">{{text}}</a>, byte for byte.
// The address is made in stack memory, and copied once, into the link,
// when html/template would write it as it is: that is every address of
// a site whose base path is plain, and the ids always are (a link was two
// strings, 6 % of a build's allocations).
func (e *Env) anchor(v any, text string) (template.HTML, error) {
	var l cachedLink
	switch x := v.(type) {
	case *model.Carrier:
		l = e.cachedLinks().carriers[x]
	case *model.Auction:
		l = e.cachedLinks().auctions[x]
	case *model.Facility:
		l = e.cachedLinks().facilities[x]
	}
	if l.html != "" && l.text == text {
		return l.html, nil
	}
	return e.makeAnchor(v, text)
}

func (e *Env) makeAnchor(v any, text string) (template.HTML, error) {
	var mem [128]byte
	u, err := e.appendLink(mem[:0], v)
	if err != nil {
		return "", err
	}
	if !plainURL(u) {
		return cells.Anchor(string(u), text), nil
	}
	return template.HTML(`<a href="` + string(u) + `">` + fastexec.HTMLText(text) + `</a>`), nil
}

// plainURL reports whether u is a relative address html/template writes
// in an attribute as it is: letters, digits and - . _ ~ / # alone.
func plainURL(u []byte) bool {
	for _, c := range u {
		if !urlPlain[c] {
			return false
		}
	}
	return true
}

// urlPlain are the bytes plainURL allows, by table: every link of every
// table row is read through it.
var urlPlain = func() (t [256]bool) {
	for c := range 256 {
		t[c] = 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' || c == '/' || c == '#'
	}
	return t
}()

// linkCache holds the links to the entities most table rows link to: a
// lot's winner, facility and auction, an agreement's customer, a share's
// carrier. A site has a few thousand carriers, tens of thousands of
// facilities and a handful of auctions, and rows linked to them well over
// a million times at scale 16, each link two strings joined: they are
// made once for a portal and base path (3 MB at scale 16).
type linkCache struct {
	portal     *model.Portal
	base       string
	carriers   map[*model.Carrier]cachedLink  // as anchor writes them, with the carrier's name
	auctions   map[*model.Auction]cachedLink  // with the auction's id
	facilities map[*model.Facility]cachedLink // with the facility's name
	winners    map[*model.Carrier]template.HTML
}

type cachedLink struct {
	text string
	html template.HTML
}

// ForgetLinks lets go of the links made for the last portal: a rebuild
// that makes a new model lets the old one go before it does (portal
// serve), and the links would hold it.
func (e *Env) ForgetLinks() { e.links.Store(nil) }

// cachedLinks returns the links of e's portal and base path, made the
// first time they are asked for (two goroutines may both make them; they
// make the same).
func (e *Env) cachedLinks() *linkCache {
	c := e.links.Load()
	if c != nil && c.portal == e.Portal && c.base == e.BasePath {
		return c
	}
	c = &linkCache{portal: e.Portal, base: e.BasePath}
	if p := e.Portal; p != nil {
		c.carriers = anchorsOf(e, p.Carriers, func(k *model.Carrier) string { return string(k.Name) })
		c.facilities = anchorsOf(e, p.Facilities, func(f *model.Facility) string { return string(f.Name) })
		c.auctions = anchorsOf(e, p.Auctions, func(a *model.Auction) string { return string(a.ID) })
		c.winners = make(map[*model.Carrier]template.HTML, len(p.Carriers))
		for _, k := range p.Carriers {
			c.winners[k] = e.carrierLink(k)
		}
	}
	e.links.Store(c)
	return c
}

// anchorsOf makes the links of entities as anchor writes them, each with
// its text.
func anchorsOf[T comparable](e *Env, entities []T, text func(T) string) map[T]cachedLink {
	m := make(map[T]cachedLink, len(entities))
	for _, x := range entities {
		if h, err := e.makeAnchor(x, text(x)); err == nil {
			m[x] = cachedLink{text(x), h}
		}
	}
	return m
}
