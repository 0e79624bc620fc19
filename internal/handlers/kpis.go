package handlers

import (
	"net/http"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/labstack/echo/v4"
)

// KPIInput is a KPI to create or edit: a numeric target, its unit and
// direction. Actual values are recorded with POST …/actuals.
type KPIInput struct {
	Name      *string  `json:"name,omitempty"`
	Target    *float64 `json:"target,omitempty"`
	Unit      *string  `json:"unit,omitempty"`
	Direction *string  `json:"direction,omitempty" enum:"kpi.direction" jsonschema:"description=at_least (default): the actual must reach the target; at_most: stay at or under it"`
	Actual    *float64 `json:"actual,omitempty" jsonschema:"description=recorded as today's actual value, kept in the history (POST …/actuals takes a date and a source)"`
	Version   *int     `json:"version,omitempty"`
}

// KPIDTO is a key performance indicator with its latest actual and progress.
type KPIDTO struct {
	ID        string    `json:"id"`
	ProjectID string    `json:"project_id"`
	Name      string    `json:"name"`
	Target    float64   `json:"target"`
	Actual    *float64  `json:"actual" jsonschema:"description=the latest value recorded (by date); null before the first"`
	Progress  *float64  `json:"progress" jsonschema:"description=0–1: the actual against the target, capped at 1; null before the first actual"`
	Unit      string    `json:"unit"`
	Direction string    `json:"direction" enum:"kpi.direction"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func kpiDTO(k project.KPI) KPIDTO {
	return KPIDTO{ID: k.ID, ProjectID: k.ProjectID, Name: k.Name, Target: k.Target, Actual: k.Actual, Progress: k.Progress(),
		Unit: k.Unit, Direction: string(k.Direction), Version: k.Version, CreatedAt: k.CreatedAt, UpdatedAt: k.UpdatedAt}
}

func (in KPIInput) domain() project.KPIInput {
	return project.KPIInput{Name: in.Name, Target: in.Target, Unit: in.Unit, Direction: in.Direction, Actual: in.Actual, Version: in.Version}
}

func (s *Server) listKPIs(c echo.Context) error {
	return replyItems(c, kpiDTO)(s.deps.Projects.KPIs(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) addKPI(c echo.Context) error {
	var in KPIInput
	if err := decodeCreate(c, &in, &in.Version); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, kpiDTO)(s.deps.Projects.AddKPI(ctxOf(c), actorOf(c), c.Param("id"), in.domain()))
}

func (s *Server) updateKPI(c echo.Context) error {
	var in KPIInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, kpiDTO)(s.deps.Projects.UpdateKPI(ctxOf(c), actorOf(c), c.Param("id"), c.Param("kid"), in.domain()))
}

// ActualInput is one actual value of a KPI.
type ActualInput struct {
	Value  *float64 `json:"value" validate:"required"`
	Date   *string  `json:"date,omitempty" jsonschema:"description=YYYY-MM-DD, today (Beijing) if left out; not in the future"`
	Source *string  `json:"source,omitempty" jsonschema:"description=where the value comes from: a test report, a periodic report …"`
}

// ActualDTO is one recorded actual value.
type ActualDTO struct {
	ID         string    `json:"id"`
	KPIID      string    `json:"kpi_id"`
	Value      float64   `json:"value"`
	Date       string    `json:"date"`
	Source     string    `json:"source"`
	RecordedBy string    `json:"recorded_by"`
	CreatedAt  time.Time `json:"created_at"`
}

func actualDTO(x project.KPIActual) ActualDTO {
	return ActualDTO{ID: x.ID, KPIID: x.KPIID, Value: x.Value, Date: x.Date.String(), Source: x.Source, RecordedBy: x.RecordedBy, CreatedAt: x.CreatedAt}
}

func (s *Server) recordActual(c echo.Context) error {
	var in ActualInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, actualDTO)(s.deps.Projects.RecordActual(ctxOf(c), actorOf(c), c.Param("id"), c.Param("kid"),
		project.ActualInput{Value: in.Value, Date: in.Date, Source: in.Source}))
}

func (s *Server) listActuals(c echo.Context) error {
	return replyItems(c, actualDTO)(s.deps.Projects.Actuals(ctxOf(c), actorOf(c), c.Param("id"), c.Param("kid")))
}

// kpiRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) kpiRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodGet, Path: v1 + "/projects/:id/kpis", OperationID: "listKPIs", Tag: "projects",
			Summary: "The project's KPIs", Access: signedIn, Response: Items[KPIDTO]{}, Status: http.StatusOK, Handler: s.listKPIs},
		{Method: http.MethodPost, Path: v1 + "/projects/:id/kpis", OperationID: "addKPI", Tag: "projects",
			Summary: "Add a KPI (the lead organization, program managers)", Access: roles(pm, enterprise, institute),
			Body: KPIInput{}, Response: KPIDTO{}, Status: http.StatusCreated, Idempotent: true, Handler: s.addKPI},
		{Method: http.MethodPatch, Path: v1 + "/projects/:id/kpis/:kid", OperationID: "updateKPI", Tag: "projects",
			Summary: "Change a KPI, e.g. record its actual value", Access: roles(pm, enterprise, institute),
			Body: KPIInput{}, Response: KPIDTO{}, Status: http.StatusOK, Handler: s.updateKPI},
		// afterAwardRoutes are the routes of a project's management after the award.
		{Method: http.MethodPost, Path: v1 + "/projects/:id/kpis/:kid/actuals", OperationID: "recordKPIActual", Tag: "projects",
			Summary: "Record an actual value of a KPI (the lead organization, program managers); the KPI's actual becomes the latest by date",
			Access:  roles(pm, enterprise, institute), Body: ActualInput{}, Response: ActualDTO{}, Status: http.StatusCreated, Idempotent: true,
			Handler: s.recordActual},
		{Method: http.MethodGet, Path: v1 + "/projects/:id/kpis/:kid/actuals", OperationID: "listKPIActuals", Tag: "projects",
			Summary: "A KPI's actual values over time, oldest first", Access: signedIn, Response: Items[ActualDTO]{},
			Status: http.StatusOK, Handler: s.listActuals},
	}
}
