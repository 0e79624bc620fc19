package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/portfolio"
)

// TargetDTO is one yearly target and the actual value computed from the data.
type TargetDTO struct {
	Key    string   `json:"key" enum:"target.key"`
	Target *float64 `json:"target" jsonschema:"description=null: not set for the year"`
	Actual float64  `json:"actual"`
}

// TargetsRequest replaces a year's targets; keys left out are unset.
type TargetsRequest struct {
	Items []struct {
		Key    string   `json:"key" enum:"target.key"`
		Target *float64 `json:"target"`
	} `json:"items" validate:"required,max=20"`
}

func targetDTO(t portfolio.Target) TargetDTO {
	return TargetDTO{Key: t.Key, Target: t.Target, Actual: t.Actual}
}

func (s *Server) getTargets(c echo.Context) error {
	year, err := yearQuery(c, "year")
	if err != nil {
		return err
	}
	return replyItems(c, targetDTO)(s.deps.Targets.For(ctxOf(c), year))
}

func (s *Server) putTargets(c echo.Context) error {
	year, err := pathYear(c)
	if err != nil {
		return err
	}
	var in TargetsRequest
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	items := make([]portfolio.Target, len(in.Items))
	for i, it := range in.Items {
		items[i] = portfolio.Target{Key: it.Key, Target: it.Target}
	}
	return replyItems(c, targetDTO)(s.deps.Targets.Set(ctxOf(c), actorOf(c), year, items))
}

func (s *Server) targetRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		{Method: http.MethodGet, Path: v1 + "/portfolio/targets", OperationID: "yearlyTargets", Tag: "portfolio",
			Summary: "The year's targets (200+ projects, landmark results, 315 share …), each with the actual value computed from the data",
			Access:  anyone, Query: []QueryParam{{Name: "year", Type: "integer", Description: "default: this year (Beijing)"}},
			Response: Items[TargetDTO]{}, Status: http.StatusOK, Handler: s.getTargets},
		{Method: http.MethodPut, Path: v1 + "/portfolio/targets/:year", OperationID: "setYearlyTargets", Tag: "portfolio",
			Summary: "Replace the year's targets (keys left out are unset); audited", Access: roles(pm, admin),
			Body: TargetsRequest{}, Response: Items[TargetDTO]{}, Status: http.StatusOK, Handler: s.putTargets},
	}
}
