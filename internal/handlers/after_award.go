package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// After the award: change requests (变更申请), periodic reports, the outputs
// register (成果) and disbursements (拨付).

// ChangesDTO is what a change request asks for; parts left out stay.
type ChangesDTO struct {
	Budget     *int64 `json:"budget,omitempty" jsonschema:"description=the new budget in yuan (not under the funding already committed)"`
	Milestones []struct {
		ID      string `json:"id"`
		DueDate string `json:"due_date"`
	} `json:"milestones,omitempty"`
	AddMembers []struct {
		OrganizationID string `json:"organization_id"`
		Role           string `json:"role" enum:"project.addable_role"`
	} `json:"add_members,omitempty"`
	RemoveMembers []string `json:"remove_members,omitempty" jsonschema:"description=organization ids (never the lead)"`
	KPIs          []struct {
		ID     string  `json:"id"`
		Target float64 `json:"target"`
	} `json:"kpis,omitempty"`
}

func (c ChangesDTO) domain() project.Changes {
	out := project.Changes{Budget: c.Budget, RemoveMembers: c.RemoveMembers}
	for _, m := range c.Milestones {
		out.Milestones = append(out.Milestones, project.MilestoneDate{ID: m.ID, DueDate: m.DueDate})
	}
	for _, m := range c.AddMembers {
		out.AddMembers = append(out.AddMembers, project.MemberAdd{OrganizationID: m.OrganizationID, Role: project.MemberRole(m.Role)})
	}
	for _, k := range c.KPIs {
		out.KPIs = append(out.KPIs, project.KPITarget{ID: k.ID, Target: k.Target})
	}
	return out
}

func changesDTO(c project.Changes) ChangesDTO {
	out := ChangesDTO{Budget: c.Budget, RemoveMembers: c.RemoveMembers}
	for _, m := range c.Milestones {
		out.Milestones = append(out.Milestones, struct {
			ID      string `json:"id"`
			DueDate string `json:"due_date"`
		}{m.ID, m.DueDate})
	}
	for _, m := range c.AddMembers {
		out.AddMembers = append(out.AddMembers, struct {
			OrganizationID string `json:"organization_id"`
			Role           string `json:"role" enum:"project.addable_role"`
		}{m.OrganizationID, string(m.Role)})
	}
	for _, k := range c.KPIs {
		out.KPIs = append(out.KPIs, struct {
			ID     string  `json:"id"`
			Target float64 `json:"target"`
		}{k.ID, k.Target})
	}
	return out
}

// ChangeRequestInput asks to change a project under way.
type ChangeRequestInput struct {
	Reason  *string     `json:"reason" validate:"required" text:"multiline"`
	Changes *ChangesDTO `json:"changes" validate:"required"`
	Version *int        `json:"version" validate:"required,gte=1" jsonschema:"description=the project's version the request is made against"`
}

