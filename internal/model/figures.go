package model

import (
	"strings"

	"github.com/postal-access/portal/internal/dataset"
)

// Definition is one derived figure: its name as pages show it and what it
// counts. Every page that shows the figure computes it the one way this
// package does and words it with the phrase methods below; the methodology
// page lists the definitions.
type Definition struct {
	Key   string // a stable id, used as an anchor on the methodology page
	Name  string // "Lots won"
	Means string // what it counts, as one or two sentences
}

// Definitions lists the derived figures, in the order the methodology
// page gives them.
func Definitions() []Definition {
	return []Definition{
		{"agreements", "Agreements on record", "Every row of agreements.csv: each negotiated service agreement filed with the Postal Regulatory Commission or reported in the press."},
		{"sealed", "Customer under seal", "Agreements whose customer's identity is filed under seal (shipper_id redacted). They are counted apart, never folded into one carrier."},
		{"status-known", "Status known", "Agreements whose status is filed, or can be derived from public dates as of the build's as-of date. The others have no public dates: their status is unknown, not inactive."},
		{"active", "Active agreements", "Agreements active as of the as-of date: filed as active, or in effect by their dates. Counted only among those whose status is known."},
		{"expiring", "Expiring within 90 days", "Active agreements whose public expiry date falls within 90 days of the as-of date."},
		{"capacity-awarded", "Capacity awarded", "The capacity, in parcels a day, of awarded lots with a named winner and a disclosed capacity. Lots whose winner is under seal, or whose capacity is redacted or not public, are left out and counted."},
		{"lots-won", "Lots won", "Lots whose winner is the carrier by name, including lots whose capacity is redacted or not public. A lot with its winner under seal is won by no named carrier."},
		{"capacity-won", "Capacity won", "The disclosed capacity of a carrier's lots won, in parcels a day; the lots won whose capacity is redacted or not public are named beside it."},
		{"share", "Share of awarded capacity", "Capacity won as a percentage of capacity awarded (both disclosed only)."},
		{"hhi", "Concentration (HHI)", "The Herfindahl–Hirschman Index of awarded capacity: the sum of the squared percentage shares of the carriers that won it, 0 to 10,000. Above 1,800 is highly concentrated, 1,000 to 1,800 moderately concentrated."},
		{"participants", "Participants", "Carriers in participation.csv for an auction, whatever their status: registered, qualified, bid, withdrew or disqualified."},
		{"bidders", "Bidders", "Participants whose status is bid: those who placed at least one bid and neither withdrew nor were disqualified."},
	}
}

// Plural returns "1 lot" or "3 lots", with thousands separators.
func Plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return dataset.Group(int64(n)) + " " + many
}

// Won is what one holder won: the lots with it as the named winner and
// the disclosed capacity of those lots.
type Won struct {
	// Lots counts the lots won, including those whose capacity is not
	// disclosed.
	Lots int
	// Capacity sums the disclosed capacity of those lots, parcels a day.
	Capacity int64
	// Redacted and Unknown count the lots won whose capacity is redacted
	// or not public.
	Redacted, Unknown int
}

// NoCapacity counts the lots won whose capacity is not disclosed.
func (w Won) NoCapacity() int { return w.Redacted + w.Unknown }

// add counts one lot won.
func (w *Won) add(l *Lot) {
	w.Lots++
	switch l.Capacity.State {
	case dataset.Known:
		w.Capacity += l.Capacity.N
	case dataset.Redacted:
		w.Redacted++
	default:
		w.Unknown++
	}
}

// Phrase is the capacity won in words, as every page says it:
// "279,000 parcels a day from 15 lots (1 with its capacity redacted)".
func (w Won) Phrase() string {
	if w.Lots == 0 {
		return "no lots won"
	}
	if w.NoCapacity() == w.Lots {
		return Plural(w.Lots, "lot", "lots") + ", " + w.Missing(true)
	}
	s := dataset.Group(w.Capacity) + " parcels a day from " + Plural(w.Lots, "lot", "lots")
	if w.NoCapacity() > 0 {
		s += " (" + w.Missing(false) + ")"
	}
	return s
}

