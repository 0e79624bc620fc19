package store

import (
	"context"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/matchmaking"
)

// Matchmaking implements matchmaking.Repository.
type Matchmaking struct{ db *DB }

func (db *DB) Matchmaking() *Matchmaking { return &Matchmaking{db} }

func (s *Matchmaking) fields(ctx context.Context, table, key, id string) ([]string, error) {
	var ids []string
	err := s.db.conn(ctx).Table(table).Where(key+" = ?", id).Order("field_id").Pluck("field_id", &ids).Error
	if ids == nil {
		ids = []string{}
	}
	return ids, translate(err)
}

func (s *Matchmaking) setFields(ctx context.Context, table, key, id string, fieldIDs []string) error {
	tx := s.db.conn(ctx)
	if err := tx.Exec("DELETE FROM "+table+" WHERE "+key+" = ?", id).Error; err != nil {
		return translate(err)
	}
	if len(fieldIDs) == 0 {
		return nil
	}
	rows := make([]map[string]any, len(fieldIDs))
	for i, f := range fieldIDs {
		rows[i] = map[string]any{key: id, "field_id": f}
	}
	return translate(tx.Table(table).Create(rows).Error)
}

func (s *Matchmaking) Capabilities(ctx context.Context, orgID string) ([]string, error) {
	return s.fields(ctx, "organization_capabilities", "organization_id", orgID)
}

func (s *Matchmaking) SetCapabilities(ctx context.Context, orgID string, fieldIDs []string) error {
	return s.setFields(ctx, "organization_capabilities", "organization_id", orgID, fieldIDs)
}

func (s *Matchmaking) Expertise(ctx context.Context, userID string) ([]string, error) {
	return s.fields(ctx, "user_expertise", "user_id", userID)
}

func (s *Matchmaking) SetExpertise(ctx context.Context, userID string, fieldIDs []string) error {
	return s.setFields(ctx, "user_expertise", "user_id", userID, fieldIDs)
}

// bidsInField counts an organization's bids in the field that are no longer
// sealed (unsealedSQL, with its deadline bound to @now).
var bidsInField = `SELECT COUNT(*) FROM bids b JOIN challenges c ON c.id = b.challenge_id
	WHERE b.organization_id = o.id AND c.field_id = @field AND b.status <> 'withdrawn' AND ` +
	strings.Replace(unsealedSQL, "?", "@now", 1)

// OrgCandidates: one query. The candidates are the verified organizations
// that declare the field (fit 2) or another field of its highland (fit 1),
// or have a record in the field (fit 0): unsealed bids, projects past the
// proposal, outputs of those projects. Ranked as the service scores them.
func (s *Matchmaking) OrgCandidates(ctx context.Context, fieldID string, now time.Time, limit int) ([]matchmaking.OrgCandidate, error) {
	var rows []struct {
		ID, Name, Type, Country string
		Fit                     int
		Bids, Projects, Outputs int
	}
	err := s.db.conn(ctx).Raw(`
		WITH h AS (SELECT COALESCE(parent_id, id) AS highland FROM fields WHERE id = @field),
		cand AS (
			SELECT oc.organization_id AS id, CASE WHEN oc.field_id = @field THEN 2 ELSE 1 END AS fit
			FROM organization_capabilities oc JOIN fields x ON x.id = oc.field_id CROSS JOIN h
			WHERE oc.field_id = @field OR oc.field_id = h.highland OR x.parent_id = h.highland
			UNION ALL
			SELECT m.organization_id, 0 FROM project_members m JOIN projects p ON p.id = m.project_id
			WHERE p.field_id = @field AND p.stage NOT IN ('proposal', 'rejected')
			UNION ALL
			SELECT b.organization_id, 0 FROM bids b JOIN challenges c ON c.id = b.challenge_id
			WHERE c.field_id = @field AND b.status <> 'withdrawn' AND `+strings.Replace(unsealedSQL, "?", "@now", 1)+`
		),
		best AS (SELECT id, MAX(fit) AS fit FROM cand GROUP BY id),
		scored AS (
			SELECT o.id, o.name, o.type, o.country, best.fit,
				(`+bidsInField+`) AS bids,
				(SELECT COUNT(*) FROM project_members m JOIN projects p ON p.id = m.project_id
					WHERE m.organization_id = o.id AND p.field_id = @field AND p.stage NOT IN ('proposal', 'rejected')) AS projects,
				(SELECT COUNT(*) FROM outputs x JOIN projects p ON p.id = x.project_id
					JOIN project_members m ON m.project_id = p.id AND m.organization_id = o.id
					WHERE p.field_id = @field) AS outputs
			FROM best JOIN organizations o ON o.id = best.id
			WHERE o.status = 'verified'
		)
		SELECT * FROM scored ORDER BY 10 * fit + 3 * projects + 2 * outputs + bids DESC, name LIMIT @limit`,
		map[string]any{"field": fieldID, "now": now.UTC(), "limit": limit}).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]matchmaking.OrgCandidate, len(rows))
	for i, r := range rows {
		out[i] = matchmaking.OrgCandidate{ID: r.ID, Name: r.Name, Type: r.Type, Country: r.Country, Match: r.Fit, Bids: r.Bids,
			Projects: r.Projects, Outputs: r.Outputs}
	}
	return out, nil
}

// ExpertCandidates: one query. Enabled experts with expertise in the field
// (fit 2) or its highland (fit 1), with the reviews they have open: assigned
// on a challenge in review, not submitted, not stepped out.
func (s *Matchmaking) ExpertCandidates(ctx context.Context, fieldID string, limit int) ([]matchmaking.ExpertCandidate, error) {
	var rows []struct {
		ID, Name, OrganizationID string
		Fit, Open                int
	}
	err := s.db.conn(ctx).Raw(`
		WITH h AS (SELECT COALESCE(parent_id, id) AS highland FROM fields WHERE id = @field),
		best AS (
			SELECT ue.user_id, MAX(CASE WHEN ue.field_id = @field THEN 2 ELSE 1 END) AS fit
			FROM user_expertise ue JOIN fields x ON x.id = ue.field_id CROSS JOIN h
			WHERE ue.field_id = @field OR ue.field_id = h.highland OR x.parent_id = h.highland
			GROUP BY ue.user_id
		),
		scored AS (
			SELECT u.id, u.name, u.organization_id, best.fit,
				(SELECT COUNT(*) FROM reviewer_assignments a JOIN challenges c ON c.id = a.challenge_id
					WHERE a.expert_id = u.id AND c.status = 'in_review' AND a.submitted_at IS NULL AND NOT a.conflict_declared) AS open
			FROM best JOIN users u ON u.id = best.user_id
			WHERE u.role = 'expert' AND NOT u.disabled
		)
		SELECT * FROM scored ORDER BY 10 * fit - 2 * open DESC, name LIMIT @limit`,
		map[string]any{"field": fieldID, "limit": limit}).Scan(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	out := make([]matchmaking.ExpertCandidate, len(rows))
	for i, r := range rows {
		out[i] = matchmaking.ExpertCandidate{ID: r.ID, Name: r.Name, OrgID: r.OrganizationID, Match: r.Fit, Open: r.Open}
	}
	return out, nil
}

var _ matchmaking.Repository = (*Matchmaking)(nil)
