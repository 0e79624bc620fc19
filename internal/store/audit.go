package store

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

type auditRow struct {
	ID         int64  `gorm:"primaryKey"`
	Seq        *int64 // nil until sealed
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
	PrevHash   *string
	Hash       *string
}

func (auditRow) TableName() string { return "audit_records" }

func (r auditRow) domain() audit.Record {
	return audit.Record{ID: r.ID, Seq: derefInt(r.Seq), OccurredAt: r.OccurredAt.UTC(), ActorID: r.ActorID, ActorRole: r.ActorRole,
		ActorOrg: r.ActorOrg, Action: r.Action, Entity: r.Entity, EntityID: r.EntityID, ClientIP: r.ClientIP,
		RequestID: r.RequestID, Changes: r.Changes, PrevHash: deref(r.PrevHash), Hash: deref(r.Hash)}
}

func derefInt(p *int64) int64 {
	if p == nil {
		return 0
	}
	return *p
}

// AuditLog implements audit.Repository.
type AuditLog struct{ db *DB }

func (db *DB) AuditLog() *AuditLog { return &AuditLog{db} }

// auditLockKey is the PostgreSQL advisory lock sealers take turns on. Writers
// never take it: they only insert unsealed records.
const auditLockKey = 2035_0001

// Append inserts the record unsealed in the caller's transaction, and marks
// the transaction so its commit wakes this process's sealer.
func (s *AuditLog) Append(ctx context.Context, r audit.Record) (audit.Record, error) {
	state, ok := ctx.Value(txStateKey{}).(*txState)
	if !inTx(ctx) || !ok {
		return audit.Record{}, errors.New("audit: append outside a transaction")
	}
	// Every write appends a record: one plain statement, no reflection.
	res := s.db.conn(ctx).Raw(`INSERT INTO audit_records (occurred_at, actor_id, actor_role, actor_org, action, entity,
		entity_id, client_ip, request_id, changes) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		r.OccurredAt.UTC(), r.ActorID, r.ActorRole, r.ActorOrg, r.Action, r.Entity, r.EntityID, r.ClientIP, r.RequestID, r.Changes).
		Scan(&r.ID)
	if res.Error != nil {
		return audit.Record{}, translate(res.Error)
	}
	if r.ID == 0 {
		return audit.Record{}, errors.New("audit: the database gave the record no id")
	}
	state.audited, state.wrote = true, true
	return r, nil
}

// Seal links up to limit committed unsealed records, in id order, after the
// last sealed one, in one transaction. On PostgreSQL sealers (of any process)
// take turns on an advisory transaction lock; SQLite's write transactions are
// serial already (they begin immediate). The unique index on seq refuses a
// fork even if they did not, and the triggers let a record be sealed once.
func (s *AuditLog) Seal(ctx context.Context, limit int) (int, error) {
	sealed := 0
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		sealed = 0
		tx := s.db.conn(ctx)
		if s.db.dialect == Postgres {
			if err := tx.Exec("SELECT pg_advisory_xact_lock(?)", auditLockKey).Error; err != nil {
				return err
			}
		}
		var pending []auditRow
		if err := tx.Where("seq IS NULL").Order("id").Limit(limit).Find(&pending).Error; err != nil {
			return err
		}
		if len(pending) == 0 {
			return nil
		}
		var last []auditRow
		if err := tx.Select("id", "seq", "hash").Where("seq IS NOT NULL").Order("seq DESC").Limit(1).Find(&last).Error; err != nil {
			return err
		}
		prevSeq, prevHash := int64(0), audit.GenesisHash
		if len(last) == 1 {
			prevSeq, prevHash = derefInt(last[0].Seq), deref(last[0].Hash)
		}
		var values strings.Builder
		args := make([]any, 0, 4*len(pending))
		for i, row := range pending {
			r := row.domain()
			r.Seal(prevSeq, prevHash)
			if i > 0 {
				values.WriteString(", ")
			}
			values.WriteString("(CAST(? AS BIGINT), CAST(? AS BIGINT), ?, ?)")
			args = append(args, r.ID, r.Seq, r.PrevHash, r.Hash)
			prevSeq, prevHash = r.Seq, r.Hash
		}
		res := tx.Exec(`WITH v (id, seq, prev_hash, hash) AS (VALUES `+values.String()+`)
			UPDATE audit_records SET seq = v.seq, prev_hash = v.prev_hash, hash = v.hash
			FROM v WHERE audit_records.id = v.id AND audit_records.seq IS NULL`, args...)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected != int64(len(pending)) {
			return fmt.Errorf("audit: sealed %d of %d records", res.RowsAffected, len(pending))
		}
		sealed = len(pending)
		return nil
	})
	return sealed, err
}

// Unsealed counts the committed records the chainer has not sealed yet.
func (s *AuditLog) Unsealed(ctx context.Context) (int64, time.Time, error) {
	var n int64
	q := s.db.conn(ctx).Model(&auditRow{}).Where("seq IS NULL")
	if err := q.Count(&n).Error; err != nil || n == 0 {
		return n, time.Time{}, translate(err)
	}
	var oldest []auditRow
	if err := s.db.conn(ctx).Select("id", "occurred_at").Where("seq IS NULL").Order("id").Limit(1).Find(&oldest).Error; err != nil {
		return 0, time.Time{}, translate(err)
	}
	if len(oldest) == 0 { // sealed in between
		return 0, time.Time{}, nil
	}
	return n, oldest[0].OccurredAt.UTC(), nil
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
	// A record is hidden when the entity it names, or the parent its changes
	// name (a document's bid or challenge), is hidden: whichever entity it is.
	// (COALESCE: most records name no parent, and NOT of NULL would hide them.)
	parentType, parentID := s.db.jsonText("changes", audit.ParentTypeKey), s.db.jsonText("changes", audit.ParentIDKey)
	names := func(entity, ids string) string {
		return `NOT ((entity = '` + entity + `' AND entity_id IN (` + ids + `)) OR (entity <> '` + entity + `' AND ` +
			parentType + ` = '` + entity + `' AND ` + parentID + ` IN (` + ids + `)))`
	}
	if !f.SealedAt.IsZero() {
		sealed := `SELECT b.id FROM bids b JOIN challenges c ON c.id = b.challenge_id WHERE NOT ` + unsealedSQL
		q = q.Where(names("bid", sealed), f.SealedAt.UTC(), f.SealedAt.UTC())
	}
	if f.ViewerOrgID != "" {
		drafts := `SELECT id FROM challenges WHERE status = 'draft' AND owner_id <> ?`
		q = q.Where(names("challenge", drafts), f.ViewerOrgID, f.ViewerOrgID)
	}
	if p.After != "" {
		after, err := strconv.ParseInt(p.After, 10, 64)
		if err != nil {
			return nil, domain.BadRequest(domain.Msg("the cursor is not valid", "分页游标无效"))
		}
		q = q.Where("id < ?", after)
	}
	var rows []auditRow
	if err := q.Order("id DESC").Limit(p.Limit).Find(&rows).Error; err != nil {
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
