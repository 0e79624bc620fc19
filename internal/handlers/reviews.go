package handlers

import (
	"net/http"
	"strconv"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/labstack/echo/v4"
)

// ReviewersRequest assigns experts.
type ReviewersRequest struct {
	UserIDs []string `json:"user_ids" validate:"required,min=1,max=50"`
	Round   int      `json:"round,omitempty" validate:"gte=0,lte=5" jsonschema:"description=the review round (default: the round under review)"`
}

// AssignmentDTO is an expert's assignment to a challenge.
type AssignmentDTO struct {
	ChallengeID      string     `json:"challenge_id"`
	Round            int        `json:"round"`
	ExpertID         string     `json:"expert_id"`
	AssignedAt       time.Time  `json:"assigned_at"`
	ConflictDeclared bool       `json:"conflict_declared"`
	SubmittedAt      *time.Time `json:"submitted_at,omitempty"`
	ExpertName       string     `json:"expert_name,omitempty"` // in the review's progress
}

func assignmentDTO(a challenge.Assignment) AssignmentDTO {
	return AssignmentDTO{ChallengeID: a.ChallengeID, Round: max(a.Round, 1), ExpertID: a.ExpertID, AssignedAt: a.AssignedAt,
		ConflictDeclared: a.ConflictDeclared, SubmittedAt: a.SubmittedAt, ExpertName: a.ExpertName}
}

