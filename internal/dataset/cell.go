package dataset

import (
	"time"

	"github.com/postal-access/portal/internal/dataset/cell"
)

// The names below keep the field types' old names in this package working
// while the packages that use them move to package cell, where the types
// now live: each is an alias of, or a call to, the cell name of the same
// spelling. New code uses cell; the names go once nothing uses them.

// Field types and what describes them.
type (
	Field               = cell.Field
	Schema              = cell.Schema
	Display             = cell.Display
	State               = cell.State
	Slug                = cell.Slug
	Ref                 = cell.Ref
	Text                = cell.Text
	Link                = cell.Link
	StateCode           = cell.StateCode
	ZIP                 = cell.ZIP
	Degrees             = cell.Degrees
	Latitude            = cell.Latitude
	Longitude           = cell.Longitude
	Cents               = cell.Cents
	Money               = cell.Money
	Count               = cell.Count
	Volume              = cell.Volume
	Date                = cell.Date
	Docket              = cell.Docket
	ContractDocket      = cell.ContractDocket
	ClassDocket         = cell.ClassDocket
	Qualifier           = cell.Qualifier
	CarrierKind         = cell.CarrierKind
	FacilityType        = cell.FacilityType
	AgreementStatus     = cell.AgreementStatus
	AuctionStatus       = cell.AuctionStatus
	AwardRule           = cell.AwardRule
	ParticipationStatus = cell.ParticipationStatus
	TermsPublic         = cell.TermsPublic
)

// States, words and bounds.
const (
	Unknown        = cell.Unknown
	Known          = cell.Known
	Redacted       = cell.Redacted
	NotApplicable  = cell.NotApplicable
	RedactedWord   = cell.RedactedWord
	MaxCount       = cell.MaxCount
	MaxSlugLen     = cell.MaxSlugLen
	MaxTextLen     = cell.MaxTextLen
	WindowsDevices = cell.WindowsDevices
)

// The allowed values of the enumerated columns.
var (
	CarrierKinds          = cell.CarrierKinds
	FacilityTypes         = cell.FacilityTypes
	AgreementStatuses     = cell.AgreementStatuses
	AuctionStatuses       = cell.AuctionStatuses
	AwardRules            = cell.AwardRules
	ParticipationStatuses = cell.ParticipationStatuses
	TermsPublicValues     = cell.TermsPublicValues
	Qualifiers            = cell.Qualifiers
	USStates              = cell.USStates
)

// ParseSlug is cell.ParseSlug.
func ParseSlug(s string) (Slug, error) { return cell.ParseSlug(s) }

// IsSlug is cell.IsSlug.
func IsSlug(s string) bool { return cell.IsSlug(s) }

// IsWindowsDevice is cell.IsWindowsDevice.
func IsWindowsDevice(name string) bool { return cell.IsWindowsDevice(name) }

// ParseLink is cell.ParseLink.
func ParseLink(s string) (Link, error) { return cell.ParseLink(s) }

// CheckControl is cell.CheckControl.
func CheckControl(s string) error { return cell.CheckControl(s) }

// ParseCents is cell.ParseCents.
func ParseCents(s string) (Cents, error) { return cell.ParseCents(s) }

// Group is cell.Group.
func Group(n int64) string { return cell.Group(n) }

// DateMemo is cell.DateMemo.
type DateMemo[T any] = cell.DateMemo[T]

// AppendGroup is cell.AppendGroup.
func AppendGroup(b []byte, n int64) []byte { return cell.AppendGroup(b, n) }

// ParseDate is cell.ParseDate.
func ParseDate(s string) (Date, error) { return cell.ParseDate(s) }

// MustDate is cell.MustDate.
func MustDate(s string) Date { return cell.MustDate(s) }

// DateOf is cell.DateOf.
func DateOf(t time.Time) Date { return cell.DateOf(t) }

// ParseDocket is cell.ParseDocket.
func ParseDocket(s string, prefixes ...string) (Docket, error) {
	return cell.ParseDocket(s, prefixes...)
}
