package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// QuestionRequest is a question or an answer.
type QuestionRequest struct {
	Text string `json:"text" validate:"required,max=5000"`
}

// QuestionDTO is a clarification; the asker is never shown.
type QuestionDTO struct {
	ID          string     `json:"id"`
	ChallengeID string     `json:"challenge_id"`
	Text        string     `json:"text"`
	Answer      string     `json:"answer,omitempty"`
	AnsweredAt  *time.Time `json:"answered_at,omitempty"`
	Mine        bool       `json:"mine" jsonschema:"description=asked by the caller's organization"`
	Version     int        `json:"version"`
	CreatedAt   time.Time  `json:"created_at"`
	UpdatedAt   time.Time  `json:"updated_at"`
}

func questionDTO(q challenge.QuestionView) QuestionDTO {
	return QuestionDTO{ID: q.ID, ChallengeID: q.ChallengeID, Text: q.Text, Answer: q.Answer, AnsweredAt: q.AnsweredAt,
		Mine: q.Mine, Version: q.Version, CreatedAt: q.CreatedAt, UpdatedAt: q.UpdatedAt}
}

func (s *Server) listQuestions(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	l, err := s.deps.Challenges.Questions(c.Request().Context(), actorOf(c), c.Param("id"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Page[QuestionDTO]{Items: mapSlice(l.Items, questionDTO), NextCursor: cursorOf(l.Next)})
}

func (s *Server) askQuestion(c echo.Context) error {
	var in QuestionRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	q, err := s.deps.Challenges.Ask(c.Request().Context(), actorOf(c), c.Param("id"), in.Text)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, questionDTO(q))
}

func (s *Server) answerQuestion(c echo.Context) error {
	var in QuestionRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	q, err := s.deps.Challenges.Answer(c.Request().Context(), actorOf(c), c.Param("id"), c.Param("qid"), in.Text)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, questionDTO(q))
}

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
	Summary        *string            `json:"summary,omitempty"`
	Approach       *string            `json:"approach,omitempty"`
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
	ID             string            `json:"id"`
	ChallengeID    string            `json:"challenge_id"`
	OrganizationID string            `json:"organization_id"`
	Summary        string            `json:"summary"`
	Approach       string            `json:"approach"`
	Team           TeamDTO           `json:"team"`
	PartnerIDs     []string          `json:"partner_ids"`
	Budget         int64             `json:"budget"`
	DurationMonths int               `json:"duration_months"`
	Milestones     []BidMilestoneDTO `json:"milestones"`
	AcceptTerms    bool              `json:"accept_terms"`
	Status         string            `json:"status" jsonschema:"enum=submitted,enum=withdrawn,enum=awarded,enum=not_awarded"`
	Version        int               `json:"version"`
	CreatedAt      time.Time         `json:"created_at"`
	UpdatedAt      time.Time         `json:"updated_at"`
}

func bidDTO(b challenge.Bid) BidDTO {
	return BidDTO{ID: b.ID, ChallengeID: b.ChallengeID, OrganizationID: b.OrganizationID, Summary: b.Summary,
		Approach: b.Approach, Team: TeamDTO(b.Team), PartnerIDs: b.PartnerIDs, Budget: b.Budget, DurationMonths: b.DurationMonths,
		Milestones:  mapSlice(b.Milestones, func(m challenge.BidMilestone) BidMilestoneDTO { return BidMilestoneDTO(m) }),
		AcceptTerms: b.AcceptTerms, Status: string(b.Status), Version: b.Version, CreatedAt: b.CreatedAt, UpdatedAt: b.UpdatedAt}
}

func (s *Server) createBid(c echo.Context) error {
	var in BidInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if in.Version != nil {
		return badVersionOnCreate()
	}
	b, err := s.deps.Challenges.CreateBid(c.Request().Context(), actorOf(c), c.Param("id"), in.domain())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusCreated, bidDTO(b))
}

func (s *Server) listBids(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	l, err := s.deps.Challenges.Bids(c.Request().Context(), actorOf(c), c.Param("id"), p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Page[BidDTO]{Items: mapSlice(l.Items, bidDTO), NextCursor: cursorOf(l.Next)})
}

func (s *Server) getBid(c echo.Context) error {
	b, err := s.deps.Challenges.GetBid(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, bidDTO(b))
}

func (s *Server) updateBid(c echo.Context) error {
	var in BidInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	version, err := ifMatch(c, in.Version)
	if err != nil {
		return err
	}
	b, err := s.deps.Challenges.UpdateBid(c.Request().Context(), actorOf(c), c.Param("id"), in.domain(), version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, bidDTO(b))
}

