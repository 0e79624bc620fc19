package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// Disbursements (拨付): money paid out of a committed funding line.

// DisbursementInput pays out part of a committed funding line.
type DisbursementInput struct {
	Amount     *int64  `json:"amount" validate:"required" jsonschema:"description=yuan"`
	Date       *string `json:"date,omitempty" jsonschema:"description=YYYY-MM-DD, today (Beijing) if left out; not in the future"`
	DocumentID *string `json:"document_id,omitempty" jsonschema:"description=a voucher: a document of the project"`
}

// DisbursementDTO is one payment out of a funding line.
type DisbursementDTO struct {
	ID            string    `json:"id"`
	FundingLineID string    `json:"funding_line_id"`
	ProjectID     string    `json:"project_id"`
	Amount        int64     `json:"amount"`
	Date          string    `json:"date"`
	DocumentID    string    `json:"document_id,omitempty"`
	CreatedBy     string    `json:"created_by"`
	CreatedAt     time.Time `json:"created_at"`
}

func disbursementDTO(d project.Disbursement) DisbursementDTO {
	return DisbursementDTO{ID: d.ID, FundingLineID: d.FundingLineID, ProjectID: d.ProjectID, Amount: d.Amount, Date: d.Date.String(),
		DocumentID: d.DocumentID, CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt}
}

func (s *Server) disburse(c echo.Context) error {
	var in DisbursementInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, disbursementDTO)(s.deps.Projects.Disburse(ctxOf(c), actorOf(c), c.Param("fid"),
		project.DisbursementInput{Amount: in.Amount, Date: in.Date, DocumentID: in.DocumentID}))
}

func (s *Server) listDisbursements(c echo.Context) error {
	return replyItems(c, disbursementDTO)(s.deps.Projects.Disbursements(ctxOf(c), actorOf(c), c.Param("fid")))
}

// disbursementRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) disbursementRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodPost, Path: v1 + "/funding/:fid/disbursements", OperationID: "disburse", Tag: "funding",
			Summary: "Pay out part of a committed line (its disbursements never exceed it; a tranche only after its milestone is accepted)",
			Access:  roles(pm), Body: DisbursementInput{}, Response: DisbursementDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.disburse},
		{Method: http.MethodGet, Path: v1 + "/funding/:fid/disbursements", OperationID: "listDisbursements", Tag: "funding",
			Summary: "A line's disbursements", Access: roles(pm, admin), Response: Items[DisbursementDTO]{}, Status: http.StatusOK,
			Handler: s.listDisbursements},
	}
}
