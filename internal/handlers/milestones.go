package handlers

import (
	"net/http"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/labstack/echo/v4"
)

// MilestoneInput is a milestone to create or edit; PATCH may set status
// (done by the lead; accepted or planned by a program manager).
type MilestoneInput struct {
	Title       *string `json:"title,omitempty"`
	DueDate     *string `json:"due_date,omitempty" jsonschema:"format=date"`
	Stage       *string `json:"stage,omitempty" enum:"project.work_stage"`
	Deliverable *string `json:"deliverable,omitempty" text:"multiline"`
	Status      *string `json:"status,omitempty" enum:"milestone.status"`
	Version     *int    `json:"version,omitempty"`
}

func (in MilestoneInput) domain() project.MilestoneInput { return project.MilestoneInput(in) }

// MilestoneDTO is a project milestone.
type MilestoneDTO struct {
	ID          string    `json:"id"`
	ProjectID   string    `json:"project_id"`
	Title       string    `json:"title"`
	DueDate     string    `json:"due_date"`
	Stage       string    `json:"stage"`
	Deliverable string    `json:"deliverable"`
	Status      string    `json:"status"`
	Actions     []string  `json:"actions" enum:"milestone.action" jsonschema:"description=what the caller may do now: show these, derive nothing"`
	Version     int       `json:"version"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
}

func milestoneDTO(m project.Milestone) MilestoneDTO {
	return MilestoneDTO{ID: m.ID, ProjectID: m.ProjectID, Title: m.Title, DueDate: m.DueDate.String(), Stage: string(m.Stage),
		Deliverable: m.Deliverable, Status: string(m.Status), Actions: strs(m.Actions), Version: m.Version, CreatedAt: m.CreatedAt, UpdatedAt: m.UpdatedAt}
}

func (s *Server) listMilestones(c echo.Context) error {
	return replyItems(c, milestoneDTO)(s.deps.Projects.Milestones(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) addMilestone(c echo.Context) error {
	var in MilestoneInput
	if err := decodeCreate(c, &in, &in.Version); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, milestoneDTO)(s.deps.Projects.AddMilestone(ctxOf(c), actorOf(c), c.Param("id"), in.domain()))
}

func (s *Server) updateMilestone(c echo.Context) error {
	var in MilestoneInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, milestoneDTO)(s.deps.Projects.UpdateMilestone(ctxOf(c), actorOf(c), c.Param("id"), c.Param("mid"), in.domain()))
}

// milestoneRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) milestoneRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodGet, Path: v1 + "/projects/:id/milestones", OperationID: "listMilestones", Tag: "projects",
			Summary: "The project's milestones", Access: signedIn, Response: Items[MilestoneDTO]{}, Status: http.StatusOK, Handler: s.listMilestones},
		{Method: http.MethodPost, Path: v1 + "/projects/:id/milestones", OperationID: "addMilestone", Tag: "projects",
			Summary: "Plan a milestone (the lead organization, program managers)", Access: roles(pm, enterprise, institute),
			Body: MilestoneInput{}, Response: MilestoneDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.addMilestone},
		{Method: http.MethodPatch, Path: v1 + "/projects/:id/milestones/:mid", OperationID: "updateMilestone", Tag: "projects",
			Summary: "Edit a planned milestone, mark it done (the lead), accept it or send it back (program managers)",
			Access:  roles(pm, enterprise, institute), Body: MilestoneInput{}, Response: MilestoneDTO{}, Status: http.StatusOK, Handler: s.updateMilestone},
	}
}