// ChangeRequestDTO is a change request and its decision.
type ChangeRequestDTO struct {
	ID             string     `json:"id"`
	ProjectID      string     `json:"project_id"`
	Status         string     `json:"status" enum:"change.status"`
	Reason         string     `json:"reason"`
	Changes        ChangesDTO `json:"changes"`
	ProjectVersion int        `json:"project_version"`
	DecisionReason string     `json:"decision_reason,omitempty"`
	RequestedBy    string     `json:"requested_by"`
	DecidedBy      string     `json:"decided_by,omitempty"`
	DecidedAt      *time.Time `json:"decided_at,omitempty"`
	Version        int        `json:"version"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func changeRequestDTO(c project.ChangeRequest) ChangeRequestDTO {
	return ChangeRequestDTO{ID: c.ID, ProjectID: c.ProjectID, Status: string(c.Status), Reason: c.Reason, Changes: changesDTO(c.Changes),
		ProjectVersion: c.ProjectVersion, DecisionReason: c.DecisionReason, RequestedBy: c.RequestedBy, DecidedBy: c.DecidedBy,
		DecidedAt: c.DecidedAt, Version: c.Version, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
}

func (s *Server) requestChange(c echo.Context) error {
	var in ChangeRequestInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	var ch *project.Changes
	if in.Changes != nil {
		d := in.Changes.domain()
		ch = &d
	}
	return reply(c, http.StatusCreated, changeRequestDTO)(s.deps.Projects.RequestChange(ctxOf(c), actorOf(c), c.Param("id"),
		project.ChangeInput{Reason: in.Reason, Changes: ch, Version: in.Version}))
}

func (s *Server) listChanges(c echo.Context) error {
	return replyItems(c, changeRequestDTO)(s.deps.Projects.Changes(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) getChange(c echo.Context) error {
	return reply(c, http.StatusOK, changeRequestDTO)(s.deps.Projects.Change(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) decideChange(act project.ChangeAction) echo.HandlerFunc {
	return func(c echo.Context) error {
		reason, version, err := decodeDecision(c, act == project.ChangeReject)
		if err != nil {
			return err
		}
		return reply(c, http.StatusOK, changeRequestDTO)(s.deps.Projects.DecideChange(ctxOf(c), actorOf(c), c.Param("id"), act, reason, version))
	}
}

// decodeDecision reads a decision's body: {reason, version} when it needs a
// reason (reject, return), else an optional {version}.
func decodeDecision(c echo.Context, withReason bool) (reason *string, version *int, err error) {
	if !withReason {
		version, err = decodeVersionOnly(c)
		return nil, version, err
	}
	var in ReasonRequest
	if err := decodeJSON(c, &in); err != nil {
		return nil, nil, err
	}
	return &in.Reason, in.Version, nil
}

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
	return ReportDTO{ID: r.ID, ProjectID: r.ProjectID, Kind: string(r.Kind), Title: r.Title, DueDate: r.DueDate, Status: string(r.Status),
		Overdue: r.Overdue(s.deps.Clock.Now()), Text: r.Text, KPIActuals: vals, Spent: r.Spent, ReturnReason: r.ReturnReason,
		SubmittedAt: r.SubmittedAt, DecidedAt: r.DecidedAt, RemindedAt: r.RemindedAt, Version: r.Version, CreatedAt: r.CreatedAt, UpdatedAt: r.UpdatedAt}
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

// OutputInput records or edits an output (成果).
type OutputInput struct {
	Type      *string `json:"type,omitempty" enum:"output.type"`
	Title     *string `json:"title,omitempty"`
	Reference *string `json:"reference,omitempty" jsonschema:"description=patent application or grant number, DOI, standard number …"`
	Date      *string `json:"date,omitempty" jsonschema:"description=YYYY-MM-DD, not in the future"`
	Landmark  *bool   `json:"landmark,omitempty" jsonschema:"description=a landmark result (标志性成果)"`
	Version   *int    `json:"version,omitempty" validate:"omitnil,gte=1"`
}

// OutputDTO is one result in the outputs register.
type OutputDTO struct {
	ID        string    `json:"id"`
	ProjectID string    `json:"project_id"`
	Type      string    `json:"type" enum:"output.type"`
	Title     string    `json:"title"`
	Reference string    `json:"reference"`
	Date      string    `json:"date"`
	Landmark  bool      `json:"landmark"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func outputDTO(o project.Output) OutputDTO {
	return OutputDTO{ID: o.ID, ProjectID: o.ProjectID, Type: string(o.Type), Title: o.Title, Reference: o.Reference, Date: o.Date,
		Landmark: o.Landmark, Version: o.Version, CreatedAt: o.CreatedAt, UpdatedAt: o.UpdatedAt}
}

func (in OutputInput) domain(version *int) project.OutputInput {
	return project.OutputInput{Type: in.Type, Title: in.Title, Reference: in.Reference, Date: in.Date, Landmark: in.Landmark, Version: version}
}

func (s *Server) listOutputs(c echo.Context) error {
	return replyItems(c, outputDTO)(s.deps.Projects.Outputs(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) addOutput(c echo.Context) error {
	var in OutputInput
	if err := decodeCreate(c, &in, &in.Version); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, outputDTO)(s.deps.Projects.AddOutput(ctxOf(c), actorOf(c), c.Param("id"), in.domain(nil)))
}

func (s *Server) updateOutput(c echo.Context) error {
	var in OutputInput
	version, err := decodeVersioned(c, &in, &in.Version)
	if err != nil {
		return err
	}
	return reply(c, http.StatusOK, outputDTO)(s.deps.Projects.UpdateOutput(ctxOf(c), actorOf(c), c.Param("id"), in.domain(version)))
}

func (s *Server) deleteOutput(c echo.Context) error {
	if err := s.deps.Projects.DeleteOutput(ctxOf(c), actorOf(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

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
	return DisbursementDTO{ID: d.ID, FundingLineID: d.FundingLineID, ProjectID: d.ProjectID, Amount: d.Amount, Date: d.Date,
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

// afterAwardRoutes are the routes of a project's management after the award.
func (s *Server) afterAwardRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodPost, Path: v1 + "/projects/:id/kpis/:kid/actuals", OperationID: "recordKPIActual", Tag: "projects",
			Summary: "Record an actual value of a KPI (the lead organization, program managers); the KPI's actual becomes the latest by date",
			Access:  roles(pm, enterprise, institute), Body: ActualInput{}, Response: ActualDTO{}, Status: http.StatusCreated, Idempotent: true,
			Handler: s.recordActual},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/kpis/:kid/actuals", OperationID: "listKPIActuals", Tag: "projects",
			Summary: "A KPI's actual values over time, oldest first", Access: signedIn, Response: Items[ActualDTO]{},
			Status: http.StatusOK, Handler: s.listActuals},

		{Method: http.MethodPost, Path: v1 + "/projects/:id/change-requests", OperationID: "requestChange", Tag: "change requests",
			Summary: "Ask to change the budget, milestone due dates, members (never the lead) or KPI targets of a project under way (the lead organization; one pending at a time)",
			Access:  roles(enterprise, institute), Body: ChangeRequestInput{}, Response: ChangeRequestDTO{}, Status: http.StatusCreated,
			Idempotent: true, Handler: s.requestChange},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/change-requests", OperationID: "listChangeRequests", Tag: "change requests",
			Summary: "A project's change requests, newest first", Access: signedIn, Response: Items[ChangeRequestDTO]{},
			Status: http.StatusOK, Handler: s.listChanges},
		{Method: http.MethodGet, Path: v1 + "/change-requests/:id", OperationID: "getChangeRequest", Tag: "change requests",
			Summary: "One change request", Access: signedIn, Response: ChangeRequestDTO{}, Status: http.StatusOK, Handler: s.getChange},
		{Method: http.MethodPost, Path: v1 + "/change-requests/:id/approve", OperationID: "approveChangeRequest", Tag: "change requests",
			Summary: "Approve: every change is applied at once; 409 if the project changed since the request", Access: roles(pm),
			Body: VersionRequest{}, Response: ChangeRequestDTO{}, Status: http.StatusOK, Handler: s.decideChange(project.ChangeApprove)},
		{Method: http.MethodPost, Path: v1 + "/change-requests/:id/reject", OperationID: "rejectChangeRequest", Tag: "change requests",
			Summary: "Reject, with a reason", Access: roles(pm), Body: ReasonRequest{}, Response: ChangeRequestDTO{},
			Status: http.StatusOK, Handler: s.decideChange(project.ChangeReject)},
		{Method: http.MethodPost, Path: v1 + "/change-requests/:id/withdraw", OperationID: "withdrawChangeRequest", Tag: "change requests",
			Summary: "Withdraw a pending request (the lead organization)", Access: roles(enterprise, institute), Body: VersionRequest{},
			Response: ChangeRequestDTO{}, Status: http.StatusOK, Handler: s.decideChange(project.ChangeWithdraw)},

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

		{Method: http.MethodGet, Path: v1 + "/projects/:id/outputs", OperationID: "listOutputs", Tag: "outputs",
			Summary: "A project's outputs register (成果), newest first", Access: signedIn, Response: Items[OutputDTO]{},
			Status: http.StatusOK, Handler: s.listOutputs},
		{Method: http.MethodPost, Path: v1 + "/projects/:id/outputs", OperationID: "addOutput", Tag: "outputs",
			Summary: "Record an output: patent, paper, standard, software, product, award or other (the lead organization, program managers)",
			Access:  roles(pm, enterprise, institute), Body: OutputInput{}, Response: OutputDTO{}, Status: http.StatusCreated, Idempotent: true,
			Handler: s.addOutput},
		{Method: http.MethodPatch, Path: v1 + "/outputs/:id", OperationID: "updateOutput", Tag: "outputs",
			Summary: "Edit an output", Access: roles(pm, enterprise, institute), Body: OutputInput{}, Response: OutputDTO{},
			Status: http.StatusOK, Handler: s.updateOutput},
		{Method: http.MethodDelete, Path: v1 + "/outputs/:id", OperationID: "deleteOutput", Tag: "outputs",
			Summary: "Remove an output recorded in error", Access: roles(pm, enterprise, institute), Status: http.StatusNoContent,
			Handler: s.deleteOutput},

		{Method: http.MethodPost, Path: v1 + "/funding/:fid/disbursements", OperationID: "disburse", Tag: "funding",
			Summary: "Pay out part of a committed line (its disbursements never exceed it; a tranche only after its milestone is accepted)",
			Access:  roles(pm), Body: DisbursementInput{}, Response: DisbursementDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.disburse},
		{Method: http.MethodGet, Path: v1 + "/funding/:fid/disbursements", OperationID: "listDisbursements", Tag: "funding",
			Summary: "A line's disbursements", Access: roles(pm, admin), Response: Items[DisbursementDTO]{}, Status: http.StatusOK,
			Handler: s.listDisbursements},
	}
}
