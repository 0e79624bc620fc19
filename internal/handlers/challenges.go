package handlers

import (
	"context"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// IndicatorDTO is a technical indicator.
type IndicatorDTO struct {
	Name   string `json:"name"`
	Target string `json:"target"`
	Unit   string `json:"unit"`
}

// ChallengeInput is the body of POST /challenges and PATCH /challenges/{id}:
// a draft may be saved with only a title; submission checks the rest.
type ChallengeInput struct {
	Title                 *string         `json:"title,omitempty"`
	Problem               *string         `json:"problem,omitempty" text:"multiline"`
	Indicators            *[]IndicatorDTO `json:"indicators,omitempty"`
	Deliverables          *string         `json:"deliverables,omitempty" text:"multiline"`
	FieldID               *string         `json:"field_id,omitempty"`
	EnterpriseCommitment  *int64          `json:"enterprise_commitment,omitempty" jsonschema:"description=揭榜金额 the enterprise commits, yuan"`
	RequestedSupport      *int64          `json:"requested_support,omitempty" jsonschema:"description=support requested from government, yuan"`
	DurationMonths        *int            `json:"duration_months,omitempty"`
	IPTerms               *string         `json:"ip_terms,omitempty" text:"multiline"`
	TRLStart              *int            `json:"trl_start,omitempty" jsonschema:"minimum=1,maximum=9"`
	TRLTarget             *int            `json:"trl_target,omitempty" jsonschema:"minimum=1,maximum=9"`
	EligibleOrgTypes      *[]string       `json:"eligible_org_types,omitempty"`
	Global                *bool           `json:"global,omitempty" jsonschema:"description=foreign organizations may bid"`
	ScenarioID            *string         `json:"scenario_id,omitempty" validate:"omitnil,max=64" jsonschema:"description=以赛代招: the application scenario this competition is for (the caller's organization provides it; empty to clear)"`
	ProcurementCommitment *int64          `json:"procurement_commitment,omitempty" jsonschema:"description=以赛代招: what the scenario's provider commits to buy, yuan; it becomes the winner's enterprise funding line"`
	Version               *int            `json:"version,omitempty" jsonschema:"description=PATCH only: the version you last saw"`
}

func (in ChallengeInput) draft() challenge.Draft {
	d := challenge.Draft{Title: in.Title, Problem: in.Problem, Deliverables: in.Deliverables, FieldID: in.FieldID,
		EnterpriseCommitment: in.EnterpriseCommitment, RequestedSupport: in.RequestedSupport, DurationMonths: in.DurationMonths,
		IPTerms: in.IPTerms, TRLStart: in.TRLStart, TRLTarget: in.TRLTarget, EligibleOrgTypes: in.EligibleOrgTypes, Global: in.Global,
		ScenarioID: in.ScenarioID, ProcurementCommitment: in.ProcurementCommitment}
	if in.Indicators != nil {
		is := make([]challenge.Indicator, len(*in.Indicators))
		for i, x := range *in.Indicators {
			is[i] = challenge.Indicator(x)
		}
		d.Indicators = &is
	}
	return d
}

// ChallengeDTO is a challenge as the caller may see it.
type ChallengeDTO struct {
	ID                    string         `json:"id"`
	Actions               []string       `json:"actions" enum:"challenge.action" jsonschema:"description=what the caller may do now: show these, derive nothing"`
	OwnerID               string         `json:"owner_id"`
	OwnerName             string         `json:"owner_name,omitempty"` // the posting enterprise, in lists and reads
	Title                 string         `json:"title"`
	Problem               string         `json:"problem"`
	Indicators            []IndicatorDTO `json:"indicators"`
	Deliverables          string         `json:"deliverables"`
	FieldID               string         `json:"field_id,omitempty"`
	EnterpriseCommitment  int64          `json:"enterprise_commitment"`
	RequestedSupport      int64          `json:"requested_support"`
	DurationMonths        int            `json:"duration_months"`
	IPTerms               string         `json:"ip_terms"`
	TRLStart              int            `json:"trl_start"`
	TRLTarget             int            `json:"trl_target"`
	EligibleOrgTypes      []string       `json:"eligible_org_types"`
	Global                bool           `json:"global"`
	Category              string         `json:"category,omitempty"`
	FundingCap            *int64         `json:"funding_cap,omitempty"`
	BidDeadline           *time.Time     `json:"bid_deadline,omitempty"`
	PublishedAt           *time.Time     `json:"published_at,omitempty"`
	ClosedAt              *time.Time     `json:"closed_at,omitempty"`
	DecidedAt             *time.Time     `json:"decided_at,omitempty"`
	Status                string         `json:"status" enum:"challenge.status"`
	StatusReason          string         `json:"status_reason,omitempty"`
	BidCount              *int           `json:"bid_count,omitempty" jsonschema:"description=the owner and program managers only"`
	ProposedBidID         string         `json:"proposed_bid_id,omitempty" jsonschema:"description=the owner and program managers only"`
	AwardedBidID          string         `json:"awarded_bid_id,omitempty"`
	ProjectID             string         `json:"project_id,omitempty" jsonschema:"description=the first winner's project"`
	MaxWinners            int            `json:"max_winners" jsonschema:"description=how many bids an award may name (赛马)"`
	WinnerBidIDs          []string       `json:"winner_bid_ids" jsonschema:"description=the proposed (owner and program managers only) then awarded bids"`
	ProjectIDs            []string       `json:"project_ids" jsonschema:"description=one project per winner, once confirmed"`
	Rounds                []RoundDTO     `json:"rounds" jsonschema:"description=the review rounds (以赛代评) set at approval; empty: one round"`
	CurrentRound          int            `json:"current_round,omitempty" jsonschema:"description=the round under review (the owner and program managers only)"`
	ScenarioID            string         `json:"scenario_id,omitempty" jsonschema:"description=以赛代招: the application scenario this competition is for"`
	ProcurementCommitment int64          `json:"procurement_commitment,omitempty" jsonschema:"description=以赛代招: the provider's procurement commitment, yuan"`
	Version               int            `json:"version"`
	CreatedAt             time.Time      `json:"created_at"`
	UpdatedAt             time.Time      `json:"updated_at"`
}

// RoundDTO is one review round: its name, weight (percent) and, for every
// round but the last, how many bids go through to the next.
type RoundDTO struct {
	Name      string `json:"name" validate:"max=50"`
	Weight    int    `json:"weight" validate:"gte=0,lte=100" jsonschema:"description=percent; the rounds' weights sum to 100"`
	Shortlist int    `json:"shortlist,omitempty" validate:"gte=0,lte=1000" jsonschema:"description=how many bids go through to the next round (every round but the last)"`
}

func challengeDTO(v challenge.View) ChallengeDTO {
	c := v.Challenge
	d := ChallengeDTO{ID: c.ID, OwnerID: c.OwnerID, OwnerName: v.OwnerName, Title: c.Title, Problem: c.Problem, Deliverables: c.Deliverables,
		FieldID: c.FieldID, EnterpriseCommitment: c.EnterpriseCommitment, RequestedSupport: c.RequestedSupport,
		DurationMonths: c.DurationMonths, IPTerms: c.IPTerms, TRLStart: c.TRLStart, TRLTarget: c.TRLTarget,
		Global: c.Global, Category: c.Category, FundingCap: c.FundingCap, BidDeadline: c.BidDeadline,
		PublishedAt: c.PublishedAt, ClosedAt: c.ClosedAt, DecidedAt: c.DecidedAt, Status: string(v.Status),
		StatusReason: c.StatusReason, BidCount: v.BidCount, ProposedBidID: c.ProposedBidID, AwardedBidID: c.AwardedBidID,
		ProjectID: c.ProjectID, MaxWinners: max(c.MaxWinners, 1), WinnerBidIDs: orEmpty(c.WinnerBidIDs), ProjectIDs: orEmpty(c.ProjectIDs),
		Rounds: mapSlice(c.Rounds, func(r challenge.Round) RoundDTO { return RoundDTO(r) }), CurrentRound: c.CurrentRound,
		ScenarioID: c.ScenarioID, ProcurementCommitment: c.ProcurementCommitment,
		Version: c.Version, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt, Actions: strs(v.Actions),
		Indicators:       mapSlice(c.Indicators, func(i challenge.Indicator) IndicatorDTO { return IndicatorDTO(i) }),
		EligibleOrgTypes: mapSlice(c.EligibleOrgTypes, func(t org.Type) string { return string(t) })}
	if v.Status == challenge.StatusClosed && c.ClosedAt == nil {
		d.ClosedAt = c.BidDeadline
	}
	return d
}

func (s *Server) listChallenges(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	status, err := enumQuery(c, "status", enumValues("challenge.status")...)
	if err != nil {
		return err
	}
	mine, err := boolQuery(c, "mine")
	if err != nil {
		return err
	}
	return replyPage(c, challengeDTO)(s.deps.Challenges.List(ctxOf(c), actorOf(c), challenge.ListInput{Status: status,
		FieldID: c.QueryParam("field"), Category: c.QueryParam("category"), Query: c.QueryParam("q"), Mine: mine}, p))
}

func (s *Server) createChallenge(c echo.Context) error {
	var in ChallengeInput
	if err := decodeCreate(c, &in, &in.Version); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, challengeDTO)(s.deps.Challenges.Create(ctxOf(c), actorOf(c), in.draft()))
}

