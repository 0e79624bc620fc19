package store

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/portfolio"
)

// Export implements portfolio.ExportRepository: each batch is one query that
// joins the names it needs, in id order.

func (s *Portfolio) ProjectRecords(ctx context.Context, f portfolio.Filter, after string, limit int) ([]portfolio.ProjectRecord, error) {
	q := projectScope.apply(s.db.conn(ctx).Table("projects AS p"), f).
		Select(`p.id, COALESCE(p.code, '') AS code, p.title, COALESCE(cat.name, '') AS category, COALESCE(fl.name, '') AS field,
			o.name AS lead, COALESCE(d.name, '') AS district, p.stage, p.origin, p.trl, p.budget,
			(SELECT COALESCE(SUM(l.amount), 0) FROM funding_lines l WHERE l.project_id = p.id AND l.replaced_at IS NULL
				AND l.status IN ('committed', 'disbursed')) AS funding, p.created_at`).
		Joins("JOIN organizations o ON o.id = p.lead_org_id").
		Joins("LEFT JOIN districts d ON d.id = o.district").
		Joins("LEFT JOIN fields fl ON fl.id = p.field_id").
		Joins("LEFT JOIN categories cat ON cat.id = p.category")
	if after != "" {
		q = q.Where("p.id > ?", after)
	}
	var rows []portfolio.ProjectRecord
	err := q.Order("p.id").Limit(limit).Scan(&rows).Error
	for i := range rows {
		rows[i].CreatedAt = rows[i].CreatedAt.UTC()
	}
	return rows, translate(err)
}

func (s *Portfolio) ChallengeRecords(ctx context.Context, f portfolio.Filter, now time.Time, after string, limit int) ([]portfolio.ChallengeRecord, error) {
	q := s.db.conn(ctx).Table("challenges AS c").
		Select(`c.id, c.title, o.name AS owner, COALESCE(fl.name, '') AS field, COALESCE(cat.name, '') AS category,
			`+effectiveStatusSQL+` AS status, c.enterprise_commitment AS commitment, c.requested_support AS support,
			c.funding_cap, c.bid_deadline AS deadline,
			(SELECT COUNT(*) FROM bids b WHERE b.challenge_id = c.id AND b.status <> 'withdrawn') AS bids,
			`+unsealedSQL+` AS bids_unsealed, c.created_at`, now.UTC(), now.UTC()).
		Joins("JOIN organizations o ON o.id = c.owner_id").
		Joins("LEFT JOIN fields fl ON fl.id = c.field_id").
		Joins("LEFT JOIN categories cat ON cat.id = c.category").
		Where("c.status <> 'draft'")
	q = challengeScope.apply(q, f)
	if after != "" {
		q = q.Where("c.id > ?", after)
	}
	var rows []struct {
		portfolio.ChallengeRecord
		Deadline *time.Time
	}
	err := q.Order("c.id").Limit(limit).Scan(&rows).Error
	out := make([]portfolio.ChallengeRecord, len(rows))
	for i, r := range rows {
		out[i] = r.ChallengeRecord
		out[i].Deadline = utcPtr(r.Deadline)
		out[i].CreatedAt = r.CreatedAt.UTC()
	}
	return out, translate(err)
}

func (s *Portfolio) ConsortiumRecords(ctx context.Context, f portfolio.Filter, after string, limit int) ([]portfolio.ConsortiumRecord, error) {
	q := s.db.conn(ctx).Table("consortia AS k").
		Select(`k.id, k.name, k.model, o.name AS lead, COALESCE(fl.name, '') AS field, k.status,
			(SELECT COUNT(*) FROM consortium_members m WHERE m.consortium_id = k.id AND m.status = 'active') AS members,
			k.created_at, k.approved_at`).
		Joins("JOIN organizations o ON o.id = k.lead_org_id").
		Joins("LEFT JOIN fields fl ON fl.id = k.field_id")
	q = consortiumScope.apply(q, f)
	if after != "" {
		q = q.Where("k.id > ?", after)
	}
	var rows []portfolio.ConsortiumRecord
	err := q.Order("k.id").Limit(limit).Scan(&rows).Error
	for i := range rows {
		rows[i].CreatedAt = rows[i].CreatedAt.UTC()
		rows[i].ApprovedAt = utcPtr(rows[i].ApprovedAt)
	}
	return rows, translate(err)
}

func (s *Portfolio) OutputRecords(ctx context.Context, f portfolio.Filter, after string, limit int) ([]portfolio.OutputRecord, error) {
	q := projectScope.apply(s.db.conn(ctx).Table("outputs AS x").Joins("JOIN projects p ON p.id = x.project_id"), f).
		Select(`x.id, COALESCE(p.code, '') AS project_code, p.title AS project_title, o.name AS lead, COALESCE(fl.name, '') AS field,
			x.type, x.title, x.reference, x.date, x.landmark`).
		Joins("JOIN organizations o ON o.id = p.lead_org_id").
		Joins("LEFT JOIN fields fl ON fl.id = p.field_id")
	if after != "" {
		q = q.Where("x.id > ?", after)
	}
	var rows []portfolio.OutputRecord
	err := q.Order("x.id").Limit(limit).Scan(&rows).Error
	return rows, translate(err)
}
