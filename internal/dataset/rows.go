package dataset

// The row types below are the data sets' schemas. The csv tag names the
// column; portal:"required" marks a column that must be present and never
// blank; ref names the data set whose id the column holds; doc is the
// column's description in the published data dictionary.

// Carrier is one row of carriers.csv: a shipper or carrier.
type Carrier struct {
	ID      Slug        `csv:"id" portal:"required" doc:"Identifier, used in URLs."`
	Name    Text        `csv:"name" portal:"required" doc:"Legal or trading name."`
	Kind    CarrierKind `csv:"kind" portal:"required" doc:"What sort of business it is."`
	Parent  Slug        `csv:"parent" ref:"carriers" doc:"Id of the parent company, if it is in this data set."`
	HQState StateCode   `csv:"hq_state" doc:"State of the headquarters."`
	Website Link        `csv:"website" doc:"Official website."`
	Source  Link        `csv:"source" doc:"Where the facts in this row come from."`
}

// Facility is one row of facilities.csv: a postal facility.
type Facility struct {
	ID        Slug         `csv:"id" portal:"required" doc:"Identifier, used in URLs."`
	Name      Text         `csv:"name" portal:"required" doc:"Facility name."`
	Type      FacilityType `csv:"type" portal:"required" doc:"Facility type in the USPS network."`
	ParentID  Slug         `csv:"parent_id" ref:"facilities" doc:"Id of the facility that serves this one."`
	City      Text         `csv:"city" doc:"City."`
	State     StateCode    `csv:"state" doc:"State or territory."`
	ZIP       ZIP          `csv:"zip" doc:"ZIP code (or 3-digit prefix)."`
	Capacity  Count        `csv:"daily_parcel_capacity" doc:"Parcels per day the facility can process; blank when not public."`
	Latitude  Latitude     `csv:"latitude" doc:"Latitude in decimal degrees."`
	Longitude Longitude    `csv:"longitude" doc:"Longitude in decimal degrees."`
	Source    Link         `csv:"source" doc:"Where the facts in this row come from."`
}

// Agreement is one row of agreements.csv: a negotiated service agreement.
type Agreement struct {
	ID          Slug            `csv:"id" portal:"required" doc:"Identifier, used in URLs."`
	ShipperID   Ref             `csv:"shipper_id" ref:"carriers" portal:"required" doc:"The customer's carrier id, or redacted when filed under seal."`
	Product     Text            `csv:"product" portal:"required" doc:"The product or contract name."`
	Docket      ContractDocket  `csv:"docket" doc:"The contract's PRC docket (CP or K)."`
	MCDocket    ClassDocket     `csv:"mc_docket" doc:"The paired PRC mail classification docket (MC)."`
	Filed       Date            `csv:"filed" doc:"Date filed with the PRC."`
	Signed      Date            `csv:"signed" doc:"Date signed."`
	Effective   Date            `csv:"effective" doc:"Date the agreement takes effect."`
	Expires     Date            `csv:"expires" doc:"Date the agreement expires."`
	Terminated  Date            `csv:"terminated" doc:"Date the agreement ended early, when it was terminated; blank if it was not, or the date is not public."`
	Status      AgreementStatus `csv:"status" doc:"Status as filed; blank means derived from the dates."`
	MinAnnual   Volume          `csv:"min_annual_parcels" doc:"Minimum parcels per year the customer commits to."`
	EstRevenue  Money           `csv:"est_annual_revenue_usd" doc:"Estimated revenue to USPS per year, in US dollars."`
	TermsPublic TermsPublic     `csv:"terms_public" doc:"Whether the terms are public: yes, no or partial."`
	Source      Link            `csv:"source" doc:"Where the facts in this row come from."`
	Notes       Text            `csv:"notes" doc:"Notes."`
}

// Auction is one row of auctions.csv: an auction event or round.
type Auction struct {
	ID        Slug          `csv:"id" portal:"required" doc:"Identifier, used in URLs."`
	Title     Text          `csv:"title" portal:"required" doc:"Title."`
	AwardRule AwardRule     `csv:"award_rule" portal:"required" doc:"Which price wins a lot: highest-price or lowest-price."`
	Opens     Date          `csv:"opens" doc:"Date bidding opens."`
	Closes    Date          `csv:"closes" doc:"Date bidding closes."`
	Status    AuctionStatus `csv:"status" portal:"required" doc:"Status."`
	Source    Link          `csv:"source" doc:"Where the facts in this row come from."`
}

// Result is one row of auction_results.csv: one lot of capacity and its outcome.
type Result struct {
	AuctionID   Slug   `csv:"auction_id" ref:"auctions" portal:"required" doc:"The auction the lot was offered in."`
	LotID       Slug   `csv:"lot_id" portal:"required" doc:"Lot identifier, unique within its auction."`
	FacilityID  Slug   `csv:"facility_id" ref:"facilities" portal:"required" doc:"The facility whose capacity is offered."`
	Capacity    Volume `csv:"capacity_parcels_per_day" doc:"Capacity offered, in parcels per day."`
	WindowStart Date   `csv:"window_start" doc:"First day of the service window."`
	WindowEnd   Date   `csv:"window_end" doc:"Last day of the service window."`
	Reserve     Money  `csv:"reserve_price_usd" doc:"Reserve price in US dollars."`
	WinnerID    Ref    `csv:"winner_id" ref:"carriers" doc:"Winning carrier id, redacted when under seal, blank when not awarded."`
	Clearing    Money  `csv:"clearing_price_usd" doc:"Price the lot cleared at, in US dollars."`
	Bids        Count  `csv:"bids_received" doc:"Number of bids received."`
}

// Participation is one row of participation.csv: one carrier in one auction.
type Participation struct {
	AuctionID   Slug                `csv:"auction_id" ref:"auctions" portal:"required" doc:"The auction."`
	CarrierID   Slug                `csv:"carrier_id" ref:"carriers" portal:"required" doc:"The carrier."`
	Status      ParticipationStatus `csv:"status" portal:"required" doc:"How far the carrier took part."`
	LotsBid     Count               `csv:"lots_bid" doc:"Lots the carrier bid on."`
	LotsWon     Count               `csv:"lots_won" doc:"Lots the carrier won."`
	CapacityWon Count               `csv:"capacity_won_parcels_per_day" doc:"Capacity won, in parcels per day."`
}
