package keys

import (
	"reflect"

	"github.com/postal-access/portal/internal/model"
)

// What a page shows of objects other than its subject is declared here,
// per type of object, rather than found by walking the model graph:
//
//   - shows lists the objects a subject's page shows besides the subject
//     (a carrier's agreements, the lots it won, the facilities of its
//     wins, ...); each is hashed near: its own fields, and the own fields
//     of the objects it links to one by one;
//   - single lists the objects one object links to one by one (a lot's
//     auction, facility and winner), which is what near adds;
//   - selfOnly names the figures that only an object's own page (and the
//     pages that list the whole data set) shows, such as a carrier's share
//     of all awarded capacity: another page's key leaves them out, so
//     that a change to them does not make that page again. Name a field
//     there only while no template shows it on another object's page;
//   - twinReads classifies each field of a subject that links to other
//     objects by whether the subject's JSON twin shows their own fields
//     (the ids of a carrier's agreements, an auction's lot rows) or
//     nothing of them (a facility's shares name their carriers by the id
//     the share holds), so that renaming a carrier does not make again
//     the twins of the facilities where it won.
//
// TestDeclaredReads checks these against the model's fields: a pointer
// added to a model type fails it until it is declared here.

// shows lists the objects the page of subject e shows besides e.
func shows(e any) []any {
	var out []any
	switch e := e.(type) {
	case *model.Carrier:
		out = some(out, e.Parent)
		out = each(out, e.Subsidiaries)
		out = each(out, e.Agreements)
		out = each(out, e.Participations)
		out = each(out, e.LotsWon)
		for _, w := range e.Wins {
			out = some(out, w.Facility)
		}
	case *model.Facility:
		out = some(out, e.Parent)
		out = each(out, e.Children)
		out = each(out, e.Lots)
		out = some(out, e.State)
		out = concentration(out, &e.Concentration)
	case *model.Agreement:
		out = some(out, e.Shipper)
	case *model.Auction:
		out = each(out, e.Lots)
		out = each(out, e.Participants)
		out = concentration(out, &e.Concentration)
		out = each(out, e.Facilities)
	case *model.State:
		out = each(out, e.Facilities)
		out = each(out, e.Lots)
		out = concentration(out, &e.Concentration)
	case *model.Concentration:
		out = concentration(out, e)
	}
	return out
}

// single appends to out the objects e links to one by one: at most
// three, which a caller's array on the stack holds (a row's key and a
// linked object's near hash each ask, for every row of a build).
func single(out []any, e any) []any {
	switch e := e.(type) {
	case *model.Carrier:
		out = some(out, e.Parent)
	case *model.Facility:
		out = some(out, e.Parent)
		out = some(out, e.State)
		out = some(out, e.Concentration.Top)
	case *model.Agreement:
		out = some(out, e.Shipper)
	case *model.Lot:
		out = some(out, e.Auction)
		out = some(out, e.Facility)
		out = some(out, e.Winner)
	case *model.Participation:
		out = some(out, e.Auction)
		out = some(out, e.Carrier)
	case *model.Share:
		out = some(out, e.Carrier)
	case model.Share:
		out = some(out, e.Carrier)
	case model.FacilityWins:
		out = some(out, e.Facility)
	}
	return out
}

// selfOnly names, per model type, the fields only its own page shows.
var selfOnly = map[reflect.Type]map[string]bool{
	reflect.TypeFor[model.Carrier](): {"CapacityWon": true, "Share": true, "Wins": true},
	reflect.TypeFor[model.Auction](): {"Concentration": true},
	reflect.TypeFor[model.State]():   {"Concentration": true, "TopBand": true},
}

// twinReads names, per type of subject, every field that links to other
// objects: true when the subject's JSON twin (publish/twins.go) shows the
// linked objects' own fields, false when it shows nothing of them.
var twinReads = map[reflect.Type]map[string]bool{
	reflect.TypeFor[model.Carrier](): {"Parent": false, "Subsidiaries": false, "Agreements": true,
		"Participations": true, "LotsWon": true, "Wins": false},
	reflect.TypeFor[model.Facility](): {"Parent": false, "Children": false, "Lots": true, "State": false,
		"Concentration": false},
	reflect.TypeFor[model.Agreement](): {"Shipper": false},
	reflect.TypeFor[model.Auction](): {"Lots": true, "Participants": true, "Concentration": false,
		"Facilities": false},
	reflect.TypeFor[model.State](): {"Facilities": true, "Lots": false, "Concentration": false},
}

// twinShows lists the objects whose own fields the JSON twin of subject
// e shows, in the order of e's fields.
func twinShows(e any) []any {
	v := reflect.ValueOf(e)
	if v.Kind() != reflect.Pointer || v.Elem().Kind() != reflect.Struct {
		return nil
	}
	v = v.Elem()
	var out []any
	for _, f := range fieldsOf(v.Type()) {
		if !f.twin {
			continue
		}
		fv := v.Field(f.index)
		switch {
		case fv.Kind() == reflect.Pointer && !fv.IsNil():
			out = append(out, fv.Interface())
		case fv.Kind() == reflect.Slice:
			for i := range fv.Len() {
				if el := fv.Index(i); el.Kind() == reflect.Pointer && !el.IsNil() {
					out = append(out, el.Interface())
				}
			}
		}
	}
	return out
}

// concentration adds the holders a concentration shows: the carrier of
// each share, and its largest share.
func concentration(out []any, c *model.Concentration) []any {
	for i := range c.ByCarrier {
		out = some(out, c.ByCarrier[i].Carrier)
	}
	for i := range c.ByKind {
		out = some(out, c.ByKind[i].Carrier)
	}
	return some(out, c.Top)
}

// some adds p unless it is nil.
func some[T any](out []any, p *T) []any {
	if p == nil {
		return out
	}
	return append(out, p)
}

// each adds the objects of a list.
func each[T any](out []any, list []*T) []any {
	for _, p := range list {
		out = some(out, p)
	}
	return out
}
