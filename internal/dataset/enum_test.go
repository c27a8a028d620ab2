package dataset_test

import (
	"testing"

	"github.com/postal-access/portal/internal/dataset"
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
	tests := []struct {
		column string
		read   func(string) error
		in     string
		err    string
	}{
		{"carriers.kind", unmarshalCSV[dataset.CarrierKind], "ecommerce-platform", ""},
		{"carriers.kind", unmarshalCSV[dataset.CarrierKind], "Other", `"Other" is not allowed: did you mean "other"? (one of ecommerce-platform, national-retailer, regional-carrier, national-carrier, consolidator, other)`},
		{"carriers.kind", unmarshalCSV[dataset.CarrierKind], "shipper", `"shipper" is not allowed: want one of ecommerce-platform, national-retailer, regional-carrier, national-carrier, consolidator, other`},
		{"facilities.type", unmarshalCSV[dataset.FacilityType], "S&DC", ""},
		{"facilities.type", unmarshalCSV[dataset.FacilityType], "rpdc", `"rpdc" is not allowed: did you mean "RPDC"? (one of RPDC, LPC, S&DC, DDU, P&DC, NDC, SCF, ISC, other)`},
		{"facilities.type", unmarshalCSV[dataset.FacilityType], "SDC", `"SDC" is not allowed: want one of RPDC, LPC, S&DC, DDU, P&DC, NDC, SCF, ISC, other`},
		{"agreements.status", unmarshalCSV[dataset.AgreementStatus], "", ""}, // blank: derived from the dates
		{"agreements.status", unmarshalCSV[dataset.AgreementStatus], "terminated", ""},
		{"agreements.status", unmarshalCSV[dataset.AgreementStatus], "Active", `"Active" is not allowed: did you mean "active"? (one of active, expired, terminated, pending)`},
		{"agreements.status", unmarshalCSV[dataset.AgreementStatus], "unknown", `"unknown" is not allowed: want one of active, expired, terminated, pending`},
		{"auctions.status", unmarshalCSV[dataset.AuctionStatus], "cancelled", ""},
		{"auctions.status", unmarshalCSV[dataset.AuctionStatus], "canceled", `"canceled" is not allowed: want one of scheduled, open, closed, awarded, cancelled`},
		{"auctions.award_rule", unmarshalCSV[dataset.AwardRule], "lowest-price", ""},
		{"auctions.award_rule", unmarshalCSV[dataset.AwardRule], "Highest-Price", `"Highest-Price" is not allowed: did you mean "highest-price"? (one of highest-price, lowest-price)`},
		{"auctions.award_rule", unmarshalCSV[dataset.AwardRule], "vickrey", `"vickrey" is not allowed: want one of highest-price, lowest-price`},
		{"participation.status", unmarshalCSV[dataset.ParticipationStatus], "withdrew", ""},
		{"participation.status", unmarshalCSV[dataset.ParticipationStatus], "won", `"won" is not allowed: want one of registered, qualified, bid, withdrew, disqualified`},
		{"agreements.terms_public", unmarshalCSV[dataset.TermsPublic], "partial", ""},
		{"agreements.terms_public", unmarshalCSV[dataset.TermsPublic], "Yes", `"Yes" is not allowed: did you mean "yes"? (one of yes, no, partial)`},
		{"agreements.terms_public", unmarshalCSV[dataset.TermsPublic], "true", `"true" is not allowed: want one of yes, no, partial`},
	}
	for _, tt := range tests {
		if err := tt.read(tt.in); errText(err) != tt.err {
			t.Errorf("%s: UnmarshalCSV(%q) error = %q, want %q", tt.column, tt.in, errText(err), tt.err)
		}
	}
}
