package changes

import (
	"fmt"

	"github.com/postal-access/portal/internal/dataset"
)

// NoteKind is what sort of change a note calls out.
type NoteKind string

// The changes called out in words.
const (
	Unsealed  NoteKind = "unsealed" // a sealed value made public
	Status    NoteKind = "status"   // a status changed
	Results   NoteKind = "results"  // an auction's results published
	NewFiling NoteKind = "filing"   // a new agreement filed
	Awarded   NoteKind = "awarded"  // a lot's winner named
)

// Note is one change called out in words.
type Note struct {
	Kind NoteKind
	Set  string   // the data set
	Key  []string // the row
	Text string   // "Agreement ups-gs: customer unsealed: redacted → ups"
}

// nounOf names a row of a data set in a sentence (dataset.Set.Noun).
func nounOf(set string) string {
	s, _ := dataset.SetOf(set)
	return s.Noun
}

// notes picks out the changes readers care about most: a customer or
// winner unsealed (redacted → a named carrier) or any sealed value made
// public, a status change, an auction's results published (lots added
// to it, or its lots awarded), and a new filing (an agreement added).
func notes(sets []SetDiff) []Note {
	var out []Note
	for _, s := range sets {
		noun := nounOf(s.Name)
		for _, r := range s.Changed {
			for _, c := range r.Changes {
				before, after := c.Before.Show(), c.After.Show()
				switch {
				case before.State == dataset.Redacted && after.State == dataset.Known:
					what := c.Column.Name + " unsealed"
					switch c.Column.Name {
					case "shipper_id":
						what = "customer unsealed"
					case "winner_id":
						what = "winner unsealed"
					}
					out = append(out, Note{Kind: Unsealed, Set: s.Name, Key: r.Key,
						Text: fmt.Sprintf("%s %s: %s: %s → %s", noun, r.ID(), what, dataset.RedactedWord, c.After.CSV())})
				case c.Column.Name == "status":
					out = append(out, Note{Kind: Status, Set: s.Name, Key: r.Key,
						Text: fmt.Sprintf("%s %s: status %s → %s", noun, r.ID(), orBlank(c.Before.CSV()), orBlank(c.After.CSV()))})
				case c.Column.Name == "winner_id" && before.State == dataset.Unknown:
					out = append(out, Note{Kind: Awarded, Set: s.Name, Key: r.Key,
						Text: fmt.Sprintf("%s %s: awarded to %s", noun, r.ID(), c.After.CSV())})
				}
			}
		}
		switch s.Name {
		case "agreements":
			for _, r := range s.Added {
				text := fmt.Sprintf("New filing: agreement %s", r.ID())
				if d := r.Values["docket"]; d != nil && d.CSV() != "" {
					text += " (" + d.CSV() + ")"
				}
				if r.Label != "" {
					text += ", " + r.Label
				}
				out = append(out, Note{Kind: NewFiling, Set: s.Name, Key: r.Key, Text: text})
			}
		case "auction_results":
			// Lots added to an auction are its results published, once
			// per auction.
			lots := map[string]int{}
			var order []string
			for _, r := range s.Added {
				a := r.Key[0]
				if lots[a] == 0 {
					order = append(order, a)
				}
				lots[a]++
			}
			for _, a := range order {
				out = append(out, Note{Kind: Results, Set: s.Name, Key: []string{a},
					Text: fmt.Sprintf("Auction %s: results published for %s", a, plural(lots[a], "lot", "lots"))})
			}
		}
	}
	return out
}

func orBlank(s string) string {
	if s == "" {
		return "(blank)"
	}
	return s
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return dataset.Group(int64(n)) + " " + many
}