func (s *Server) withdrawBid(c echo.Context) error {
	var in VersionRequest
	if err := decodeOptionalJSON(c, &in); err != nil {
		return err
	}
	version, err := ifMatch(c, in.Version)
	if err != nil {
		return err
	}
	b, err := s.deps.Challenges.WithdrawBid(c.Request().Context(), actorOf(c), c.Param("id"), version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, bidDTO(b))
}

// ReviewersRequest assigns experts.
type ReviewersRequest struct {
	UserIDs []string `json:"user_ids" validate:"required,min=1,max=50"`
}

// AssignmentDTO is an expert's assignment to a challenge.
type AssignmentDTO struct {
	ChallengeID      string     `json:"challenge_id"`
	ExpertID         string     `json:"expert_id"`
	AssignedAt       time.Time  `json:"assigned_at"`
	ConflictDeclared bool       `json:"conflict_declared"`
	SubmittedAt      *time.Time `json:"submitted_at,omitempty"`
}

func assignmentDTO(a challenge.Assignment) AssignmentDTO {
	return AssignmentDTO{ChallengeID: a.ChallengeID, ExpertID: a.ExpertID, AssignedAt: a.AssignedAt,
		ConflictDeclared: a.ConflictDeclared, SubmittedAt: a.SubmittedAt}
}

func (s *Server) assignReviewers(c echo.Context) error {
	var in ReviewersRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	as, err := s.deps.Challenges.AssignReviewers(c.Request().Context(), actorOf(c), c.Param("id"), in.UserIDs)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[AssignmentDTO]{Items: mapSlice(as, assignmentDTO)})
}

// ConflictRequest declares a conflict of interest.
type ConflictRequest struct {
	Reason string `json:"reason" validate:"required,max=2000"`
}

