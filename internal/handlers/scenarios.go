package handlers

import (
	"net/http"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/scenario"
	"github.com/labstack/echo/v4"
)

// ScenarioInput is a scenario to offer or edit.
type ScenarioInput struct {
	Title         *string `json:"title,omitempty"`
	Description   *string `json:"description,omitempty" text:"multiline"`
	FieldID       *string `json:"field_id,omitempty"`
	Capacity      *string `json:"capacity,omitempty"`
	AvailableFrom *string `json:"available_from,omitempty" jsonschema:"format=date"`
	AvailableTo   *string `json:"available_to,omitempty" jsonschema:"format=date"`
	Version       *int    `json:"version,omitempty"`
}

// ScenarioDTO is an application scenario (重大应用场景).
type ScenarioDTO struct {
	ID            string    `json:"id"`
	ProviderID    string    `json:"provider_id"`
	ProviderName  string    `json:"provider_name"`
	Title         string    `json:"title"`
	Description   string    `json:"description"`
	FieldID       string    `json:"field_id,omitempty"`
	Capacity      string    `json:"capacity"`
	AvailableFrom string    `json:"available_from"`
	AvailableTo   string    `json:"available_to"`
	Version       int       `json:"version"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`
}

func scenarioDTO(x scenario.Scenario) ScenarioDTO {
	return ScenarioDTO{ID: x.ID, ProviderID: x.ProviderID, Title: x.Title, Description: x.Description, FieldID: x.FieldID,
		Capacity: x.Capacity, AvailableFrom: x.AvailableFrom.String(), AvailableTo: x.AvailableTo.String(), Version: x.Version,
		CreatedAt: x.CreatedAt, UpdatedAt: x.UpdatedAt}
}

func (s *Server) listScenarios(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	mine, err := boolQuery(c, "mine")
	if err != nil {
		return err
	}
	f := scenario.Filter{FieldID: c.QueryParam("field"), Query: c.QueryParam("q")}
	if mine {
		// The caller's organization's own scenarios (an organization-less caller has none).
		f.ProviderID = actorOf(c).OrgID
		if f.ProviderID == "" {
			f.ProviderID = "-"
		}
	}
	return replyPage(c, scenarioDTO)(s.deps.Scenarios.List(ctxOf(c), actorOf(c), f, p))
}

func (s *Server) getScenario(c echo.Context) error {
	return reply(c, http.StatusOK, scenarioDTO)(s.deps.Scenarios.Get(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) createScenario(c echo.Context) error {
	var in ScenarioInput
	if err := decodeCreate(c, &in, &in.Version); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, scenarioDTO)(s.deps.Scenarios.Create(ctxOf(c), actorOf(c), scenario.Input(in)))
}

func (s *Server) updateScenario(c echo.Context) error {
	var in ScenarioInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, scenarioDTO)(s.deps.Scenarios.Update(ctxOf(c), actorOf(c), c.Param("id"), scenario.Input(in)))
}

// ApplicationRequest applies a project to a scenario.
type ApplicationRequest struct {
	ProjectID string `json:"project_id" validate:"required,max=64"`
	Plan      string `json:"plan" validate:"required,max=10000" text:"multiline"`
}

// ApplicationDTO is a project's application to a scenario.
type ApplicationDTO struct {
	ID         string     `json:"id"`
	ScenarioID string     `json:"scenario_id"`
	ProjectID  string     `json:"project_id"`
	Plan       string     `json:"plan"`
	Status     string     `json:"status" enum:"application.status"`
	Result     string     `json:"result,omitempty" enum:"trial.result"`
	Report     string     `json:"report,omitempty"`
	DecidedAt  *time.Time `json:"decided_at,omitempty"`
	ReportedAt *time.Time `json:"reported_at,omitempty"`
	Version    int        `json:"version"`
	CreatedAt  time.Time  `json:"created_at"`
	UpdatedAt  time.Time  `json:"updated_at"`
	// In the lists only: the project as the provider needs to know it.
	ProjectTitle    string `json:"project_title,omitempty"`
	ProjectLeadID   string `json:"project_lead_id,omitempty"`
	ProjectLeadName string `json:"project_lead_name,omitempty"`
	ScenarioTitle   string `json:"scenario_title,omitempty"`
}

func applicationDTO(a scenario.Application) ApplicationDTO {
	return ApplicationDTO{ID: a.ID, ScenarioID: a.ScenarioID, ProjectID: a.ProjectID, Plan: a.Plan, Status: string(a.Status),
		Result: string(a.Result), Report: a.Report, DecidedAt: a.DecidedAt, ReportedAt: a.ReportedAt, Version: a.Version,
		CreatedAt: a.CreatedAt, UpdatedAt: a.UpdatedAt, ProjectTitle: a.ProjectTitle, ProjectLeadID: a.ProjectLeadID,
		ScenarioTitle: a.ScenarioTitle}
}

func (s *Server) applyToScenario(c echo.Context) error {
	var in ApplicationRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, applicationDTO)(s.deps.Scenarios.Apply(ctxOf(c), actorOf(c), c.Param("id"), in.ProjectID, in.Plan))
}