func (s *Server) getChallenge(c echo.Context) error {
	return reply(c, http.StatusOK, challengeDTO)(s.deps.Challenges.Get(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) updateChallenge(c echo.Context) error {
	var in ChallengeInput
	version, err := decodeVersioned(c, &in, &in.Version)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, challengeDTO)(s.deps.Challenges.Update(ctxOf(c), actorOf(c), c.Param("id"), in.draft(), version))
}

// challengeAction runs a versioned action that takes no more than a version.
func (s *Server) challengeAction(act func(c echo.Context, version *int) (challenge.View, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		version, err := decodeVersionOnly(c)
		if err != nil {
			return err
		}
		return reply(c, http.StatusOK, challengeDTO)(act(c, version))
	}
}

func (s *Server) submitChallenge(c echo.Context, version *int) (challenge.View, error) {
	return s.deps.Challenges.Submit(ctxOf(c), actorOf(c), c.Param("id"), version)
}

func (s *Server) withdrawChallenge(c echo.Context, version *int) (challenge.View, error) {
	return s.deps.Challenges.Withdraw(ctxOf(c), actorOf(c), c.Param("id"), version)
}

// ApproveRequest is the bureau's set-up of a challenge (立题).
type ApproveRequest struct {
	Category    string     `json:"category" validate:"required" enum:"category"`
	FundingCap  *int64     `json:"funding_cap" validate:"required" jsonschema:"description=government funding cap, yuan (at most 50000000)"`
	BidDeadline time.Time  `json:"bid_deadline" validate:"required" jsonschema:"description=RFC 3339; must be in the future"`
	MaxWinners  *int       `json:"max_winners,omitempty" jsonschema:"description=how many bids an award may name, 1 to 10 (default 1)"`
	Rounds      []RoundDTO `json:"rounds,omitempty" validate:"max=5,dive" jsonschema:"description=review rounds (以赛代评), at most 5; default one round"`
	Version     *int       `json:"version,omitempty" validate:"omitnil,gte=1"`
}

func (s *Server) approveChallenge(c echo.Context) error {
	var in ApproveRequest
	version, err := decodeVersioned(c, &in, &in.Version)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, challengeDTO)(s.deps.Challenges.Approve(ctxOf(c), actorOf(c), c.Param("id"), challenge.Approval{
		Category: in.Category, FundingCap: *in.FundingCap, BidDeadline: in.BidDeadline, MaxWinners: valueOr(in.MaxWinners, 0),
		Rounds: mapSlice(in.Rounds, func(r RoundDTO) challenge.Round { return challenge.Round(r) })}, version))
}

