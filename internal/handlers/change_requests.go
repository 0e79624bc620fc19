package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// Change requests (变更申请) of a project under way.

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
	Actions        []string   `json:"actions" enum:"change.action" jsonschema:"description=what the caller may do now: show these, derive nothing"`
	Version        int        `json:"version"`
	CreatedAt      time.Time  `json:"created_at"`
	UpdatedAt      time.Time  `json:"updated_at"`
}

func changeRequestDTO(c project.ChangeRequest) ChangeRequestDTO {
	return ChangeRequestDTO{ID: c.ID, ProjectID: c.ProjectID, Status: string(c.Status), Reason: c.Reason, Changes: changesDTO(c.Changes),
		ProjectVersion: c.ProjectVersion, DecisionReason: c.DecisionReason, RequestedBy: c.RequestedBy, DecidedBy: c.DecidedBy,
		DecidedAt: c.DecidedAt, Actions: strs(c.Actions), Version: c.Version, CreatedAt: c.CreatedAt, UpdatedAt: c.UpdatedAt}
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

// changeRequestRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) changeRequestRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
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
	}
}
