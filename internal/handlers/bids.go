package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/challenge"
)

// TeamDTO is who will do the work.
type TeamDTO struct {
	LeadScientist string `json:"lead_scientist"`
	Size          int    `json:"size"`
}

// BidMilestoneDTO is a step of a bid's plan.
type BidMilestoneDTO struct {
	Title       string `json:"title"`
	Month       int    `json:"month"`
	Deliverable string `json:"deliverable"`
}

// BidInput is the body of POST /challenges/{id}/bids and PATCH /bids/{id}.
type BidInput struct {
	Summary        *string            `json:"summary,omitempty" text:"multiline"`
	Approach       *string            `json:"approach,omitempty" text:"multiline"`
	Team           *TeamDTO           `json:"team,omitempty"`
	PartnerIDs     *[]string          `json:"partner_ids,omitempty"`
	Budget         *int64             `json:"budget,omitempty" jsonschema:"description=yuan"`
	DurationMonths *int               `json:"duration_months,omitempty"`
	Milestones     *[]BidMilestoneDTO `json:"milestones,omitempty"`
	AcceptTerms    *bool              `json:"accept_terms,omitempty" jsonschema:"description=must be true: the challenge's IP and confidentiality terms are accepted"`
	Version        *int               `json:"version,omitempty" jsonschema:"description=PATCH only: the version you last saw"`
}

func (in BidInput) domain() challenge.BidInput {
	out := challenge.BidInput{Summary: in.Summary, Approach: in.Approach, PartnerIDs: in.PartnerIDs, Budget: in.Budget,
		DurationMonths: in.DurationMonths, AcceptTerms: in.AcceptTerms}
	if in.Team != nil {
		t := challenge.Team(*in.Team)
		out.Team = &t
	}
	if in.Milestones != nil {
		ms := make([]challenge.BidMilestone, len(*in.Milestones))
		for i, m := range *in.Milestones {
			ms[i] = challenge.BidMilestone(m)
		}
		out.Milestones = &ms
	}
	return out
}

// BidDTO is a bid as its own organization (or, after the deadline, the owner,
// program managers and the experts) see it.
type BidDTO struct {
	ID               string            `json:"id"`
	Actions          []string          `json:"actions" enum:"bid.action" jsonschema:"description=what the caller may do now: show these, derive nothing"`
	ChallengeID      string            `json:"challenge_id"`
	OrganizationID   string            `json:"organization_id"`
	OrganizationName string            `json:"organization_name"`
	Summary          string            `json:"summary"`
	Approach         string            `json:"approach"`
	Team             TeamDTO           `json:"team"`
	PartnerIDs       []string          `json:"partner_ids"`
	PartnerNames     []string          `json:"partner_names" jsonschema:"description=the partners' names, in the order of partner_ids"`
	Budget           int64             `json:"budget"`
	DurationMonths   int               `json:"duration_months"`
	Milestones       []BidMilestoneDTO `json:"milestones"`
	AcceptTerms      bool              `json:"accept_terms"`
	Status           string            `json:"status" enum:"bid.status"`
	Partners         []PartnerDTO      `json:"partners" jsonschema:"description=each named partner's answer (联合揭榜), in the order of partner_ids"`
	Round            int               `json:"round" jsonschema:"description=the furthest review round the bid reached (以赛代评)"`
	Version          int               `json:"version"`
	CreatedAt        time.Time         `json:"created_at"`
	UpdatedAt        time.Time         `json:"updated_at"`
}

// PartnerDTO is a named partner's answer to a bid.
type PartnerDTO struct {
	OrganizationID string     `json:"organization_id"`
	Decision       string     `json:"decision" enum:"bid.partner_decision"`
	DecidedAt      *time.Time `json:"decided_at,omitempty"`
}

func bidDTO(b challenge.Bid) BidDTO {
	return BidDTO{ID: b.ID, ChallengeID: b.ChallengeID, OrganizationID: b.OrganizationID, Summary: b.Summary,
		Approach: b.Approach, Team: TeamDTO(b.Team), PartnerIDs: b.PartnerIDs, Budget: b.Budget, DurationMonths: b.DurationMonths,
		Milestones:  mapSlice(b.Milestones, func(m challenge.BidMilestone) BidMilestoneDTO { return BidMilestoneDTO(m) }),
		AcceptTerms: b.AcceptTerms, Status: string(b.Status), Actions: strs(b.Actions), Version: b.Version, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt,
		Round: max(b.Round, 1), Partners: mapSlice(b.Partners, func(p challenge.PartnerAnswer) PartnerDTO {
			return PartnerDTO{OrganizationID: p.OrganizationID, Decision: string(p.Decision), DecidedAt: p.DecidedAt}
		})}
}

func (s *Server) createBid(c echo.Context) error {
	var in BidInput
	if err := decodeCreate(c, &in, &in.Version); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, bidDTO)(s.deps.Challenges.CreateBid(ctxOf(c), actorOf(c), c.Param("id"), in.domain()))
}

func (s *Server) listBids(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	return replyPage(c, bidDTO)(s.deps.Challenges.Bids(ctxOf(c), actorOf(c), c.Param("id"), p))
}

