package publish

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/postal-access/portal/internal/dataset"
	"github.com/postal-access/portal/internal/model"
	"github.com/postal-access/portal/internal/pages"
)

// twinObjects make the JSON twin of an entity page, by the page's kind
// (those with Twin in pages.Kinds): its row, where its page is, and what
// it links to. The updates about it are added after.
var twinObjects = map[string]func(site *pages.Site, e any) dataset.Record{
	"carrier":   twinOf(carrierTwin),
	"facility":  twinOf(facilityTwin),
	"agreement": twinOf(agreementTwin),
	"auction":   twinOf(auctionTwin),
	"state":     twinOf(stateTwin),
}

func twinOf[T any](f func(*pages.Site, T) dataset.Record) func(*pages.Site, any) dataset.Record {
	return func(site *pages.Site, e any) dataset.Record { return f(site, e.(T)) }
}

// twins writes the JSON twin of every entity page whose kind has one; a
// twin whose inputs are as the last build's is not made again.
func twins(w *writer, k *pages.Kind) error {
	for _, pg := range w.Plan {
		url, ok := pages.TwinURL(pg)
		if !ok {
			continue // a continuation page: its entity page has the twin
		}
		object := twinObjects[pg.Kind]
		if object == nil {
			return fmt.Errorf("%s: no JSON twin for pages of kind %s", pg.URL, pg.Kind)
		}
		related := w.Site.Related[pg.URL]
		key, ok := w.Keys.Twin(pg.Entity, related)
		record := func() dataset.Record {
			r := object(w.Site, pg.Entity)
			r.More = append(r.More, updatesAbout(w.Site, related))
			return r
		}
		// A twin of its own memory (w.marshal's), or, where the output
		// lends memory, made in the goroutine's scratch and lent.
		build, emit := func() ([]byte, error) { return w.marshal(record()) }, w.add
		if w.Lend != nil && !w.Indent {
			build = func() (_ []byte, err error) {
				w.scratch, err = record().AppendJSON(w.scratch[:0])
				return w.scratch, err
			}
			emit = w.lend
		}
		if err := w.keyedTo(file(url), key, ok, build, emit); err != nil {
			return err
		}
	}
	return nil
}

// more is the members a twin adds to its row's, with room for the
// updates about its subject, which twins appends: no second array.
func more(members ...dataset.Pair) dataset.Object {
	return append(make(dataset.Object, 0, len(members)+1), members...)
}

func carrierTwin(site *pages.Site, c *model.Carrier) dataset.Record {
	return dataset.Record{Row: dataset.Row{Cols: site.Portal.Data.Carriers.Columns, Row: c.Carrier},
		More: more(link(site, pages.KindOf("carrier").Path(string(c.ID))),
			ids("agreements", c.Agreements, func(a *model.Agreement) string { return string(a.ID) }),
			ids("auctions", c.Participations, func(pt *model.Participation) string { return string(pt.AuctionID) }),
			ids("lots_won", c.LotsWon, lotID),
			num("capacity_won_parcels_per_day", fmt.Sprint(c.CapacityWon)),
			num("share_of_awarded_capacity_percent", fmt.Sprintf("%.2f", c.Share)))}
}

func facilityTwin(site *pages.Site, f *model.Facility) dataset.Record {
	return dataset.Record{Row: dataset.Row{Cols: site.Portal.Data.Facilities.Columns, Row: f.Facility},
		More: more(link(site, pages.KindOf("facility").Path(string(f.ID))),
			ids("lots", f.Lots, lotID),
			concentration(f.Concentration))}
}

func agreementTwin(site *pages.Site, a *model.Agreement) dataset.Record {
	return dataset.Record{Row: dataset.Row{Cols: site.Portal.Data.Agreements.Columns, Row: a.Agreement},
		More: more(link(site, pages.KindOf("agreement").Path(string(a.ID))),
			dataset.Pair{Name: "status_as_of", JSON: a.Status},
			dataset.Pair{Name: "status_derived_from_dates", JSON: a.StatusDerived},
			dataset.Pair{Name: "as_of", JSON: site.Portal.AsOf.String()})}
}

func auctionTwin(site *pages.Site, a *model.Auction) dataset.Record {
	d := site.Portal.Data
	lots := make([]dataset.Row, len(a.Lots))
	for i, l := range a.Lots {
		lots[i] = dataset.Row{Cols: d.Results.Columns, Row: l.Result}
	}
	parts := make([]dataset.Row, len(a.Participants))
	for i, pt := range a.Participants {
		parts[i] = dataset.Row{Cols: d.Participation.Columns, Row: pt.Participation}
	}
	return dataset.Record{Row: dataset.Row{Cols: d.Auctions.Columns, Row: a.Auction},
		More: more(link(site, pages.KindOf("auction").Path(string(a.ID))),
			dataset.Pair{Name: "lots", JSON: lots}, dataset.Pair{Name: "participation", JSON: parts},
			concentration(a.Concentration))}
}

