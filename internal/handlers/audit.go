package handlers

import (
	"encoding/json"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

func (s *Server) listAudit(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	return replyPage(c, auditRecordDTO)(s.deps.Audit.List(ctxOf(c), actorOf(c), audit.Filter{
		Entity: c.QueryParam("entity"), EntityID: c.QueryParam("entity_id"),
		ActorID: c.QueryParam("actor_id"), Action: c.QueryParam("action")}, p))
}

func (s *Server) verifyAudit(c echo.Context) error {
	if !actorOf(c).Is(domain.RoleAdmin) {
		return domain.Forbidden("only admins verify the audit trail")
	}
	v, err := s.deps.Audit.Verify(ctxOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, v)
}

// AuditRecordDTO is one link of the audit chain.
type AuditRecordDTO struct {
	ID         string          `json:"id"`
	Seq        int64           `json:"seq"`
	OccurredAt time.Time       `json:"occurred_at"`
	ActorID    string          `json:"actor_id"`
	ActorRole  string          `json:"actor_role"`
	ActorOrg   string          `json:"actor_org"`
	Action     string          `json:"action"`
	Entity     string          `json:"entity"`
	EntityID   string          `json:"entity_id"`
	ClientIP   string          `json:"client_ip"`
	RequestID  string          `json:"request_id"`
	Changes    json.RawMessage `json:"changes" jsonschema:"type=object"`
	PrevHash   string          `json:"prev_hash"`
	Hash       string          `json:"hash"`
}

func auditRecordDTO(r audit.Record) AuditRecordDTO {
	return AuditRecordDTO{ID: itoa64(r.Seq), Seq: r.Seq, OccurredAt: r.OccurredAt, ActorID: r.ActorID,
		ActorRole: r.ActorRole, ActorOrg: r.ActorOrg, Action: r.Action, Entity: r.Entity, EntityID: r.EntityID,
		ClientIP: r.ClientIP, RequestID: r.RequestID, Changes: json.RawMessage(r.Changes),
		PrevHash: r.PrevHash, Hash: r.Hash}
}

// AuditVerification is the result of GET /audit/verify.
type AuditVerification struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"`
	FirstBad *int64 `json:"first_bad"`
	Reason   string `json:"reason,omitempty"`
}
