package cell

// State says whether a field's value is known, redacted (filed under seal),
// unknown (left blank) or not applicable (no such value can exist, such as
// the clearing price of a lot that was not sold). A CSV file never says
// "not applicable": the model sets it where it knows a value cannot exist.
type State uint8

const (
	// Unknown means the field was left blank: the public record does not say.
	Unknown State = iota
	// Known means the field holds a value.
	Known
	// Redacted means the value exists but was filed under seal.
	Redacted
	// NotApplicable means no value exists: the clearing price of a lot
	// that was not awarded. Its CSV form is blank, as an unknown value's.
	NotApplicable
)

// String returns "unknown", "known", "redacted" or "not applicable".
func (s State) String() string {
	switch s {
	case Known:
		return "known"
	case Redacted:
		return "redacted"
	case NotApplicable:
		return "not applicable"
	}
	return "unknown"
}

// RedactedWord is the literal a CSV field holds when its value is under seal.
const RedactedWord = "redacted"
