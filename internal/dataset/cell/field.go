// Package cell holds the values one CSV cell of a data set can hold: ids,
// text, web addresses, money, counts, dates, dockets and the enumerated
// kinds. Each type reads and validates itself (UnmarshalCSV, which gocsv
// calls), and implements Field: how it prints in CSV and JSON, declares
// itself to Frictionless and shows to people. Package dataset puts these
// types in its rows; everything about one value is here.
package cell

import "strconv"

// Field is what every column type of a row is: it says how its value is
// written in CSV and JSON, how the column declares itself to Frictionless,
// and how the value is shown and sorted. Each column type implements it
// (see the checks below), so publishing and display need no type
// switches and never fall back to Go's debug text.
type Field interface {
	// CSV is the value as written in CSV: "" when unknown, RedactedWord
	// when under seal. UnmarshalCSV reads it back to the same value.
	CSV() string
	// AppendCSV appends CSV() to b: downloads write every cell, and a
	// string for each would be as many allocations.
	AppendCSV(b []byte) []byte
	// JSONNumber reports whether the value is a number in JSON, written
	// as its CSV text. Otherwise it is its CSV text as a string, or null
	// when that is empty: a redacted value is the string RedactedWord.
	JSONNumber() bool
	// Schema declares the column's values to Frictionless. It does not
	// depend on the value.
	Schema() Schema
	// Show describes the value for people.
	Show() Display
}

// Every column type is a Field.
var (
	_ Field = Slug("")
	_ Field = Ref{}
	_ Field = Text("")
	_ Field = Link("")
	_ Field = StateCode("")
	_ Field = ZIP("")
	_ Field = Latitude{}
	_ Field = Longitude{}
	_ Field = Money{}
	_ Field = Volume{}
	_ Field = Count{}
	_ Field = Date{}
	_ Field = ContractDocket{}
	_ Field = ClassDocket{}
	_ Field = CarrierKind("")
	_ Field = FacilityType("")
	_ Field = AgreementStatus("")
	_ Field = AuctionStatus("")
	_ Field = AwardRule("")
	_ Field = ParticipationStatus("")
	_ Field = TermsPublic("")
	_ Field = Qualifier("")
)

// Schema is a column type as a Frictionless Table Schema field sees it.
type Schema struct {
	Type       string   // "string", "number", "integer" or "date"
	Pattern    string   // a regular expression every value matches, if any
	Enum       []string // the allowed values, if the set is closed
	Min, Max   *float64 // bounds of a number, if any
	Redactable bool     // the column may hold RedactedWord
}

// Display is a neutral description of a value for people; render turns it
// into HTML.
type Display struct {
	State State
	// Text is the value as people read it, when it is known.
	Text string
	// N orders known values before Text does: cents, counts, days or
	// millionths of a degree; zero for text.
	N int64
	// Number says the value is a quantity, aligned as numbers are.
	Number bool
	// Record says the value is a fact of the public record, so that a
	// blank reads "not public" rather than showing nothing.
	Record bool
	// DateTime is the date in ISO form, for machines, when it is a date.
	DateTime string
	// URL is where the value links to, if anywhere; FromData says the
	// address came from the data rather than being made by the portal.
	URL      string
	FromData bool
}

// Known reports whether the value is known.
func (d Display) Known() bool { return d.State == Known }

// plain shows a text value as it is written.
func plain(s string) Display {
	if s == "" {
		return Display{}
	}
	return Display{State: Known, Text: s}
}

// quantity shows a whole number that may be redacted or unknown.
func quantity(s State, n int64) Display {
	d := Display{State: s, Number: true, Record: true}
	if s == Known {
		d.Text, d.N = Group(n), n
	}
	return d
}

func enumSchema(values []string) Schema { return Schema{Type: "string", Enum: values} }

func bound(f float64) *float64 { return &f }

const slugPattern = "[a-z0-9]+(-[a-z0-9]+)*"

// Slug

// CSV returns the id.
func (s Slug) CSV() string { return string(s) }

// AppendCSV appends the value.
func (s Slug) AppendCSV(b []byte) []byte { return append(b, s...) }