func (s *Server) getBid(c echo.Context) error {
	return reply(c, http.StatusOK, bidDTO)(s.deps.Challenges.GetBid(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) updateBid(c echo.Context) error {
	var in BidInput
	version, err := decodeVersioned(c, &in, &in.Version)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, bidDTO)(s.deps.Challenges.UpdateBid(ctxOf(c), actorOf(c), c.Param("id"), in.domain(), version))
}

func (s *Server) withdrawBid(c echo.Context) error {
	version, err := decodeVersionOnly(c)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, bidDTO)(s.deps.Challenges.WithdrawBid(ctxOf(c), actorOf(c), c.Param("id"), version))
}

// OwnBidDTO is one of the caller's organization's bids with its challenge.
type OwnBidDTO struct {
	BidDTO
	ChallengeTitle  string `json:"challenge_title"`
	ChallengeStatus string `json:"challenge_status" enum:"challenge.status"`
}

func ownBidDTO(x challenge.OwnBid) OwnBidDTO {
	return OwnBidDTO{BidDTO: bidDTO(x.Bid), ChallengeTitle: x.Challenge.Title, ChallengeStatus: string(x.Challenge.Status)}
}

func (s *Server) listOwnBids(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	return replyPage(c, ownBidDTO)(s.deps.Challenges.OwnBids(ctxOf(c), actorOf(c), p))
}

func (s *Server) listPartnerBids(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	return replyPage(c, ownBidDTO)(s.deps.Challenges.PartnerBids(ctxOf(c), actorOf(c), p))
}

// PartnerAnswerRequest is a named partner's answer to a bid.
type PartnerAnswerRequest struct {
	Confirm *bool `json:"confirm" validate:"required" jsonschema:"description=true: join the bid; false: decline"`
}

func (s *Server) answerAsPartner(c echo.Context) error {
	var in PartnerAnswerRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, bidDTO)(s.deps.Challenges.AnswerAsPartner(ctxOf(c), actorOf(c), c.Param("id"), *in.Confirm))
}

// bidRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) bidRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// Bids (揭榜申请), sealed until the deadline
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/bids", OperationID: "createBid", Tag: "bids",
			Summary: "Bid while the challenge is open (verified, eligible, non-owner organizations; one bid each)",
			Access:  roles(enterprise, institute), Body: BidInput{}, Response: BidDTO{}, Status: http.StatusCreated,
			Idempotent: true, Handler: s.createBid},
		{Method: http.MethodGet, Path: v1 + "/challenges/:id/bids", OperationID: "listBids", Tag: "bids",
			Summary: "The bids the caller may see: before the deadline its own organization's only; after it all of them for the owner, program managers and assigned experts",
			Access:  signedIn, Query: pageParams, Response: Page[BidDTO]{}, Status: http.StatusOK, Handler: s.listBids},
		{Method: http.MethodGet, Path: v1 + "/bids", OperationID: "listOwnBids", Tag: "bids",
			Summary: "My organization's bids (我的揭榜), newest first, each with its challenge's title and status",
			Access:  roles(enterprise, institute), Query: pageParams, Response: Page[OwnBidDTO]{}, Status: http.StatusOK,
			Handler: s.listOwnBids},
		{Method: http.MethodGet, Path: v1 + "/partner-bids", OperationID: "listPartnerBids", Tag: "bids",
			Summary: "Bids naming my organization as a partner (联合揭榜), newest first, each with its challenge's title and status",
			Access:  roles(enterprise, institute), Query: pageParams, Response: Page[OwnBidDTO]{}, Status: http.StatusOK,
			Handler: s.listPartnerBids},
		{Method: http.MethodPost, Path: v1 + "/bids/:id/partner-confirmation", OperationID: "answerAsPartner", Tag: "bids",
			Summary: "Confirm or decline a bid naming my organization as a partner, once, before the deadline",
			Access:  roles(enterprise, institute), Body: PartnerAnswerRequest{}, Response: BidDTO{}, Status: http.StatusOK,
			Handler: s.answerAsPartner},
		{Method: http.MethodGet, Path: v1 + "/bids/:id", OperationID: "getBid", Tag: "bids",
			Summary: "One bid; a sealed bid is 404 to everyone but its own organization and the partners it names", Access: signedIn,
			Response: BidDTO{}, Status: http.StatusOK, Handler: s.getBid},
		{Method: http.MethodPatch, Path: v1 + "/bids/:id", OperationID: "updateBid", Tag: "bids",
			Summary: "Edit the bid until the deadline (the bidding organization)", Access: roles(enterprise, institute),
			Body: BidInput{}, Response: BidDTO{}, Status: http.StatusOK, Handler: s.updateBid},
		{Method: http.MethodPost, Path: v1 + "/bids/:id/withdraw", OperationID: "withdrawBid", Tag: "bids",
			Summary: "Withdraw the bid until the deadline (the bidding organization)", Access: roles(enterprise, institute),
			Body: VersionRequest{}, Response: BidDTO{}, Status: http.StatusOK, Handler: s.withdrawBid},
	}
}