func (s *Server) decideApplication(accept bool) echo.HandlerFunc {
	return func(c echo.Context) error {
		var in VersionRequest
		if err := decodeOptionalJSON(c, &in); err != nil {
			return err
		}
		return reply(c, http.StatusOK, applicationDTO)(s.deps.Scenarios.Decide(ctxOf(c), actorOf(c), c.Param("id"), accept))
	}
}

// ResultRequest records a trial's result.
type ResultRequest struct {
	Result string `json:"result" validate:"required" enum:"trial.result"`
	Report string `json:"report" validate:"required,max=20000" text:"multiline"`
}

func (s *Server) recordResult(c echo.Context) error {
	var in ResultRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, applicationDTO)(s.deps.Scenarios.RecordResult(ctxOf(c), actorOf(c), c.Param("id"), in.Result, in.Report))
}

func (s *Server) scenarioApplications(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	return replyPage(c, applicationDTO)(s.deps.Scenarios.Applications(ctxOf(c), actorOf(c), c.Param("id"), p))
}

func (s *Server) projectApplications(c echo.Context) error {
	ctx := ctxOf(c)
	if _, err := s.deps.Projects.Get(ctx, actorOf(c), c.Param("id")); err != nil {
		return err
	}
	return replyItems(c, applicationDTO)(s.deps.Scenarios.ApplicationsOfProject(ctx, c.Param("id")))
}

// scenarioRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) scenarioRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodGet, Path: v1 + "/projects/:id/scenario-applications", OperationID: "projectApplications", Tag: "scenarios",
			Summary: "The project's applications to application scenarios", Access: signedIn, Response: Items[ApplicationDTO]{},
			Status: http.StatusOK, Handler: s.projectApplications},
		// Application scenarios (重大应用场景)
		{Method: http.MethodGet, Path: v1 + "/scenarios", OperationID: "listScenarios", Tag: "scenarios",
			Summary: "Application scenarios on offer", Access: signedIn,
			Query: withPage(QueryParam{Name: "field", Type: "string"}, qParam,
				QueryParam{Name: "mine", Type: "boolean", Description: "only the scenarios my organization provides"}),
			Response: Page[ScenarioDTO]{}, Status: http.StatusOK, Handler: s.listScenarios},
		{Method: http.MethodGet, Path: v1 + "/scenarios/:id", OperationID: "getScenario", Tag: "scenarios",
			Summary: "One application scenario", Access: signedIn, Response: ScenarioDTO{}, Status: http.StatusOK, Handler: s.getScenario},
		{Method: http.MethodPost, Path: v1 + "/scenarios", OperationID: "createScenario", Tag: "scenarios",
			Summary: "Offer a scenario (any verified organization; it becomes the provider)", Access: signedIn,
			Body: ScenarioInput{}, Response: ScenarioDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.createScenario},
		{Method: http.MethodPatch, Path: v1 + "/scenarios/:id", OperationID: "updateScenario", Tag: "scenarios",
			Summary: "Edit a scenario (its provider)", Access: signedIn, Body: ScenarioInput{}, Response: ScenarioDTO{},
			Status: http.StatusOK, Handler: s.updateScenario},
		{Method: http.MethodGet, Path: v1 + "/scenarios/:id/applications", OperationID: "scenarioApplications", Tag: "scenarios",
			Summary: "The applications to a scenario, newest first (its provider and program managers)", Access: signedIn,
			Query: withPage(), Response: Page[ApplicationDTO]{}, Status: http.StatusOK, Handler: s.scenarioApplications},
		{Method: http.MethodPost, Path: v1 + "/scenarios/:id/applications", OperationID: "applyToScenario", Tag: "scenarios",
			Summary: "Apply a project in research or validation to the scenario (the project's lead organization)",
			Access:  roles(enterprise, institute), Body: ApplicationRequest{}, Response: ApplicationDTO{}, Status: http.StatusCreated,
			Idempotent: true, Handler: s.applyToScenario},
		{Method: http.MethodPost, Path: v1 + "/scenario-applications/:id/accept", OperationID: "acceptApplication", Tag: "scenarios",
			Summary: "Accept a project's application (the provider)", Access: signedIn, Body: VersionRequest{},
			Response: ApplicationDTO{}, Status: http.StatusOK, Handler: s.decideApplication(true)},
		{Method: http.MethodPost, Path: v1 + "/scenario-applications/:id/decline", OperationID: "declineApplication", Tag: "scenarios",
			Summary: "Decline a project's application (the provider)", Access: signedIn, Body: VersionRequest{},
			Response: ApplicationDTO{}, Status: http.StatusOK, Handler: s.decideApplication(false)},
		{Method: http.MethodPost, Path: v1 + "/scenario-applications/:id/result", OperationID: "recordTrialResult", Tag: "scenarios",
			Summary: "Record the trial's result and report while the project is in validation (the lead organization)",
			Access:  roles(enterprise, institute), Body: ResultRequest{}, Response: ApplicationDTO{}, Status: http.StatusOK, Handler: s.recordResult},
	}
}