// JSONNumber is false: the value is a string, or null when blank.
func (Slug) JSONNumber() bool { return false }

// Schema declares an id.
func (Slug) Schema() Schema { return Schema{Type: "string", Pattern: slugPattern} }

// Show shows the id.
func (s Slug) Show() Display { return plain(string(s)) }

// Ref

// CSV returns the id, "redacted" or "".
func (r Ref) CSV() string { return r.String() }

// AppendCSV appends the id, "redacted" or nothing.
func (r Ref) AppendCSV(b []byte) []byte { return append(b, r.String()...) }

// JSONNumber is false: the id or "redacted" is a string, or null when
// blank.
func (Ref) JSONNumber() bool { return false }

// Schema declares an id that may be redacted.
func (Ref) Schema() Schema { return Schema{Type: "string", Pattern: slugPattern, Redactable: true} }

// Show shows the id, or says it is redacted or unknown.
func (r Ref) Show() Display {
	d := Display{State: r.State, Record: true}
	if r.State == Known {
		d.Text = string(r.ID)
	}
	return d
}

// Text

// CSV returns the text.
func (t Text) CSV() string { return string(t) }

// AppendCSV appends the value.
func (t Text) AppendCSV(b []byte) []byte { return append(b, t...) }

// JSONNumber is false: the value is a string, or null when blank.
func (Text) JSONNumber() bool { return false }

// Schema declares free text.
func (Text) Schema() Schema { return Schema{Type: "string"} }

// Show shows the text.
func (t Text) Show() Display { return plain(string(t)) }

// Link

// CSV returns the address.
func (l Link) CSV() string { return string(l) }

// AppendCSV appends the value.
func (l Link) AppendCSV(b []byte) []byte { return append(b, l...) }

// JSONNumber is false: the value is a string, or null when blank.
func (Link) JSONNumber() bool { return false }

// Schema declares a web address.
func (Link) Schema() Schema { return Schema{Type: "string", Pattern: "https?://.*"} }

// Show shows the address, linked to itself.
func (l Link) Show() Display {
	d := plain(string(l))
	if l.External() {
		d.URL, d.FromData = string(l), true
	}
	return d
}

// StateCode

// CSV returns the code.
func (s StateCode) CSV() string { return string(s) }

// AppendCSV appends the value.
func (s StateCode) AppendCSV(b []byte) []byte { return append(b, s...) }

// JSONNumber is false: the value is a string, or null when blank.
func (StateCode) JSONNumber() bool { return false }

// Schema declares a state code.
func (StateCode) Schema() Schema { return enumSchema(USStates) }

// Show shows the code.
func (s StateCode) Show() Display { return plain(string(s)) }

// ZIP

// CSV returns the ZIP code.
func (z ZIP) CSV() string { return string(z) }

// AppendCSV appends the value.
func (z ZIP) AppendCSV(b []byte) []byte { return append(b, z...) }

// JSONNumber is false: the value is a string, or null when blank.
func (ZIP) JSONNumber() bool { return false }

// Schema declares a ZIP code, ZIP+4 or 3-digit prefix.
func (ZIP) Schema() Schema {
	return Schema{Type: "string", Pattern: "[0-9]{3}|[0-9]{5}(-[0-9]{4})?"}
}

// Show shows the ZIP code.
func (z ZIP) Show() Display { return plain(string(z)) }

// Degrees (Latitude and Longitude)

// CSV returns decimal degrees, or "" when unknown.
func (d Degrees) CSV() string { return d.String() }

// AppendCSV appends decimal degrees, or nothing when unknown.
func (d Degrees) AppendCSV(b []byte) []byte { return d.appendTo(b) }

// JSONNumber reports whether the value is known: a number, else null.
func (d Degrees) JSONNumber() bool { return d.Known }

// Show shows decimal degrees; they sort as numbers.
func (d Degrees) Show() Display {
	if !d.Known {
		return Display{}
	}
	return Display{State: Known, Text: d.String(), N: d.Micro}
}

// Schema declares a latitude.
func (Latitude) Schema() Schema { return Schema{Type: "number", Min: bound(-90), Max: bound(90)} }

