package handlers

import (
	"net/http"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/labstack/echo/v4"
)

// KPIInput is a KPI to create or edit.
type KPIInput struct {
	Name    *string `json:"name,omitempty"`
	Target  *string `json:"target,omitempty"`
	Actual  *string `json:"actual,omitempty"`
	Unit    *string `json:"unit,omitempty"`
	Version *int    `json:"version,omitempty"`
}

// KPIDTO is a key performance indicator.
type KPIDTO struct {
	ID        string    `json:"id"`
	ProjectID string    `json:"project_id"`
	Name      string    `json:"name"`
	Target    string    `json:"target"`
	Actual    string    `json:"actual"`
	Unit      string    `json:"unit"`
	Version   int       `json:"version"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

func kpiDTO(k project.KPI) KPIDTO {
	return KPIDTO{ID: k.ID, ProjectID: k.ProjectID, Name: k.Name, Target: k.Target, Actual: k.Actual, Unit: k.Unit,
		Version: k.Version, CreatedAt: k.CreatedAt, UpdatedAt: k.UpdatedAt}
}

func (s *Server) listKPIs(c echo.Context) error {
	return replyItems(c, kpiDTO)(s.deps.Projects.KPIs(ctxOf(c), actorOf(c), c.Param("id")))
}

func (s *Server) addKPI(c echo.Context) error {
	var in KPIInput
	if err := decodeCreate(c, &in, &in.Version); err != nil {
		return err
	}
	return reply(c, http.StatusCreated, kpiDTO)(s.deps.Projects.AddKPI(ctxOf(c), actorOf(c), c.Param("id"), project.KPIInput(in)))
}

func (s *Server) updateKPI(c echo.Context) error {
	var in KPIInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	return reply(c, http.StatusOK, kpiDTO)(s.deps.Projects.UpdateKPI(ctxOf(c), actorOf(c), c.Param("id"), c.Param("kid"), project.KPIInput(in)))
}
