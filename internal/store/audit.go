package store

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

type auditRow struct {
	Seq        int64 `gorm:"primaryKey;autoIncrement:false"`
	OccurredAt time.Time
	ActorID    string
	ActorRole  string
	ActorOrg   string
	Action     string
	Entity     string
	EntityID   string
	ClientIP   string
	RequestID  string
	Changes    string
	PrevHash   string
	Hash       string
}

func (auditRow) TableName() string { return "audit_records" }

func (r auditRow) domain() audit.Record {
	return audit.Record{Seq: r.Seq, OccurredAt: r.OccurredAt.UTC(), ActorID: r.ActorID, ActorRole: r.ActorRole,
		ActorOrg: r.ActorOrg, Action: r.Action, Entity: r.Entity, EntityID: r.EntityID, ClientIP: r.ClientIP,
		RequestID: r.RequestID, Changes: r.Changes, PrevHash: r.PrevHash, Hash: r.Hash}
}

func auditRowOf(r audit.Record) auditRow {
	return auditRow{Seq: r.Seq, OccurredAt: r.OccurredAt, ActorID: r.ActorID, ActorRole: r.ActorRole,
		ActorOrg: r.ActorOrg, Action: r.Action, Entity: r.Entity, EntityID: r.EntityID, ClientIP: r.ClientIP,
		RequestID: r.RequestID, Changes: r.Changes, PrevHash: r.PrevHash, Hash: r.Hash}
}

// AuditLog implements audit.Repository.
type AuditLog struct{ db *DB }

func (db *DB) AuditLog() *AuditLog { return &AuditLog{db} }

// auditLockKey is the PostgreSQL advisory lock that serializes appenders.
const auditLockKey = 2035_0001

// Append links the record after the newest one and inserts it. Appenders are
// serialized for the rest of their transaction (an advisory transaction lock
// on PostgreSQL; SQLite's write transactions are serial already), and the
// primary key on seq would refuse a fork even if they were not.
func (s *AuditLog) Append(ctx context.Context, r audit.Record) (audit.Record, error) {
	if !inTx(ctx) {
		return audit.Record{}, errors.New("audit: append outside a transaction")
	}
	tx := s.db.conn(ctx)
	if s.db.dialect == Postgres {
		if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", auditLockKey).Error; err != nil {
			return audit.Record{}, translate(err)
		}
	}
	var last []auditRow
	if err := tx.Select("seq", "hash").Order("seq DESC").Limit(1).Find(&last).Error; err != nil {
		return audit.Record{}, translate(err)
	}
	prevSeq, prevHash := int64(0), audit.GenesisHash
	if len(last) == 1 {
		prevSeq, prevHash = last[0].Seq, last[0].Hash
	}
	r.Seal(prevSeq, prevHash)
	row := auditRowOf(r)
	if err := tx.Create(&row).Error; err != nil {
		return audit.Record{}, translate(err)
	}
	return r, nil
}

func (s *AuditLog) Scan(ctx context.Context, after int64, limit int) ([]audit.Record, error) {
	var rows []auditRow
	if err := s.db.conn(ctx).Where("seq > ?", after).Order("seq").Limit(limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]audit.Record, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *AuditLog) List(ctx context.Context, f audit.Filter, p domain.Page) ([]audit.Record, error) {
	q := s.db.conn(ctx).Model(&auditRow{})
	if f.Entity != "" {
		q = q.Where("entity = ?", f.Entity)
	}
	if f.EntityID != "" {
		q = q.Where("entity_id = ?", f.EntityID)
	}
	if f.ActorID != "" {
		q = q.Where("actor_id = ?", f.ActorID)
	}
	if f.Action != "" {
		q = q.Where("action = ?", f.Action)
	}
	if !f.From.IsZero() {
		q = q.Where("occurred_at >= ?", f.From.UTC())
	}
	if !f.To.IsZero() {
		q = q.Where("occurred_at < ?", f.To.UTC())
	}
	if !f.SealedAt.IsZero() {
		q = q.Where(`NOT (entity = 'bid' AND entity_id IN (SELECT b.id FROM bids b JOIN challenges c ON c.id = b.challenge_id
			WHERE NOT `+unsealedSQL+`))`, f.SealedAt.UTC())
	}
	if f.ViewerOrgID != "" {
		q = q.Where(`NOT (entity = 'challenge' AND entity_id IN (SELECT id FROM challenges WHERE status = 'draft' AND owner_id <> ?))`,
			f.ViewerOrgID)
	}
	if p.After != "" {
		after, err := strconv.ParseInt(p.After, 10, 64)
		if err != nil {
			return nil, domain.BadRequest("the cursor is not valid")
		}
		q = q.Where("seq < ?", after)
	}
	var rows []auditRow
	if err := q.Order("seq DESC").Limit(p.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	// The actors' and their organizations' names, one query each per page.
	var userIDs, orgIDs []string
	for _, r := range rows {
		userIDs, orgIDs = append(userIDs, r.ActorID), append(orgIDs, r.ActorOrg)
	}
	users, err := s.db.Users().Names(ctx, userIDs)
	if err != nil {
		return nil, err
	}
	orgs, err := s.db.Organizations().Names(ctx, orgIDs)
	if err != nil {
		return nil, err
	}
	out := make([]audit.Record, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
		out[i].ActorName, out[i].ActorOrgName = users[r.ActorID], orgs[r.ActorOrg]
	}
	return out, nil
}