// Schema declares a longitude.
func (Longitude) Schema() Schema { return Schema{Type: "number", Min: bound(-180), Max: bound(180)} }

// Money

// CSV returns "1234.56", "redacted" or "".
func (m Money) CSV() string { return m.String() }

// AppendCSV appends "1234.56", "redacted" or nothing.
func (m Money) AppendCSV(b []byte) []byte {
	switch m.State {
	case Known:
		return m.Cents.appendTo(b)
	case Redacted:
		return append(b, RedactedWord...)
	}
	return b
}

// JSONNumber reports whether the amount is known: a number, else
// "redacted" or null.
func (m Money) JSONNumber() bool { return m.State == Known }

// Schema declares an amount that may be redacted.
func (Money) Schema() Schema { return Schema{Type: "number", Min: bound(0), Redactable: true} }

// Show shows dollars: "$1,234.50".
func (m Money) Show() Display {
	d := Display{State: m.State, Number: true, Record: true}
	if m.State == Known {
		d.Text, d.N = m.Cents.Dollars(), int64(m.Cents)
	}
	return d
}

// Volume

// CSV returns the count, "redacted" or "".
func (q Volume) CSV() string { return q.String() }

// AppendCSV appends the count, "redacted" or nothing.
func (q Volume) AppendCSV(b []byte) []byte {
	switch q.State {
	case Known:
		return strconv.AppendInt(b, q.N, 10)
	case Redacted:
		return append(b, RedactedWord...)
	}
	return b
}

// JSONNumber reports whether the count is known: a number, else
// "redacted" or null.
func (q Volume) JSONNumber() bool { return q.State == Known }

// Schema declares a count that may be redacted.
func (Volume) Schema() Schema { return Schema{Type: "integer", Min: bound(0), Redactable: true} }

// Show shows the count with thousands separators.
func (q Volume) Show() Display { return quantity(q.State, q.N) }

// Count

// CSV returns the count or "".
func (c Count) CSV() string { return c.String() }

// AppendCSV appends the count, or nothing when unknown.
func (c Count) AppendCSV(b []byte) []byte {
	if !c.Known {
		return b
	}
	return strconv.AppendInt(b, c.N, 10)
}

// JSONNumber reports whether the count is known: a number, else null.
func (c Count) JSONNumber() bool { return c.Known }

// Schema declares a count.
func (Count) Schema() Schema { return Schema{Type: "integer", Min: bound(0)} }

// Show shows the count with thousands separators.
func (c Count) Show() Display { return quantity(c.state(), c.N) }

func (c Count) state() State {
	if c.Known {
		return Known
	}
	return Unknown
}

// Date

// CSV returns YYYY-MM-DD or "".
func (d Date) CSV() string { return d.String() }

// AppendCSV appends YYYY-MM-DD, or nothing when unknown.
func (d Date) AppendCSV(b []byte) []byte { return d.appendTo(b) }

// JSONNumber is false: a date is a string, or null when unknown.
func (Date) JSONNumber() bool { return false }

// Schema declares a date.
func (Date) Schema() Schema { return Schema{Type: "date"} }

// Show shows "1 October 2026"; dates sort by day.
func (d Date) Show() Display {
	if d.IsZero() {
		return Display{Record: true}
	}
	return Display{State: Known, Text: d.Human(), N: int64(d.Year)*10000 + int64(d.Month)*100 + int64(d.Day), Record: true, DateTime: d.String()}
}

// Docket (ContractDocket and ClassDocket)

// CSV returns the docket number.
func (d Docket) CSV() string { return string(d) }

// AppendCSV appends the value.
func (d Docket) AppendCSV(b []byte) []byte { return append(b, d...) }

// JSONNumber is false: the value is a string, or null when blank.
func (Docket) JSONNumber() bool { return false }

// Show shows the docket number, linked to the PRC's docket search.
func (d Docket) Show() Display {
	if d == "" {
		return Display{Record: true}
	}
	return Display{State: Known, Text: string(d), Record: true, URL: d.URL()}
}