// Missing says which lots' capacity is not disclosed: "1 with its
// capacity redacted", or, when all is true, of every lot: "capacity
// redacted".
func (w Won) Missing(all bool) string {
	if all {
		switch {
		case w.Unknown == 0:
			return "capacity redacted"
		case w.Redacted == 0:
			return "capacity not public"
		}
		return "capacity redacted or not public"
	}
	var parts []string
	if w.Redacted > 0 {
		parts = append(parts, Plural(w.Redacted, "with its capacity redacted", "with their capacity redacted"))
	}
	if w.Unknown > 0 {
		parts = append(parts, Plural(w.Unknown, "with its capacity not public", "with their capacity not public"))
	}
	return strings.Join(parts, ", ")
}

// LeftOut says which awarded lots a total of disclosed capacity leaves
// out: "3 with the winner under seal, 1 with the capacity redacted";
// empty when it leaves none out.
func (c Concentration) LeftOut() string {
	var parts []string
	if c.Sealed > 0 {
		parts = append(parts, Plural(c.Sealed, "with the winner under seal", "with the winner under seal"))
	}
	if c.CapRedacted > 0 {
		parts = append(parts, Plural(c.CapRedacted, "with the capacity redacted", "with the capacity redacted"))
	}
	if n := c.NoCapacity - c.CapRedacted; n > 0 {
		parts = append(parts, Plural(n, "with the capacity not public", "with the capacity not public"))
	}
	return strings.Join(parts, ", ")
}

// Named counts the awarded lots with a named winner, whether or not
// their capacity is disclosed: the sum of every carrier's lots won.
func (c Concentration) Named() int { return c.Disclosed + c.NoCapacity }

// StatusSummary is how many agreements have a known status, and which.
type StatusSummary struct {
	Total, Known, Active, Expired, Pending, Terminated int
}

// StatusKnown phrases how many agreements have a known status: "status
// known for 2 of 49".
func (s StatusSummary) StatusKnown() string {
	return "status known for " + dataset.Group(int64(s.Known)) + " of " + dataset.Group(int64(s.Total))
}

// Breakdown lists the known statuses: "1 active, 1 expired".
func (s StatusSummary) Breakdown() string {
	var parts []string
	for _, x := range []struct {
		n    int
		word string
	}{{s.Active, "active"}, {s.Pending, "pending"}, {s.Expired, "expired"}, {s.Terminated, "terminated"}} {
		if x.n > 0 {
			parts = append(parts, dataset.Group(int64(x.n))+" "+x.word)
		}
	}
	if len(parts) == 0 {
		return "none known"
	}
	return strings.Join(parts, ", ")
}

// Unknown counts the agreements whose status is unknown.
func (s StatusSummary) Unknown() int { return s.Total - s.Known }

func summarize(counts map[string]int, total int) StatusSummary {
	s := StatusSummary{Total: total, Active: counts["active"], Expired: counts["expired"], Pending: counts["pending"], Terminated: counts["terminated"]}
	s.Known = total - counts["unknown"]
	return s
}

// Bidders counts the auction's participants whose status is bid.
func (a *Auction) Bidders() int {
	n := 0
	for _, p := range a.Participants {
		if p.Status == "bid" {
			n++
		}
	}
	return n
}

// Participation phrases who took part by status: "23 carriers took part:
// 19 bid, 2 withdrew, 1 disqualified, 1 registered".
func (a *Auction) ParticipationPhrase() string {
	if len(a.Participants) == 0 {
		return "no participants recorded"
	}
	by := map[string]int{}
	for _, p := range a.Participants {
		by[string(p.Status)]++
	}
	var parts []string
	for _, st := range []string{"bid", "withdrew", "disqualified", "qualified", "registered"} {
		if n := by[st]; n > 0 {
			parts = append(parts, dataset.Group(int64(n))+" "+st)
		}
	}
	return Plural(len(a.Participants), "carrier took part", "carriers took part") + ": " + strings.Join(parts, ", ")
}

// StatusPhrase is the auction's status, saying so when a closed or
// awarded auction's closing date is not public: "closed (closing date not
// public)".
func (a *Auction) StatusPhrase() string {
	s := string(a.Status)
	if (s == "closed" || s == "awarded") && a.Closes.IsZero() {
		s += " (closing date not public)"
	}
	return s
}

// LargestAgreement is the agreement with the largest disclosed estimated
// revenue, or nil when none discloses one: the one the home page's lede
// names.
func (p *Portal) LargestAgreement() *Agreement {
	var best *Agreement
	for _, a := range p.Agreements {
		if a.EstRevenue.State == dataset.Known && (best == nil || a.EstRevenue.Cents > best.EstRevenue.Cents) {
			best = a
		}
	}
	return best
}
