package store

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/challenge"
)

// Ties implements challenge.TieFinder.
type Ties struct{ db *DB }

func (db *DB) Ties() *Ties { return &Ties{db} }

// Ties finds the organizations' ties with the others in one query: an active
// membership of one consortium that is not dissolved, or membership of one
// project under way or ended (completed, terminated) since a time.
func (s *Ties) Ties(ctx context.Context, orgs, others []string, since time.Time) ([]challenge.Tie, error) {
	if orgs, others = distinct(orgs), distinct(others); len(orgs) == 0 || len(others) == 0 {
		return nil, nil
	}
	var rows []struct{ Org, Other, Kind, Via string }
	err := s.db.conn(ctx).Raw(`
		SELECT a.organization_id AS org, b.organization_id AS other, 'consortium' AS kind, c.name AS via
		FROM consortium_members a
		JOIN consortium_members b ON b.consortium_id = a.consortium_id AND b.organization_id <> a.organization_id
		JOIN consortia c ON c.id = a.consortium_id
		WHERE a.organization_id IN @orgs AND b.organization_id IN @others
			AND a.status = 'active' AND b.status = 'active' AND c.status <> 'dissolved'
		UNION
		SELECT a.organization_id, b.organization_id, 'project', p.title
		FROM project_members a
		JOIN project_members b ON b.project_id = a.project_id AND b.organization_id <> a.organization_id
		JOIN projects p ON p.id = a.project_id
		WHERE a.organization_id IN @orgs AND b.organization_id IN @others
			AND (p.stage IN ('research', 'validation', 'industrialization')
				OR (p.stage IN ('completed', 'terminated') AND EXISTS (SELECT 1 FROM project_stage_history h
					WHERE h.project_id = p.id AND h.to_stage = p.stage AND h.occurred_at >= @since)))
		ORDER BY 1, 3, 2, 4`,
		map[string]any{"orgs": orgs, "others": others, "since": since.UTC()}).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]challenge.Tie, len(rows))
	for i, r := range rows {
		out[i] = challenge.Tie{Org: r.Org, With: r.Other, Kind: challenge.TieKind(r.Kind), Via: r.Via}
	}
	return out, nil
}

var _ challenge.TieFinder = (*Ties)(nil)