func (s *Server) listReviewers(c echo.Context) error {
	return replyItems(c, assignmentDTO)(s.deps.Challenges.Reviewers(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) assignReviewers(c echo.Context) error {
	var in ReviewersRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return replyItems(c, assignmentDTO)(s.deps.Challenges.AssignReviewers(ctxOf(c), actorOf(c), c.Param("id"), in.UserIDs, in.Round))
}

// ConflictRequest declares a conflict of interest.
type ConflictRequest struct {
	Reason string `json:"reason" validate:"required,max=2000" text:"multiline"`
}

func (s *Server) declareConflict(c echo.Context) error {
	var in ConflictRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Challenges.DeclareConflict(ctxOf(c), actorOf(c), c.Param("id"), in.Reason); err != nil {
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
	Comment     string `json:"comment,omitempty" validate:"max=5000" text:"multiline"`
	Round       int    `json:"round,omitempty" validate:"gte=0,lte=5" jsonschema:"description=the review round (default: the round under review)"`
}

// ScoreDTO is one expert's score of one bid.
type ScoreDTO struct {
	BidID       string    `json:"bid_id"`
	Round       int       `json:"round"`
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
	return ScoreDTO{BidID: s.BidID, Round: max(s.Round, 1), ExpertID: s.ExpertID, Technical: s.Technical, Feasibility: s.Feasibility,
		Team: s.Team, Budget: s.Budget, Total: s.Total(), Comment: s.Comment, UpdatedAt: s.UpdatedAt}
}

func (s *Server) putScore(c echo.Context) error {
	var in ScoreRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, scoreDTO)(s.deps.Challenges.PutScore(ctxOf(c), actorOf(c), c.Param("id"), in.Round, challenge.ScoreInput{
		Technical: *in.Technical, Feasibility: *in.Feasibility, Team: *in.Team, Budget: *in.Budget, Comment: in.Comment}))
}

// SubmitScoresRequest names the round submitted (optional: the round under review).
type SubmitScoresRequest struct {
	Round int `json:"round,omitempty" validate:"gte=0,lte=5"`
}

func (s *Server) submitScores(c echo.Context) error {
	var in SubmitScoresRequest
	if err := decodeOptionalJSON(c, &in); err != nil {
		return err
	}
	if err := s.deps.Challenges.SubmitScores(ctxOf(c), actorOf(c), c.Param("id"), in.Round); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ReviewTaskDTO is one challenge an expert reviews.
type ReviewTaskDTO struct {
	Challenge        ChallengeDTO `json:"challenge"`
	Round            int          `json:"round" jsonschema:"description=the round the expert reviews (the latest assigned)"`
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
	now := s.deps.Clock.Now()
	return replyPage(c, func(t challenge.ReviewTask) ReviewTaskDTO {
		return ReviewTaskDTO{Challenge: challengeDTO(challenge.View{Challenge: t.Challenge, Status: t.Challenge.EffectiveStatus(now)}),
			Round: max(t.Round, 1), AssignedAt: t.AssignedAt, ConflictDeclared: t.ConflictDeclared, SubmittedAt: t.SubmittedAt,
			Bids: mapSlice(t.Bids, bidDTO), MyScores: mapSlice(t.MyScores, scoreDTO)}
	})(s.deps.Challenges.Reviews(ctxOf(c), actorOf(c), p))
}

// RankedBidDTO is a bid's place in the ranking.
type RankedBidDTO struct {
	BidID            string         `json:"bid_id"`
	OrganizationID   string         `json:"organization_id"`
	OrganizationName string         `json:"organization_name"`
	Round            int            `json:"round" jsonschema:"description=the furthest round the bid reached"`
	Rounds           []RoundMeanDTO `json:"rounds"`
	MeanTotal        float64        `json:"mean_total" jsonschema:"description=the mean total of the latest round the bid was scored in"`
	WeightedTotal    float64        `json:"weighted_total" jsonschema:"description=the rounds' mean totals weighted by the rounds' weights (the sort key after the round reached)"`
	Scores           []ScoreDTO     `json:"scores"`
}

// RoundMeanDTO is a bid's mean total in one round.
type RoundMeanDTO struct {
	Round     int     `json:"round"`
	MeanTotal float64 `json:"mean_total"`
}

func (s *Server) ranking(c echo.Context) error {
	return replyItems(c, func(r challenge.RankedBid) RankedBidDTO {
		return RankedBidDTO{BidID: r.BidID, OrganizationID: r.OrganizationID, Round: r.Round, MeanTotal: r.MeanTotal,
			WeightedTotal: r.WeightedTotal, Scores: mapSlice(r.Scores, scoreDTO),
			Rounds: mapSlice(r.Rounds, func(m challenge.RoundMean) RoundMeanDTO { return RoundMeanDTO(m) })}
	})(s.deps.Challenges.Ranking(ctxOf(c), actorOf(c), c.Param("id")))
}

// CloseRoundResponse is the shortlist and the challenge after it.
type CloseRoundResponse struct {
	Shortlisted []string     `json:"shortlisted"`
	Challenge   ChallengeDTO `json:"challenge"`
}

func (s *Server) closeRound(c echo.Context) error {
	version, err := decodeVersionOnly(c)
	if err != nil {
		return err
	}
	n, err := strconv.Atoi(c.Param("n"))
	if err != nil || n < 1 || n > 99 {
		return domain.Invalid(domain.Msg("no such round", "没有这一轮评审"), domain.Problem("n", domain.CodeOutOfRange, "min", 1, "max", challenge.MaxRounds))
	}
	ids, v, err := s.deps.Challenges.CloseRound(ctxOf(c), actorOf(c), c.Param("id"), n, version)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, CloseRoundResponse{Shortlisted: orEmpty(ids), Challenge: challengeDTO(v)})
}

// reviewRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) reviewRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// Review (以赛代评) and award (挂帅)
		{Method: http.MethodGet, Path: v1 + "/challenges/:id/reviewers", OperationID: "listReviewers", Tag: "review",
			Summary: "The review's progress: the experts assigned, who stepped out, who has submitted (program managers)",
			Access:  roles(pm), Response: Items[AssignmentDTO]{}, Status: http.StatusOK, Handler: s.listReviewers},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/reviewers", OperationID: "assignReviewers", Tag: "review",
			Summary: "Assign experts to the round under review (at least 3 per round) once bidding has closed; conflicts of interest are refused, each named",
			Access:  roles(pm), Body: ReviewersRequest{}, Response: Items[AssignmentDTO]{}, Status: http.StatusOK, Handler: s.assignReviewers},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/conflict", OperationID: "declareConflict", Tag: "review",
			Summary: "Declare a conflict of interest and step out of the review (assigned experts)", Access: roles(expert),
			Body: ConflictRequest{}, Status: http.StatusNoContent, Handler: s.declareConflict},
		{Method: http.MethodGet, Path: v1 + "/reviews", OperationID: "listReviews", Tag: "review",
			Summary: "My review assignments with the bids to score and my own scores", Access: roles(expert),
			Query: pageParams, Response: Page[ReviewTaskDTO]{}, Status: http.StatusOK, Handler: s.listReviews},
		{Method: http.MethodPut, Path: v1 + "/bids/:id/score", OperationID: "scoreBid", Tag: "review",
			Summary: "Score a bid on the rubric (editable until I submit)", Access: roles(expert),
			Body: ScoreRequest{}, Response: ScoreDTO{}, Status: http.StatusOK, Handler: s.putScore},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/scores/submit", OperationID: "submitScores", Tag: "review",
			Summary: "Finalize my scores of the round; every bid of the round must be scored", Access: roles(expert),
			Body: SubmitScoresRequest{}, Status: http.StatusNoContent, Handler: s.submitScores},
		{Method: http.MethodPost, Path: v1 + "/challenges/:id/rounds/:n/close", OperationID: "closeRound", Tag: "review",
			Summary: "Close review round n once every expert of it has submitted: the top shortlist bids (ties at the boundary included) go through to round n+1",
			Access:  roles(pm), Body: VersionRequest{}, Response: CloseRoundResponse{}, Status: http.StatusOK, Handler: s.closeRound},
		{Method: http.MethodGet, Path: v1 + "/challenges/:id/ranking", OperationID: "ranking", Tag: "review",
			Summary: "Bids that went furthest first, then by the rounds' weighted total, with every expert's scores, once a round's experts have all submitted",
			Access:  roles(pm, enterprise), Response: Items[RankedBidDTO]{}, Status: http.StatusOK, Handler: s.ranking},
	}
}
