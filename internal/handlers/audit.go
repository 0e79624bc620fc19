package handlers

import (
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

func (s *Server) listAudit(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	l, err := s.deps.Audit.List(c.Request().Context(), actorOf(c), audit.Filter{
		Entity: c.QueryParam("entity"), EntityID: c.QueryParam("entity_id"),
		ActorID: c.QueryParam("actor_id"), Action: c.QueryParam("action")}, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, Page[AuditRecordDTO]{Items: mapSlice(l.Items, auditRecordDTO), NextCursor: cursorOf(l.Next)})
}

func (s *Server) verifyAudit(c echo.Context) error {
	if !actorOf(c).Is(domain.RoleAdmin) {
		return domain.Forbidden("only admins verify the audit trail")
	}
	v, err := s.deps.Audit.Verify(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}
