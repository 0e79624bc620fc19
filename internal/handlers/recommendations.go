package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// 省市联动: recommendations of projects to higher programmes, until their outcome.

// RecommendationRequest recommends a project to a higher programme.
type RecommendationRequest struct {
	ProjectID *string `json:"project_id"`
	Level     *string `json:"level" enum:"award.level"`
	Programme *string `json:"programme"`
	Year      *int    `json:"year"`
}

// RecommendationDTO is a recommendation and its outcome.
type RecommendationDTO struct {
	ID           string     `json:"id"`
	ProjectID    string     `json:"project_id"`
	ProjectCode  string     `json:"project_code,omitempty"`
	ProjectTitle string     `json:"project_title,omitempty"`
	Level        string     `json:"level" enum:"award.level"`
	Programme    string     `json:"programme"`
	Year         int        `json:"year"`
	Status       string     `json:"status" enum:"recommendation.status"`
	AwardID      string     `json:"award_id,omitempty"`
	Version      int        `json:"version"`
	CreatedAt    time.Time  `json:"created_at"`
	DecidedAt    *time.Time `json:"decided_at,omitempty"`
}

func recommendationDTO(r project.Recommendation) RecommendationDTO {
	return RecommendationDTO{ID: r.ID, ProjectID: r.ProjectID, Level: string(r.Level), Programme: r.Programme, Year: r.Year,
		Status: string(r.Status), AwardID: r.AwardID, Version: r.Version, CreatedAt: r.CreatedAt, DecidedAt: r.DecidedAt}
}

func recommendationViewDTO(r project.RecommendationView) RecommendationDTO {
	d := recommendationDTO(r.Recommendation)
	d.ProjectCode, d.ProjectTitle = r.ProjectCode, r.ProjectTitle
	return d
}

// OutcomeRequest records what came of a recommendation.
type OutcomeRequest struct {
	Awarded   *bool   `json:"awarded" validate:"required"`
	Amount    *int64  `json:"amount,omitempty" jsonschema:"description=yuan; required when awarded"`
	AwardedOn *string `json:"awarded_on,omitempty" jsonschema:"description=YYYY-MM-DD (default today)"`
	Match     *bool   `json:"match,omitempty" jsonschema:"description=create the municipal matching line (default true)"`
	Version   *int    `json:"version,omitempty" validate:"omitnil,gte=1"`
}

// OutcomeDTO is the decided recommendation and, when awarded, what the award did.
type OutcomeDTO struct {
	Recommendation RecommendationDTO `json:"recommendation"`
	Award          *AwardResultDTO   `json:"award"`
}

func (s *Server) recommend(c echo.Context) error {
	var in RecommendationRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, recommendationDTO)(s.deps.Projects.Recommend(ctxOf(c), actorOf(c),
		project.RecommendationInput{ProjectID: in.ProjectID, Level: in.Level, Programme: in.Programme, Year: in.Year}))
}

func (s *Server) listRecommendations(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	year, err := yearQuery(c, "year")
	if err != nil {
		return err
	}
	status, err := enumQuery(c, "status", enumValues("recommendation.status")...)
	if err != nil {
		return err
	}
	f := project.RecommendationFilter{Year: year, Status: project.RecommendationStatus(status), ProjectID: c.QueryParam("project_id")}
	return replyPage(c, recommendationViewDTO)(s.deps.Projects.Recommendations(ctxOf(c), actorOf(c), f, p))
}

func (s *Server) recommendationOutcome(c echo.Context) error {
	var in OutcomeRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	r, award, err := s.deps.Projects.Outcome(ctxOf(c), actorOf(c), c.Param("id"), project.OutcomeInput{Awarded: in.Awarded,
		Amount: in.Amount, AwardedOn: in.AwardedOn, Match: in.Match, Version: in.Version})
	if err != nil {
		return err
	}
	out := OutcomeDTO{Recommendation: recommendationDTO(r)}
	if award != nil {
		a := awardResultDTO(*award)
		out.Award = &a
	}
	return c.JSON(http.StatusOK, out)
}

// recommendationRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) recommendationRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodPost, Path: v1 + "/recommendations", OperationID: "recommendProject", Tag: "instruments",
			Summary: "Recommend a project to a provincial or national programme (推荐申报)", Access: roles(pm),
			Body: RecommendationRequest{}, Response: RecommendationDTO{}, Status: http.StatusCreated, Handler: s.recommend},
		{Method: http.MethodGet, Path: v1 + "/recommendations", OperationID: "listRecommendations", Tag: "instruments",
			Summary: "Recommendations, newest first", Access: roles(pm, admin),
			Query: withPage(QueryParam{Name: "year", Type: "integer"}, QueryParam{Name: "status", Type: "string", Enum: enumValues("recommendation.status")},
				QueryParam{Name: "project_id", Type: "string"}),
			Response: Page[RecommendationDTO]{}, Status: http.StatusOK, Handler: s.listRecommendations},
		{Method: http.MethodPost, Path: v1 + "/recommendations/:id/outcome", OperationID: "recommendationOutcome", Tag: "instruments",
			Summary: "Record the outcome; awarded records the external award with its matching in the same transaction",
			Access:  roles(pm), Body: OutcomeRequest{}, Response: OutcomeDTO{}, Status: http.StatusOK, Handler: s.recommendationOutcome},
	}
}