func stateTwin(site *pages.Site, s *model.State) dataset.Record {
	return dataset.Record{More: more(dataset.Pair{Name: "code", JSON: s.Code}, dataset.Pair{Name: "name", JSON: s.Name},
		link(site, pages.KindOf("state").Path(s.Slug)),
		ids("facilities", s.Facilities, func(f *model.Facility) string { return string(f.ID) }),
		concentration(s.Concentration))}
}

func lotID(l *model.Lot) string { return string(l.AuctionID) + "/" + string(l.LotID) }

func link(site *pages.Site, p string) dataset.Pair {
	return dataset.Pair{Name: "url", JSON: strings.TrimSuffix(site.BaseURL, "/") + p}
}

// updatesAbout lists the updates about an entity, newest first, as its
// page does.
func updatesAbout(site *pages.Site, related []*pages.Update) dataset.Pair {
	out := make([]dataset.Object, len(related))
	for i, u := range related {
		out[i] = dataset.Object{{Name: "title", JSON: u.Title}, {Name: "date", JSON: u.Date.String()}, link(site, u.URL)}
	}
	return dataset.Pair{Name: "updates", JSON: out}
}

func num(name, v string) dataset.Pair { return dataset.Pair{Name: name, JSON: json.Number(v)} }

func ids[T any](name string, items []T, id func(T) string) dataset.Pair {
	out := make([]string, 0, len(items))
	var seen map[string]bool // only for long lists: most are a few ids
	for _, it := range items {
		s := id(it)
		switch {
		case len(out) < 16:
			if slices.Contains(out, s) {
				continue
			}
		case seen == nil:
			seen = make(map[string]bool, len(items))
			for _, o := range out {
				seen[o] = true
			}
			fallthrough
		default:
			if seen[s] {
				continue
			}
			seen[s] = true
		}
		out = append(out, s)
	}
	return dataset.Pair{Name: name, JSON: out}
}

// concentration is a twin's concentration object, written directly: a
// facility's, carrier's, state's or auction's twin lists every carrier's
// share, and the members of each, boxed into an Object, were 4 % of a
// cold build's allocations. The bytes are concentrationObject's (held to
// it by TestConcentrationAsObject), which writes a percent that is not a
// plain number, as the Object does.
func concentration(c model.Concentration) dataset.Pair {
	b := make([]byte, 0, 224+len(c.ByCarrier)*112)
	member := func(name string, v int64) {
		b = strconv.AppendInt(append(append(b, ',', '"'), name...), v, 10)
	}
	b = strconv.AppendInt(append(b, `{"lots":`...), int64(c.Lots), 10)
	member(`awarded":`, int64(c.Awarded))
	member(`disclosed":`, int64(c.Disclosed))
	member(`sealed_winner":`, int64(c.Sealed))
	member(`capacity_not_public":`, int64(c.NoCapacity))
	member(`awarded_capacity_parcels_per_day":`, c.Total)
	if c.HasHHI {
		member(`hhi":`, int64(c.HHI))
		b = dataset.AppendJSONString(append(b, `,"band":`...), string(c.Band))
	}
	b = append(b, `,"shares":[`...)
	for i, s := range c.ByCarrier {
		if i > 0 {
			b = append(b, ',')
		}
		b = dataset.AppendJSONString(append(b, `{"carrier_id":`...), s.Key)
		member(`capacity_parcels_per_day":`, s.Capacity)
		member(`lots":`, int64(s.Lots))
		b = append(b, `,"percent":`...)
		start := len(b)
		if b = strconv.AppendFloat(b, s.Percent, 'f', 2, 64); !dataset.PlainNumber(b[start:]) {
			return concentrationObject(c)
		}
		b = append(b, '}')
	}
	b = append(b, ']', '}')
	return dataset.Pair{Name: "concentration", JSON: json.RawMessage(b)}
}

// concentrationObject is the concentration object as an Object.
func concentrationObject(c model.Concentration) dataset.Pair {
	obj := dataset.Object{
		{Name: "lots", JSON: c.Lots}, {Name: "awarded", JSON: c.Awarded}, {Name: "disclosed", JSON: c.Disclosed},
		{Name: "sealed_winner", JSON: c.Sealed}, {Name: "capacity_not_public", JSON: c.NoCapacity},
		{Name: "awarded_capacity_parcels_per_day", JSON: c.Total},
	}
	if c.HasHHI {
		obj = append(obj, dataset.Pair{Name: "hhi", JSON: c.HHI}, dataset.Pair{Name: "band", JSON: string(c.Band)})
	}
	shares := make([]dataset.Object, len(c.ByCarrier))
	for i, s := range c.ByCarrier {
		shares[i] = dataset.Object{{Name: "carrier_id", JSON: s.Key}, {Name: "capacity_parcels_per_day", JSON: s.Capacity}, {Name: "lots", JSON: s.Lots}, num("percent", fmt.Sprintf("%.2f", s.Percent))}
	}
	obj = append(obj, dataset.Pair{Name: "shares", JSON: shares})
	return dataset.Pair{Name: "concentration", JSON: obj}
}
