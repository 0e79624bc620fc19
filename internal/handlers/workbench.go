package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/workbench"
)

// WorkbenchDTO is the caller's role's to-do counts, in the order to show them.
type WorkbenchDTO struct {
	Role  string          `json:"role" enum:"role"`
	Items []WorkbenchItem `json:"items"`
}

// WorkbenchItem is one count: key names what waits (stable, e.g. "challenges_to_vet").
type WorkbenchItem struct {
	Key   string `json:"key"`
	Count int64  `json:"count"`
}

func (s *Server) workbench(c echo.Context) error {
	a := actorOf(c)
	counts, err := s.deps.Workbench.For(ctxOf(c), a)
	if err != nil {
		return err
	}
	out := WorkbenchDTO{Role: string(a.Role), Items: []WorkbenchItem{}}
	for _, k := range workbench.Keys(a.Role) {
		out.Items = append(out.Items, WorkbenchItem{Key: k, Count: counts[k]})
	}
	return c.JSON(http.StatusOK, out)
}

// workbenchRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) workbenchRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// The workbench (工作台)
		{Method: http.MethodGet, Path: v1 + "/workbench", OperationID: "workbench", Tag: "workbench",
			Summary: "What waits for the caller's role, counted: drafts, awards to confirm, bids, reviews, the vetting queue, organizations to verify …",
			Access:  signedIn, Response: WorkbenchDTO{}, Status: http.StatusOK, Handler: s.workbench},
	}
}
