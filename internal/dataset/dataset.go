// Package dataset reads the portal's CSV data sets into typed rows. Field
// types validate their values as gocsv reads them, the loader checks the
// shape of each file, and the cross-file rules check that the files agree;
// every problem is reported with its file, line, column and field.
package dataset

// State says whether a field's value is known, redacted (filed under seal)
// or unknown (left blank).
type State uint8

const (
	// Unknown means the field was left blank: the public record does not say.
	Unknown State = iota
	// Known means the field holds a value.
	Known
	// Redacted means the value exists but was filed under seal.
	Redacted
)

// String returns "unknown", "known" or "redacted".
func (s State) String() string {
	switch s {
	case Known:
		return "known"
	case Redacted:
		return "redacted"
	}
	return "unknown"
}

// RedactedWord is the literal a CSV field holds when its value is under seal.
const RedactedWord = "redacted"
