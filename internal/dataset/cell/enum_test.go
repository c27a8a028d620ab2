package cell_test

import (
	"testing"

	"github.com/postal-access/portal/internal/dataset/cell"
)

// unmarshalCSV reads v into a new T the way gocsv does, by calling
// (*T).UnmarshalCSV.
func unmarshalCSV[T any, P interface {
	*T
	UnmarshalCSV(string) error
}](v string) error {
	var x T
	return P(&x).UnmarshalCSV(v)
}

func TestEnums(t *testing.T) {
	t.Parallel()
	tests := []struct {
		column string
		read   func(string) error
		in     string
		err    string
	}{
		{"carriers.kind", unmarshalCSV[cell.CarrierKind], "ecommerce-platform", ""},
		{"carriers.kind", unmarshalCSV[cell.CarrierKind], "Other", `"Other" is not allowed: did you mean "other"? (one of ecommerce-platform, national-retailer, regional-carrier, national-carrier, consolidator, other)`},
		{"carriers.kind", unmarshalCSV[cell.CarrierKind], "shipper", `"shipper" is not allowed: want one of ecommerce-platform, national-retailer, regional-carrier, national-carrier, consolidator, other`},
		{"facilities.type", unmarshalCSV[cell.FacilityType], "S&DC", ""},
		{"facilities.type", unmarshalCSV[cell.FacilityType], "rpdc", `"rpdc" is not allowed: did you mean "RPDC"? (one of RPDC, LPC, S&DC, DDU, P&DC, NDC, SCF, ISC, other)`},
		{"facilities.type", unmarshalCSV[cell.FacilityType], "SDC", `"SDC" is not allowed: want one of RPDC, LPC, S&DC, DDU, P&DC, NDC, SCF, ISC, other`},
		{"agreements.status", unmarshalCSV[cell.AgreementStatus], "", ""}, // blank: derived from the dates
		{"agreements.status", unmarshalCSV[cell.AgreementStatus], "terminated", ""},
		{"agreements.status", unmarshalCSV[cell.AgreementStatus], "Active", `"Active" is not allowed: did you mean "active"? (one of active, expired, terminated, pending)`},
		{"agreements.status", unmarshalCSV[cell.AgreementStatus], "unknown", `"unknown" is not allowed: want one of active, expired, terminated, pending`},
		{"auctions.status", unmarshalCSV[cell.AuctionStatus], "cancelled", ""},
		{"auctions.status", unmarshalCSV[cell.AuctionStatus], "canceled", `"canceled" is not allowed: want one of scheduled, open, closed, awarded, cancelled`},
		{"auctions.award_rule", unmarshalCSV[cell.AwardRule], "lowest-price", ""},
		{"auctions.award_rule", unmarshalCSV[cell.AwardRule], "Highest-Price", `"Highest-Price" is not allowed: did you mean "highest-price"? (one of highest-price, lowest-price)`},
		{"auctions.award_rule", unmarshalCSV[cell.AwardRule], "vickrey", `"vickrey" is not allowed: want one of highest-price, lowest-price`},
		{"participation.status", unmarshalCSV[cell.ParticipationStatus], "withdrew", ""},
		{"participation.status", unmarshalCSV[cell.ParticipationStatus], "won", `"won" is not allowed: want one of registered, qualified, bid, withdrew, disqualified`},
		{"agreements.terms_public", unmarshalCSV[cell.TermsPublic], "partial", ""},
		{"agreements.terms_public", unmarshalCSV[cell.TermsPublic], "Yes", `"Yes" is not allowed: did you mean "yes"? (one of yes, no, partial)`},
		{"agreements.terms_public", unmarshalCSV[cell.TermsPublic], "true", `"true" is not allowed: want one of yes, no, partial`},
	}
	for _, tt := range tests {
		if err := tt.read(tt.in); errText(err) != tt.err {
			t.Errorf("%s: UnmarshalCSV(%q) error = %q, want %q", tt.column, tt.in, errText(err), tt.err)
		}
	}
}
