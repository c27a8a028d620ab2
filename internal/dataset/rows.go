package dataset

import "github.com/postal-access/portal/internal/dataset/cell"

// The row types below are the data sets' schemas. The csv tag names the
// column; label is its heading for readers, in data block tables, on entity
// pages and in the data dictionary; portal:"required" marks a column that must be present and never
// blank; ref names the data set whose id the column holds; doc is the
// column's description in the published data dictionary.

// Carrier is one row of carriers.csv: a shipper or carrier.
type Carrier struct {
	ID      cell.Slug        `csv:"id" label:"Carrier" portal:"required" doc:"Identifier, used in URLs."`
	Name    cell.Text        `csv:"name" label:"Name" portal:"required" doc:"Legal or trading name."`
	Kind    cell.CarrierKind `csv:"kind" label:"Kind" portal:"required" doc:"What sort of business it is."`
	Parent  cell.Slug        `csv:"parent" label:"Parent company" ref:"carriers" doc:"Id of the parent company, if it is in this data set."`
	HQState cell.StateCode   `csv:"hq_state" label:"HQ" doc:"State of the headquarters."`
	Website cell.Link        `csv:"website" label:"Website" doc:"Official website."`
	Source  cell.Link        `csv:"source" label:"Source" doc:"Where the facts in this row come from."`
}

// Facility is one row of facilities.csv: a postal facility.
type Facility struct {
	ID        cell.Slug         `csv:"id" label:"Facility" portal:"required" doc:"Identifier, used in URLs."`
	Name      cell.Text         `csv:"name" label:"Name" portal:"required" doc:"Facility name."`
	Type      cell.FacilityType `csv:"type" label:"Type" portal:"required" doc:"Facility type in the USPS network."`
	ParentID  cell.Slug         `csv:"parent_id" label:"Served by" ref:"facilities" doc:"Id of the facility that serves this one."`
	City      cell.Text         `csv:"city" label:"City" doc:"City."`
	State     cell.StateCode    `csv:"state" label:"State" doc:"State or territory."`
	ZIP       cell.ZIP          `csv:"zip" label:"ZIP" doc:"ZIP code (or 3-digit prefix)."`
	Capacity  cell.Count        `csv:"daily_parcel_capacity" label:"Capacity (parcels/day)" doc:"Parcels per day the facility can process; blank when not public."`
	Latitude  cell.Latitude     `csv:"latitude" label:"Latitude" doc:"Latitude in decimal degrees."`
	Longitude cell.Longitude    `csv:"longitude" label:"Longitude" doc:"Longitude in decimal degrees."`
	Source    cell.Link         `csv:"source" label:"Source" doc:"Where the facts in this row come from."`
}

// Agreement is one row of agreements.csv: a negotiated service agreement.
type Agreement struct {
	ID          cell.Slug            `csv:"id" label:"Agreement" portal:"required" doc:"Identifier, used in URLs."`
	ShipperID   cell.Ref             `csv:"shipper_id" label:"Customer" ref:"carriers" portal:"required" doc:"The customer's carrier id, or redacted when filed under seal."`
	Product     cell.Text            `csv:"product" label:"Product" portal:"required" doc:"The product or contract name."`
	Docket      cell.ContractDocket  `csv:"docket" label:"Docket" doc:"The contract's PRC docket (CP or K)."`
	MCDocket    cell.ClassDocket     `csv:"mc_docket" label:"MC docket" doc:"The paired PRC mail classification docket (MC)."`
	Filed       cell.Date            `csv:"filed" label:"Filed" doc:"Date filed with the PRC."`
	Signed      cell.Date            `csv:"signed" label:"Signed" doc:"Date signed."`
	Effective   cell.Date            `csv:"effective" label:"Effective" doc:"Date the agreement takes effect."`
	Expires     cell.Date            `csv:"expires" label:"Expires" doc:"Date the agreement expires."`
	Terminated  cell.Date            `csv:"terminated" label:"Terminated" doc:"Date the agreement ended early, when it was terminated; blank if it was not, or the date is not public."`
	Status      cell.AgreementStatus `csv:"status" label:"Status" doc:"Status as filed; blank means derived from the dates."`
	MinAnnual   cell.Volume          `csv:"min_annual_parcels" label:"Minimum parcels a year" doc:"Minimum parcels per year the customer commits to."`
	EstRevenue  cell.Money           `csv:"est_annual_revenue_usd" label:"Est. revenue a year" doc:"Estimated revenue to USPS per year, in US dollars."`
	RevenueQual cell.Qualifier       `csv:"est_annual_revenue_qualifier" label:"Revenue is" doc:"How to read the estimated revenue: blank when exact as given; about (an estimate), at-least or more-than (a lower bound), at-most (an upper bound)."`
	TermsPublic cell.TermsPublic     `csv:"terms_public" label:"Terms public" doc:"Whether the terms are public: yes, no or partial."`
	Source      cell.Link            `csv:"source" label:"Source" doc:"Where the facts in this row come from."`
	Notes       cell.Text            `csv:"notes" label:"Notes" doc:"Notes."`
}