// Schema declares a CP or K docket.
func (ContractDocket) Schema() Schema {
	return Schema{Type: "string", Pattern: "(CP|K)[0-9]{4}-[1-9][0-9]*"}
}

// Schema declares an MC docket.
func (ClassDocket) Schema() Schema { return Schema{Type: "string", Pattern: "MC[0-9]{4}-[1-9][0-9]*"} }

// The enums

// CSV returns the value.
func (k CarrierKind) CSV() string { return string(k) }

// AppendCSV appends the value.
func (k CarrierKind) AppendCSV(b []byte) []byte { return append(b, k...) }

// JSONNumber is false: the value is a string, or null when blank.
func (CarrierKind) JSONNumber() bool { return false }

// Schema declares CarrierKinds.
func (CarrierKind) Schema() Schema { return enumSchema(CarrierKinds) }

// Show shows the value.
func (k CarrierKind) Show() Display { return plain(string(k)) }

// CSV returns the value.
func (k FacilityType) CSV() string { return string(k) }

// AppendCSV appends the value.
func (k FacilityType) AppendCSV(b []byte) []byte { return append(b, k...) }

// JSONNumber is false: the value is a string, or null when blank.
func (FacilityType) JSONNumber() bool { return false }

// Schema declares FacilityTypes.
func (FacilityType) Schema() Schema { return enumSchema(FacilityTypes) }

// Show shows the value.
func (k FacilityType) Show() Display { return plain(string(k)) }

// CSV returns the value.
func (k AgreementStatus) CSV() string { return string(k) }

// AppendCSV appends the value.
func (k AgreementStatus) AppendCSV(b []byte) []byte { return append(b, k...) }

// JSONNumber is false: the value is a string, or null when blank.
func (AgreementStatus) JSONNumber() bool { return false }

// Schema declares AgreementStatuses.
func (AgreementStatus) Schema() Schema { return enumSchema(AgreementStatuses) }

// Show shows the value.
func (k AgreementStatus) Show() Display { return plain(string(k)) }

// CSV returns the value.
func (k AuctionStatus) CSV() string { return string(k) }

// AppendCSV appends the value.
func (k AuctionStatus) AppendCSV(b []byte) []byte { return append(b, k...) }

// JSONNumber is false: the value is a string, or null when blank.
func (AuctionStatus) JSONNumber() bool { return false }

// Schema declares AuctionStatuses.
func (AuctionStatus) Schema() Schema { return enumSchema(AuctionStatuses) }

// Show shows the value.
func (k AuctionStatus) Show() Display { return plain(string(k)) }

// CSV returns the value.
func (k AwardRule) CSV() string { return string(k) }

// AppendCSV appends the value.
func (k AwardRule) AppendCSV(b []byte) []byte { return append(b, k...) }

// JSONNumber is false: the value is a string, or null when blank.
func (AwardRule) JSONNumber() bool { return false }

// Schema declares AwardRules.
func (AwardRule) Schema() Schema { return enumSchema(AwardRules) }

// Show shows the value.
func (k AwardRule) Show() Display { return plain(string(k)) }

// CSV returns the value.
func (k ParticipationStatus) CSV() string { return string(k) }

// AppendCSV appends the value.
func (k ParticipationStatus) AppendCSV(b []byte) []byte { return append(b, k...) }

// JSONNumber is false: the value is a string, or null when blank.
func (ParticipationStatus) JSONNumber() bool { return false }

// Schema declares ParticipationStatuses.
func (ParticipationStatus) Schema() Schema { return enumSchema(ParticipationStatuses) }

// Show shows the value.
func (k ParticipationStatus) Show() Display { return plain(string(k)) }

// CSV returns the value.
func (k TermsPublic) CSV() string { return string(k) }

// AppendCSV appends the value.
func (k TermsPublic) AppendCSV(b []byte) []byte { return append(b, k...) }

// JSONNumber is false: the value is a string, or null when blank.
func (TermsPublic) JSONNumber() bool { return false }

// Schema declares TermsPublicValues.
func (TermsPublic) Schema() Schema { return enumSchema(TermsPublicValues) }

// Show shows the value.
func (k TermsPublic) Show() Display { return plain(string(k)) }
