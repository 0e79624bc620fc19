package handlers

import (
	"net/http"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/labstack/echo/v4"
)

// FundingLineDTO is money for a project from one source (integer yuan).
type FundingLineDTO struct {
	ID              string     `json:"id"`
	Actions         []string   `json:"actions" enum:"funding.action" jsonschema:"description=what the caller may do now: show these, derive nothing"`
	ProjectID       string     `json:"project_id"`
	Source          string     `json:"source" enum:"funding.source"`
	Amount          int64      `json:"amount"`
	Status          string     `json:"status" enum:"funding.status"`
	Matching        bool       `json:"matching"`
	MilestoneID     string     `json:"milestone_id,omitempty"`
	InvestorID      string     `json:"investor_id,omitempty"`
	InvestorName    string     `json:"investor_name,omitempty"`
	ConvertedFromID string     `json:"converted_from_id,omitempty"`
	ReplacedAt      *time.Time `json:"replaced_at,omitempty" jsonschema:"description=set when 拨改投 replaced the line: it no longer counts"`
	Version         int        `json:"version"`
	CreatedAt       time.Time  `json:"created_at"`
	UpdatedAt       time.Time  `json:"updated_at"`
}

func fundingLineDTO(l project.FundingLine) FundingLineDTO {
	return FundingLineDTO{ID: l.ID, ProjectID: l.ProjectID, Source: string(l.Source), Amount: l.Amount, Status: string(l.Status),
		Matching: l.Matching, MilestoneID: l.MilestoneID, InvestorID: l.HolderOrgID, ConvertedFromID: l.ConvertedFromID, ReplacedAt: l.ReplacedAt,
		Actions: strs(l.Actions), Version: l.Version, CreatedAt: l.CreatedAt, UpdatedAt: l.UpdatedAt}
}

// FundingInput is a funding line to add or change (integer yuan).
type FundingInput struct {
	Source      *string `json:"source,omitempty" enum:"funding.new_source"`
	Amount      *int64  `json:"amount,omitempty"`
	Status      *string `json:"status,omitempty" enum:"funding.status"`
	Matching    *bool   `json:"matching,omitempty" jsonschema:"description=municipal 1:1 matching line"`
	MilestoneID *string `json:"milestone_id,omitempty" jsonschema:"description=a tranche tied to this milestone"`
	Version     *int    `json:"version,omitempty"`
}

func (s *Server) listFunding(c echo.Context) error {
	return replyItems(c, fundingLineDTO)(s.deps.Projects.Funding(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) addFunding(c echo.Context) error {
	var in FundingInput
	if err := decodeCreate(c, &in, &in.Version); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, fundingLineDTO)(s.deps.Projects.AddFunding(ctxOf(c), actorOf(c), c.Param("id"), project.FundingInput(in)))
}

func (s *Server) updateFunding(c echo.Context) error {
	var in FundingInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, fundingLineDTO)(s.deps.Projects.UpdateFunding(ctxOf(c), actorOf(c), c.Param("fid"), project.FundingInput(in)))
}

// ConvertRequest is 拨改投: the investor holding the new investment line.
type ConvertRequest struct {
	InvestorID string `json:"investor_id" validate:"required,max=64" jsonschema:"description=a verified financial organization"`
	Version    *int   `json:"version,omitempty" validate:"omitnil,gte=1"`
}

func (s *Server) convertFunding(c echo.Context) error {
	var in ConvertRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, fundingLineDTO)(s.deps.Projects.Convert(ctxOf(c), actorOf(c), c.Param("fid"), in.InvestorID, in.Version))
}

func (s *Server) untieFunding(c echo.Context) error {
	var in ReasonRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, fundingLineDTO)(s.deps.Projects.Untie(ctxOf(c), actorOf(c), c.Param("fid"), in.Reason, in.Version))
}

// fundingRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) fundingRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodGet, Path: v1 + "/projects/:id/funding", OperationID: "listFunding", Tag: "funding",
			Summary: "The project's funding lines, converted ones too", Access: signedIn, Response: Items[FundingLineDTO]{},
			Status: http.StatusOK, Handler: s.listFunding},
		{Method: http.MethodPost, Path: v1 + "/projects/:id/funding", OperationID: "addFunding", Tag: "funding",
			Summary: "Add a funding line; municipal subsidy at most 50,000,000 yuan, matching at most national + provincial",
			Access:  roles(pm), Body: FundingInput{}, Response: FundingLineDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.addFunding},
		{Method: http.MethodPatch, Path: v1 + "/funding/:fid", OperationID: "updateFunding", Tag: "funding",
			Summary: "Change a line's amount or move its status forward; a tranche is disbursed only after its milestone is accepted",
			Access:  roles(pm), Body: FundingInput{}, Response: FundingLineDTO{}, Status: http.StatusOK, Handler: s.updateFunding},
		{Method: http.MethodPost, Path: v1 + "/funding/:fid/convert", OperationID: "convertFunding", Tag: "funding",
			Summary: "拨改投: convert a committed municipal line into an investment line held by a financial organization",
			Access:  roles(pm), Body: ConvertRequest{}, Response: FundingLineDTO{}, Status: http.StatusOK, Handler: s.convertFunding},
		{Method: http.MethodPost, Path: v1 + "/funding/:fid/untie", OperationID: "untieFunding", Tag: "funding",
			Summary: "Release a tranche from its milestone, with a reason (not once disbursed); audited as its own operation",
			Access:  roles(pm), Body: ReasonRequest{}, Response: FundingLineDTO{}, Status: http.StatusOK, Handler: s.untieFunding},
	}
}
