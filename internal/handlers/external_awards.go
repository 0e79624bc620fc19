package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// 省市联动: provincial and national awards to a project and their municipal matching.

// ExternalAwardRequest records a provincial or national award on a project.
type ExternalAwardRequest struct {
	Level     *string `json:"level" enum:"award.level"`
	Programme *string `json:"programme" jsonschema:"description=e.g. 尖兵, 领雁, 国家重点研发计划"`
	Amount    *int64  `json:"amount" jsonschema:"description=yuan"`
	AwardedOn *string `json:"awarded_on" jsonschema:"description=YYYY-MM-DD"`
	Match     *bool   `json:"match,omitempty" jsonschema:"description=create the municipal 1:1 matching line (default true)"`
}

// ExternalAwardDTO is an external award.
type ExternalAwardDTO struct {
	ID               string    `json:"id"`
	ProjectID        string    `json:"project_id"`
	Level            string    `json:"level" enum:"award.level"`
	Programme        string    `json:"programme"`
	Amount           int64     `json:"amount"`
	AwardedOn        string    `json:"awarded_on"`
	FundingLineID    string    `json:"funding_line_id"`
	MatchingLineID   *string   `json:"matching_line_id"`
	MatchingDeclined bool      `json:"matching_declined"`
	CappedReason     string    `json:"capped_reason" enum:"award.capped"`
	RecommendationID string    `json:"recommendation_id,omitempty"`
	CreatedAt        time.Time `json:"created_at"`
}

func externalAwardDTO(x project.ExternalAward) ExternalAwardDTO {
	d := ExternalAwardDTO{ID: x.ID, ProjectID: x.ProjectID, Level: string(x.Level), Programme: x.Programme, Amount: x.Amount,
		AwardedOn: x.AwardedOn.String(), FundingLineID: x.FundingLineID, MatchingDeclined: x.MatchingDeclined, CappedReason: string(x.Capped),
		RecommendationID: x.RecommendationID, CreatedAt: x.CreatedAt}
	if x.MatchingLineID != "" {
		d.MatchingLineID = &x.MatchingLineID
	}
	return d
}

// AwardResultDTO is what recording an award did.
type AwardResultDTO struct {
	Award        ExternalAwardDTO `json:"award"`
	FundingLine  FundingLineDTO   `json:"funding_line"`
	MatchingLine *FundingLineDTO  `json:"matching_line"`
	Capped       bool             `json:"capped" jsonschema:"description=the matching line is less than asked (or none): see capped_reason"`
	CappedReason string           `json:"capped_reason" enum:"award.capped" jsonschema:"description=municipal_cap: the project's municipal money reached 5000万; one_to_one: matching already equals the provincial and national money"`
	Requested    int64            `json:"matching_requested" jsonschema:"description=the matching asked for: the award's amount, or 0 when declined"`
}

func awardResultDTO(r project.AwardResult) AwardResultDTO {
	out := AwardResultDTO{Award: externalAwardDTO(r.Award), FundingLine: fundingLineDTO(r.FundingLine), Requested: r.Requested,
		CappedReason: string(r.Award.Capped), Capped: r.Award.Capped != project.CappedNone}
	if r.MatchingLine != nil {
		m := fundingLineDTO(*r.MatchingLine)
		out.MatchingLine = &m
	}
	return out
}

func (s *Server) recordAward(c echo.Context) error {
	var in ExternalAwardRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, awardResultDTO)(s.deps.Projects.RecordAward(ctxOf(c), actorOf(c), c.Param("id"),
		project.AwardInput{Level: in.Level, Programme: in.Programme, Amount: in.Amount, AwardedOn: in.AwardedOn, Match: in.Match}))
}

func (s *Server) listAwards(c echo.Context) error {
	return replyItems(c, externalAwardDTO)(s.deps.Projects.Awards(ctxOf(c), actorOf(c), c.Param("id")))
}

// externalAwardRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) externalAwardRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// 省市联动
		{Method: http.MethodPost, Path: v1 + "/projects/:id/external-awards", OperationID: "recordExternalAward", Tag: "instruments",
			Summary: "Record a provincial or national award: its funding line and the municipal matching line (capped by the 1:1 rule and 5000万) in one transaction; the budget grows by both",
			Access:  roles(pm), Body: ExternalAwardRequest{}, Response: AwardResultDTO{}, Status: http.StatusCreated, Handler: s.recordAward},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/external-awards", OperationID: "listExternalAwards", Tag: "instruments",
			Summary: "A project's external awards, newest first (as the project is read)", Access: signedIn,
			Response: Items[ExternalAwardDTO]{}, Status: http.StatusOK, Handler: s.listAwards},
	}
}