func (s *Server) declareConflict(c echo.Context) error {
	var in ConflictRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Challenges.DeclareConflict(c.Request().Context(), actorOf(c), c.Param("id"), in.Reason); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ScoreRequest is the rubric: technical 0–40, feasibility 0–30, team 0–20, budget 0–10.
type ScoreRequest struct {
	Technical   *int   `json:"technical" validate:"required" jsonschema:"minimum=0,maximum=40"`
	Feasibility *int   `json:"feasibility" validate:"required" jsonschema:"minimum=0,maximum=30"`
	Team        *int   `json:"team" validate:"required" jsonschema:"minimum=0,maximum=20"`
	Budget      *int   `json:"budget" validate:"required" jsonschema:"minimum=0,maximum=10"`
	Comment     string `json:"comment,omitempty" validate:"max=5000"`
}

// ScoreDTO is one expert's score of one bid.
type ScoreDTO struct {
	BidID       string    `json:"bid_id"`
	ExpertID    string    `json:"expert_id"`
	Technical   int       `json:"technical"`
	Feasibility int       `json:"feasibility"`
	Team        int       `json:"team"`
	Budget      int       `json:"budget"`
	Total       int       `json:"total"`
	Comment     string    `json:"comment"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func scoreDTO(s challenge.Score) ScoreDTO {
	return ScoreDTO{BidID: s.BidID, ExpertID: s.ExpertID, Technical: s.Technical, Feasibility: s.Feasibility,
		Team: s.Team, Budget: s.Budget, Total: s.Total(), Comment: s.Comment, UpdatedAt: s.UpdatedAt}
}

func (s *Server) putScore(c echo.Context) error {
	var in ScoreRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	sc, err := s.deps.Challenges.PutScore(c.Request().Context(), actorOf(c), c.Param("id"), challenge.ScoreInput{
		Technical: *in.Technical, Feasibility: *in.Feasibility, Team: *in.Team, Budget: *in.Budget, Comment: in.Comment})
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, scoreDTO(sc))
}

func (s *Server) submitScores(c echo.Context) error {
	if err := s.deps.Challenges.SubmitScores(c.Request().Context(), actorOf(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ReviewTaskDTO is one challenge an expert reviews.
type ReviewTaskDTO struct {
	Challenge        ChallengeDTO `json:"challenge"`
	AssignedAt       time.Time    `json:"assigned_at"`
	ConflictDeclared bool         `json:"conflict_declared"`
	SubmittedAt      *time.Time   `json:"submitted_at,omitempty"`
	Bids             []BidDTO     `json:"bids"`
	MyScores         []ScoreDTO   `json:"my_scores"`
}

func (s *Server) listReviews(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	l, err := s.deps.Challenges.Reviews(c.Request().Context(), actorOf(c), p)
	if err != nil {
		return err
	}
	now := s.deps.Clock.Now()
	items := mapSlice(l.Items, func(t challenge.ReviewTask) ReviewTaskDTO {
		return ReviewTaskDTO{Challenge: challengeDTO(challenge.View{Challenge: t.Challenge, Status: t.Challenge.EffectiveStatus(now)}),
			AssignedAt: t.AssignedAt, ConflictDeclared: t.ConflictDeclared, SubmittedAt: t.SubmittedAt,
			Bids: mapSlice(t.Bids, bidDTO), MyScores: mapSlice(t.MyScores, scoreDTO)}
	})
	return c.JSON(http.StatusOK, Page[ReviewTaskDTO]{Items: items, NextCursor: cursorOf(l.Next)})
}

// RankedBidDTO is a bid's place in the ranking.
type RankedBidDTO struct {
	BidID          string     `json:"bid_id"`
	OrganizationID string     `json:"organization_id"`
	MeanTotal      float64    `json:"mean_total"`
	Scores         []ScoreDTO `json:"scores"`
}

func (s *Server) ranking(c echo.Context) error {
	rs, err := s.deps.Challenges.Ranking(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Items[RankedBidDTO]{Items: mapSlice(rs, func(r challenge.RankedBid) RankedBidDTO {
		return RankedBidDTO{BidID: r.BidID, OrganizationID: r.OrganizationID, MeanTotal: r.MeanTotal, Scores: mapSlice(r.Scores, scoreDTO)}
	})})
}

// AwardRequest proposes the winning bid.
type AwardRequest struct {
	BidID   string `json:"bid_id" validate:"required,max=64"`
	Version *int   `json:"version,omitempty" validate:"omitnil,gte=1"`
}

func (s *Server) proposeAward(c echo.Context) error {
	var in AwardRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	version, err := ifMatch(c, in.Version)
	if err != nil {
		return err
	}
	v, err := s.deps.Challenges.ProposeAward(c.Request().Context(), actorOf(c), c.Param("id"), in.BidID, version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, challengeDTO(v))
}

// ConfirmResponse is the awarded challenge and the project it became.
type ConfirmResponse struct {
	Challenge ChallengeDTO `json:"challenge"`
	Project   ProjectDTO   `json:"project"`
}

func (s *Server) confirmAward(c echo.Context) error {
	var in VersionRequest
	if err := decodeOptionalJSON(c, &in); err != nil {
		return err
	}
	version, err := ifMatch(c, in.Version)
	if err != nil {
		return err
	}
	ctx := c.Request().Context()
	out, err := s.deps.Challenges.ConfirmAward(ctx, actorOf(c), c.Param("id"), version)
	if err != nil {
		return err
	}
	d, err := s.deps.Projects.Get(ctx, actorOf(c), out.Project.ID)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ConfirmResponse{Challenge: challengeDTO(out.Challenge), Project: projectDTO(d)})
}

// ProjectMemberDTO is an organization's part in a project.
type ProjectMemberDTO struct {
	OrganizationID string `json:"organization_id"`
	Role           string `json:"role" jsonschema:"enum=lead,enum=partner,enum=demand_side,enum=scenario_provider,enum=investor"`
}

// FundingLineDTO is money for a project from one source (integer yuan).
type FundingLineDTO struct {
	ID              string    `json:"id"`
	ProjectID       string    `json:"project_id"`
	Source          string    `json:"source" jsonschema:"enum=municipal,enum=provincial,enum=national,enum=enterprise,enum=investment"`
	Amount          int64     `json:"amount"`
	Status          string    `json:"status" jsonschema:"enum=planned,enum=committed,enum=disbursed"`
	Matching        bool      `json:"matching"`
	MilestoneID     string    `json:"milestone_id,omitempty"`
	InvestorID      string    `json:"investor_id,omitempty"`
	ConvertedFromID string    `json:"converted_from_id,omitempty"`
	Version         int       `json:"version"`
	CreatedAt       time.Time `json:"created_at"`
	UpdatedAt       time.Time `json:"updated_at"`
}

func fundingLineDTO(l project.FundingLine) FundingLineDTO {
	return FundingLineDTO{ID: l.ID, ProjectID: l.ProjectID, Source: string(l.Source), Amount: l.Amount, Status: string(l.Status),
		Matching: l.Matching, MilestoneID: l.MilestoneID, InvestorID: l.HolderOrgID, ConvertedFromID: l.ConvertedFromID,
		Version: l.Version, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}
}

func (s *Server) getProject(c echo.Context) error {
	d, err := s.deps.Projects.Get(c.Request().Context(), actorOf(c), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, projectDTO(d))
}