// reasonAction adapts the four actions that need a reason.
func (s *Server) reasonAction(act func(ctx context.Context, a domain.Actor, id, reason string, v *int) (challenge.View, error)) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in ReasonRequest
		version, err := decodeVersioned(c, &in, &in.Version)
		if err != nil {
			return err
		}
		return reply(c, http.StatusOK, challengeDTO)(act(ctxOf(c), actorOf(c), c.Param("id"), in.Reason, version))
	}
}

// AwardRequest proposes the winning bid.
type AwardRequest struct {
	BidID   string   `json:"bid_id,omitempty" validate:"max=64" jsonschema:"description=one winner (or bid_ids)"`
	BidIDs  []string `json:"bid_ids,omitempty" validate:"max=10,dive,max=64" jsonschema:"description=the winners, at most the challenge's max_winners"`
	Version *int     `json:"version,omitempty" validate:"omitnil,gte=1"`
}

func (s *Server) proposeAward(c echo.Context) error {
	var in AwardRequest
	version, err := decodeVersioned(c, &in, &in.Version)
	if err != nil {
		return err
	}
	ids := in.BidIDs
	if len(ids) == 0 && in.BidID != "" {
		ids = []string{in.BidID}
	}
	return reply(c, http.StatusOK, challengeDTO)(s.deps.Challenges.ProposeAward(ctxOf(c), actorOf(c), c.Param("id"), ids, version))
}

// ConfirmResponse is the awarded challenge and the projects it became (one
// per winner; project is the first).
type ConfirmResponse struct {
	Challenge ChallengeDTO `json:"challenge"`
	Project   ProjectDTO   `json:"project"`
	Projects  []ProjectDTO `json:"projects"`
}

