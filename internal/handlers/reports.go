package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// Reporting duties and reports (中期检查, 年度报告, 结题报告) of a project.

// ReportDutyInput sets a reporting duty.
type ReportDutyInput struct {
	Kind    *string `json:"kind" validate:"required" enum:"report.kind"`
	Title   *string `json:"title" validate:"required"`
	DueDate *string `json:"due_date" validate:"required" jsonschema:"description=YYYY-MM-DD (a Beijing day), not in the past"`
}

// KPIValueDTO is a KPI's actual value as a report states it.
type KPIValueDTO struct {
	KPIID string  `json:"kpi_id"`
	Value float64 `json:"value"`
}

// ReportSubmission is the lead's report.
type ReportSubmission struct {
	Text       *string       `json:"text" validate:"required" text:"multiline"`
	KPIActuals []KPIValueDTO `json:"kpi_actuals,omitempty" jsonschema:"description=each becomes the KPI's actual as of today"`
	Spent      *int64        `json:"spent,omitempty" jsonschema:"description=yuan spent in the period"`
	Version    *int          `json:"version,omitempty" validate:"omitnil,gte=1"`
}

// ReportDTO is a reporting duty and, once submitted, the report.
type ReportDTO struct {
	ID           string        `json:"id"`
	ProjectID    string        `json:"project_id"`
	Kind         string        `json:"kind" enum:"report.kind"`
	Title        string        `json:"title"`
	DueDate      string        `json:"due_date"`
	Status       string        `json:"status" enum:"report.status"`
	Actions      []string      `json:"actions" enum:"report.action" jsonschema:"description=what the caller may do now: show these, derive nothing"`
	Overdue      bool          `json:"overdue" jsonschema:"description=past its due date and not submitted (or returned and not submitted again)"`
	Text         string        `json:"text,omitempty"`
	KPIActuals   []KPIValueDTO `json:"kpi_actuals"`
	Spent        *int64        `json:"spent,omitempty"`
	ReturnReason string        `json:"return_reason,omitempty"`
	SubmittedAt  *time.Time    `json:"submitted_at,omitempty"`
	DecidedAt    *time.Time    `json:"decided_at,omitempty"`
	RemindedAt   *time.Time    `json:"reminded_at,omitempty"`
	Version      int           `json:"version"`
	CreatedAt    time.Time     `json:"created_at"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

func (s *Server) reportDTO(r project.Report) ReportDTO {
	vals := make([]KPIValueDTO, len(r.KPIActuals))
	for i, v := range r.KPIActuals {
		vals[i] = KPIValueDTO{KPIID: v.KPIID, Value: v.Value}
	}
	return ReportDTO{ID: r.ID, ProjectID: r.ProjectID, Kind: string(r.Kind), Title: r.Title, DueDate: r.DueDate.String(), Status: string(r.Status),
		Overdue: r.Overdue(s.deps.Clock.Now()), Text: r.Text, KPIActuals: vals, Spent: r.Spent, ReturnReason: r.ReturnReason,
		SubmittedAt: r.SubmittedAt, DecidedAt: r.DecidedAt, RemindedAt: r.RemindedAt, Actions: strs(r.Actions), Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
}

func (s *Server) setReport(c echo.Context) error {
	var in ReportDutyInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, s.reportDTO)(s.deps.Projects.SetReport(ctxOf(c), actorOf(c), c.Param("id"),
		project.ReportInput{Kind: in.Kind, Title: in.Title, DueDate: in.DueDate}))
}

func (s *Server) listReports(c echo.Context) error {
	return replyItems(c, s.reportDTO)(s.deps.Projects.Reports(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) getReport(c echo.Context) error {
	return reply(c, http.StatusOK, s.reportDTO)(s.deps.Projects.Report(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) submitReport(c echo.Context) error {
	var in ReportSubmission
	version, err := decodeVersioned(c, &in, &in.Version)
	if err != nil {
		return err
	}
	vals := make([]project.KPIValue, len(in.KPIActuals))
	for i, v := range in.KPIActuals {
		vals[i] = project.KPIValue{KPIID: v.KPIID, Value: v.Value}
	}
	return reply(c, http.StatusOK, s.reportDTO)(s.deps.Projects.SubmitReport(ctxOf(c), actorOf(c), c.Param("id"),
		project.Submission{Text: in.Text, KPIActuals: vals, Spent: in.Spent, Version: version}))
}

func (s *Server) decideReport(act project.ReportAction) echo.HandlerFunc {
	return func(c echo.Context) error {
		reason, version, err := decodeDecision(c, act == project.ReportReturn)
		if err != nil {
			return err
		}
		return reply(c, http.StatusOK, s.reportDTO)(s.deps.Projects.DecideReport(ctxOf(c), actorOf(c), c.Param("id"), act, reason, version))
	}
}

// reportRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) reportRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodPost, Path: v1 + "/projects/:id/reports", OperationID: "setReportDuty", Tag: "reports",
			Summary: "Set a reporting duty (中期检查 / 年度报告 / 结题报告); the lead is told at once and reminded 7 days before it is due",
			Access:  roles(pm), Body: ReportDutyInput{}, Response: ReportDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.setReport},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/reports", OperationID: "listReports", Tag: "reports",
			Summary: "A project's reports by due date, each with overdue", Access: signedIn, Response: Items[ReportDTO]{},
			Status: http.StatusOK, Handler: s.listReports},
		{Method: http.MethodGet, Path: v1 + "/reports/:id", OperationID: "getReport", Tag: "reports",
			Summary: "One report", Access: signedIn, Response: ReportDTO{}, Status: http.StatusOK, Handler: s.getReport},
		{Method: http.MethodPost, Path: v1 + "/reports/:id/submit", OperationID: "submitReport", Tag: "reports",
			Summary: "Submit the report (the lead organization; again after a return) with KPI actuals and money spent",
			Access:  roles(enterprise, institute), Body: ReportSubmission{}, Response: ReportDTO{}, Status: http.StatusOK, Handler: s.submitReport},
		{Method: http.MethodPost, Path: v1 + "/reports/:id/accept", OperationID: "acceptReport", Tag: "reports",
			Summary: "Accept a submitted report", Access: roles(pm), Body: VersionRequest{}, Response: ReportDTO{},
			Status: http.StatusOK, Handler: s.decideReport(project.ReportAccept)},
		{Method: http.MethodPost, Path: v1 + "/reports/:id/return", OperationID: "returnReport", Tag: "reports",
			Summary: "Return a submitted report with a reason (the lead submits it again)", Access: roles(pm), Body: ReasonRequest{},
			Response: ReportDTO{}, Status: http.StatusOK, Handler: s.decideReport(project.ReportReturn)},
	}
}
