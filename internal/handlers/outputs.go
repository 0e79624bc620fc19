package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// The outputs register (成果) of a project.

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
	return OutputDTO{ID: o.ID, ProjectID: o.ProjectID, Type: string(o.Type), Title: o.Title, Reference: o.Reference, Date: o.Date.String(),
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

// outputRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) outputRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
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
	}
}