func (s *Server) confirmAward(c echo.Context) error {
	version, err := decodeVersionOnly(c)
	if err != nil {
		return err
	}
	ctx := ctxOf(c)
	out, err := s.deps.Challenges.ConfirmAward(ctx, actorOf(c), c.Param("id"), version)
	if err != nil {
		return err
	}
	var ds []project.Details
	for _, p := range out.Projects {
		d, err := s.deps.Projects.Get(ctx, actorOf(c), p.ID)
		if err != nil {
			return err
		}
		ds = append(ds, d)
	}
	return reply(c, http.StatusOK, func(ds []project.Details) ConfirmResponse {
		r := ConfirmResponse{Challenge: challengeDTO(out.Challenge), Projects: mapSlice(ds, projectDTO)}
		r.Project = r.Projects[0]
		return r
	})(ds, nil)
}

func orEmpty(ids []string) []string {
	if ids == nil {
		return []string{}
	}
	return ids
}

// valueOr is *p, or def when the request left it out.
func valueOr[T any](p *T, def T) T {
	if p == nil {
		return def
	}
	return *p
}

// challengeRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) challengeRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// Challenges (揭榜)
		{Method: http.MethodGet, Path: v1 + "/challenges", OperationID: "listChallenges", Tag: "challenges",
			Summary: "The 揭榜 board: public challenges, plus the caller's own organization's in every status (program managers: all but others' drafts)",
			Access:  anyone,
			Query: withPage(QueryParam{Name: "status", Type: "string", Enum: enumValues("challenge.status")},
				QueryParam{Name: "field", Type: "string", Description: "a field id; a level-1 field includes its children"},
				QueryParam{Name: "category", Type: "string"}, qParam,
				QueryParam{Name: "mine", Type: "boolean", Description: "only the caller's organization's challenges"}),
			Response: Page[ChallengeDTO]{}, Status: http.StatusOK, Handler: s.listChallenges},
		{Method: http.MethodPost, Path: v1 + "/challenges", OperationID: "createChallenge", Tag: "challenges",
			Summary: "Save a new draft challenge (企业出题); only the title is needed for a draft", Access: roles(enterprise),
			Body: ChallengeInput{}, Response: ChallengeDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.createChallenge},
		{Method: http.MethodGet, Path: v1 + "/challenges/:id", OperationID: "getChallenge", Tag: "challenges",
			Summary: "One challenge as the board shows it to the caller; bid_count for the owner and program managers only",
			Access:  anyone, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.getChallenge},
		{Method: http.MethodPatch, Path: v1 + "/challenges/:id", OperationID: "updateChallenge", Tag: "challenges",
			Summary: "Edit a draft (the owner enterprise)", Access: roles(enterprise), Body: ChallengeInput{},
			Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.updateChallenge},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/submit", OperationID: "submitChallenge", Tag: "challenges",
			Summary: "Submit a complete draft for vetting (verified organizations only)", Access: roles(enterprise),
			Body: VersionRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.challengeAction(s.submitChallenge)},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/withdraw", OperationID: "withdrawChallenge", Tag: "challenges",
			Summary: "Withdraw a draft or submitted challenge", Access: roles(enterprise),
			Body: VersionRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.challengeAction(s.withdrawChallenge)},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/approve", OperationID: "approveChallenge", Tag: "challenges",
			Summary: "Approve and publish (立题) with the category, government funding cap and bid deadline", Access: roles(pm),
			Body: ApproveRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.approveChallenge},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/return", OperationID: "returnChallenge", Tag: "challenges",
			Summary: "Return a submitted challenge to its owner as a draft, with a reason", Access: roles(pm),
			Body: ReasonRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.reasonAction(s.deps.Challenges.Return)},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/reject", OperationID: "rejectChallenge", Tag: "challenges",
			Summary: "Reject a submitted challenge, with a reason", Access: roles(pm),
			Body: ReasonRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.reasonAction(s.deps.Challenges.Reject)},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/cancel", OperationID: "cancelChallenge", Tag: "challenges",
			Summary: "Cancel a challenge before it is awarded, with a reason", Access: roles(pm),
			Body: ReasonRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.reasonAction(s.deps.Challenges.Cancel)},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/fail", OperationID: "failChallenge", Tag: "challenges",
			Summary: "Mark a closed or reviewed challenge failed (流榜), with a reason", Access: roles(pm),
			Body: ReasonRequest{}, Response: ChallengeDTO{}, Status: http.StatusOK, Handler: s.reasonAction(s.deps.Challenges.Fail)},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/award", OperationID: "proposeAward", Tag: "review",
			Summary: "Propose the winning bid", Access: roles(pm), Body: AwardRequest{}, Response: ChallengeDTO{},
			Status: http.StatusOK, Handler: s.proposeAward},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/award/confirm", OperationID: "confirmAward", Tag: "review",
			Summary: "Confirm the proposed winner (the owner): the challenge is awarded and becomes a project", Access: roles(enterprise),
			Body: VersionRequest{}, Response: ConfirmResponse{}, Status: http.StatusOK, Handler: s.confirmAward},
	}
}
