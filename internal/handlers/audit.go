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
	f := audit.Filter{Entity: c.QueryParam("entity"), EntityID: c.QueryParam("entity_id"),
		ActorID: c.QueryParam("actor_id"), Action: c.QueryParam("action")}
	if f.From, err = dayQuery(c, "from", false); err != nil {
		return err
	}
	if f.To, err = dayQuery(c, "to", true); err != nil {
		return err
	}
	return replyPage(c, auditRecordDTO)(s.deps.Audit.List(ctxOf(c), actorOf(c), f, p))
}

// dayQuery reads a date (2026-12-01, a Beijing day) or a time (RFC 3339); a
// date given as the end of a range includes that whole day.
func dayQuery(c echo.Context, name string, end bool) (time.Time, error) {
	s := c.QueryParam(name)
	if s == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	d, err := domain.ParseDate(s)
	if err != nil {
		return time.Time{}, domain.BadRequest(domain.Msg("%s must be a date such as 2026-12-01 or an RFC 3339 time", "%s 须为日期（如 2026-12-01）或 RFC 3339 时间"), name)
	}
	if end {
		d = d.AddDays(1)
	}
	return d.Start(), nil
}

func (s *Server) verifyAudit(c echo.Context) error {
	if !actorOf(c).Is(domain.RoleAdmin) {
		return domain.Forbidden(domain.Msg("only admins verify the audit trail", "只有平台管理员可以校验审计日志"))
	}
	v, err := s.deps.Audit.Verify(ctxOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, AuditVerification(v))
}

// AuditRecordDTO is one record of the audit trail. A record is written with
// the change it records and sealed into the chain right after commit (within a
// second): until then seq, prev_hash and hash are null.
type AuditRecordDTO struct {
	ID         string          `json:"id"`
	Seq        *int64          `json:"seq"`
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
	PrevHash   *string         `json:"prev_hash"`
	Hash       *string         `json:"hash"`
	// For people to read: the actor's name and organization (not hashed).
	ActorName    string `json:"actor_name,omitempty"`
	ActorOrgName string `json:"actor_org_name,omitempty"`
}

func auditRecordDTO(r audit.Record) AuditRecordDTO {
	d := AuditRecordDTO{ID: itoa64(r.ID), OccurredAt: r.OccurredAt, ActorID: r.ActorID,
		ActorRole: r.ActorRole, ActorOrg: r.ActorOrg, Action: r.Action, Entity: r.Entity, EntityID: r.EntityID,
		ClientIP: r.ClientIP, RequestID: r.RequestID, Changes: json.RawMessage(r.Changes),
		ActorName: r.ActorName, ActorOrgName: r.ActorOrgName}
	if r.Sealed() {
		d.Seq, d.PrevHash, d.Hash = &r.Seq, &r.PrevHash, &r.Hash
	}
	return d
}

// AuditVerification is the result of GET /audit/verify.
type AuditVerification struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"`
	FirstBad *int64 `json:"first_bad"`
	Reason   string `json:"reason,omitempty"`
	// Committed records the chainer has not sealed yet (normally within a
	// second of their commit); the check covers the sealed chain only.
	Unsealed         int64      `json:"unsealed"`
	OldestUnsealedAt *time.Time `json:"oldest_unsealed_at,omitempty"`
}

// auditRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) auditRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// Audit
		{Method: http.MethodGet, Path: v1 + "/audit", OperationID: "listAudit", Tag: "audit",
			Summary: "Audit records, newest first", Access: roles(admin, pm),
			Query: withPage(QueryParam{Name: "entity", Type: "string"}, QueryParam{Name: "entity_id", Type: "string"},
				QueryParam{Name: "actor_id", Type: "string"}, QueryParam{Name: "action", Type: "string"},
				QueryParam{Name: "from", Type: "string", Description: "from this day (a Beijing day, 2026-12-01) or time (RFC 3339)"},
				QueryParam{Name: "to", Type: "string", Description: "up to and including this day, or before this time"}),
			Response: Page[AuditRecordDTO]{}, Status: http.StatusOK, Handler: s.listAudit},
		{Method: http.MethodGet, Path: v1 + "/audit/verify", OperationID: "verifyAudit", Tag: "audit",
			Summary: "Recompute the audit hash chain and name the first broken record", Access: roles(admin),
			Response: AuditVerification{}, Status: http.StatusOK, Handler: s.verifyAudit},
	}
}
