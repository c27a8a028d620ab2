package cell

import (
	"fmt"
	"slices"
	"strings"
)

func checkEnum(v string, allowed []string) error {
	if v == "" || slices.Contains(allowed, v) {
		return nil
	}
	for _, a := range allowed {
		if strings.EqualFold(a, v) {
			return fmt.Errorf("%q is not allowed: did you mean %q? (one of %s)", v, a, strings.Join(allowed, ", "))
		}
	}
	return fmt.Errorf("%q is not allowed: want one of %s", v, strings.Join(allowed, ", "))
}

// CarrierKinds lists the allowed values of carriers.kind.
var CarrierKinds = []string{"ecommerce-platform", "national-retailer", "regional-carrier", "national-carrier", "consolidator", "other"}

// FacilityTypes lists the allowed values of facilities.type.
var FacilityTypes = []string{"RPDC", "LPC", "S&DC", "DDU", "P&DC", "NDC", "SCF", "ISC", "other"}

// AgreementStatuses lists the allowed values of agreements.status.
var AgreementStatuses = []string{"active", "expired", "terminated", "pending"}

// AuctionStatuses lists the allowed values of auctions.status.
var AuctionStatuses = []string{"scheduled", "open", "closed", "awarded", "cancelled"}

// AwardRules lists the allowed values of auctions.award_rule.
var AwardRules = []string{"highest-price", "lowest-price"}

// ParticipationStatuses lists the allowed values of participation.status.
var ParticipationStatuses = []string{"registered", "qualified", "bid", "withdrew", "disqualified"}

// TermsPublicValues lists the allowed values of agreements.terms_public.
var TermsPublicValues = []string{"yes", "no", "partial"}

// CarrierKind is carriers.kind.
type CarrierKind string

// UnmarshalCSV checks v against CarrierKinds.
func (k *CarrierKind) UnmarshalCSV(v string) error {
	*k = CarrierKind(v)
	return checkEnum(v, CarrierKinds)
}

// FacilityType is facilities.type.
type FacilityType string

// UnmarshalCSV checks v against FacilityTypes.
func (k *FacilityType) UnmarshalCSV(v string) error {
	*k = FacilityType(v)
	return checkEnum(v, FacilityTypes)
}

// AgreementStatus is agreements.status; blank means derive it from the dates.
type AgreementStatus string

// UnmarshalCSV checks v against AgreementStatuses.
func (k *AgreementStatus) UnmarshalCSV(v string) error {
	*k = AgreementStatus(v)
	return checkEnum(v, AgreementStatuses)
}

// AuctionStatus is auctions.status.
type AuctionStatus string

// UnmarshalCSV checks v against AuctionStatuses.
func (k *AuctionStatus) UnmarshalCSV(v string) error {
	*k = AuctionStatus(v)
	return checkEnum(v, AuctionStatuses)
}

// AwardRule is auctions.award_rule: which price wins a lot.
type AwardRule string

// UnmarshalCSV checks v against AwardRules.
func (k *AwardRule) UnmarshalCSV(v string) error { *k = AwardRule(v); return checkEnum(v, AwardRules) }

// ParticipationStatus is participation.status.
type ParticipationStatus string

// UnmarshalCSV checks v against ParticipationStatuses.
func (k *ParticipationStatus) UnmarshalCSV(v string) error {
	*k = ParticipationStatus(v)
	return checkEnum(v, ParticipationStatuses)
}

// TermsPublic is agreements.terms_public.
type TermsPublic string

// UnmarshalCSV checks v against TermsPublicValues.
func (k *TermsPublic) UnmarshalCSV(v string) error {
	*k = TermsPublic(v)
	return checkEnum(v, TermsPublicValues)
}
