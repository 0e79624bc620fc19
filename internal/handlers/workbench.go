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