// Auction is one row of auctions.csv: an auction event or round.
type Auction struct {
	ID        cell.Slug          `csv:"id" label:"Auction" portal:"required" doc:"Identifier, used in URLs."`
	Title     cell.Text          `csv:"title" label:"Title" portal:"required" doc:"Title."`
	AwardRule cell.AwardRule     `csv:"award_rule" label:"Award rule" portal:"required" doc:"Which price wins a lot: highest-price or lowest-price."`
	Opens     cell.Date          `csv:"opens" label:"Opens" doc:"Date bidding opens."`
	Closes    cell.Date          `csv:"closes" label:"Closes" doc:"Date bidding closes."`
	Status    cell.AuctionStatus `csv:"status" label:"Status" portal:"required" doc:"Status."`
	Source    cell.Link          `csv:"source" label:"Source" doc:"Where the facts in this row come from."`
}

// Result is one row of auction_results.csv: one lot of capacity and its outcome.
type Result struct {
	AuctionID   cell.Slug   `csv:"auction_id" label:"Auction" ref:"auctions" portal:"required" doc:"The auction the lot was offered in."`
	LotID       cell.Slug   `csv:"lot_id" label:"Lot" portal:"required" doc:"Lot identifier, unique within its auction."`
	FacilityID  cell.Slug   `csv:"facility_id" label:"Facility" ref:"facilities" portal:"required" doc:"The facility whose capacity is offered."`
	Capacity    cell.Volume `csv:"capacity_parcels_per_day" label:"Capacity (parcels/day)" doc:"Capacity offered, in parcels per day."`
	WindowStart cell.Date   `csv:"window_start" label:"Service from" doc:"First day of the service window."`
	WindowEnd   cell.Date   `csv:"window_end" label:"Service to" doc:"Last day of the service window."`
	Reserve     cell.Money  `csv:"reserve_price_usd" label:"Reserve" doc:"Reserve price in US dollars."`
	WinnerID    cell.Ref    `csv:"winner_id" label:"Winner" ref:"carriers" doc:"Winning carrier id, redacted when under seal, blank when not awarded."`
	Clearing    cell.Money  `csv:"clearing_price_usd" label:"Clearing price" doc:"Price the lot cleared at, in US dollars; blank when not public, or when the lot was not awarded (winner_id blank), where no price exists."`
	Bids        cell.Count  `csv:"bids_received" label:"Bids" doc:"Number of bids received."`
}

// Participation is one row of participation.csv: one carrier in one auction.
type Participation struct {
	AuctionID   cell.Slug                `csv:"auction_id" label:"Auction" ref:"auctions" portal:"required" doc:"The auction."`
	CarrierID   cell.Slug                `csv:"carrier_id" label:"Carrier" ref:"carriers" portal:"required" doc:"The carrier."`
	Status      cell.ParticipationStatus `csv:"status" label:"Status" portal:"required" doc:"How far the carrier took part."`
	LotsBid     cell.Count               `csv:"lots_bid" label:"Lots bid" doc:"Lots the carrier bid on."`
	LotsWon     cell.Count               `csv:"lots_won" label:"Lots won" doc:"Lots the carrier won."`
	CapacityWon cell.Count               `csv:"capacity_won_parcels_per_day" label:"Parcels/day won" doc:"Capacity won, in parcels per day."`
}
