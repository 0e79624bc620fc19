package store

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/domain/workbench"
)

// Workbench implements workbench.Repository: each role's counts in one query
// of scalar subqueries.
type Workbench struct{ db *DB }

func (db *DB) Workbench() *Workbench { return &Workbench{db} }

// count runs one SELECT of named scalar subqueries into Counts.
func (w *Workbench) count(ctx context.Context, sql string, args ...any) (workbench.Counts, error) {
	rows, err := w.db.conn(ctx).Raw(sql, args...).Rows()
	if err != nil {
		return nil, translate(err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return nil, translate(err)
	}
	out := workbench.Counts{}
	if !rows.Next() {
		return out, translate(rows.Err())
	}
	vals := make([]int64, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	if err := rows.Scan(ptrs...); err != nil {
		return nil, translate(err)
	}
	for i, c := range cols {
		out[c] = vals[i]
	}
	return out, translate(rows.Err())
}

func (w *Workbench) Organization(ctx context.Context, orgID string, now time.Time) (workbench.Counts, error) {
	now = now.UTC()
	return w.count(ctx, `SELECT
		(SELECT COUNT(*) FROM challenges WHERE owner_id = @org AND status = 'draft') AS challenge_drafts,
		(SELECT COUNT(*) FROM challenges WHERE owner_id = @org AND status = 'submitted') AS challenges_in_vetting,
		(SELECT COUNT(*) FROM challenges WHERE owner_id = @org AND status = 'published' AND bid_deadline > @now) AS challenges_open,
		(SELECT COUNT(*) FROM challenges WHERE owner_id = @org
			AND (status IN ('closed', 'in_review') OR (status = 'published' AND bid_deadline <= @now))) AS challenges_in_review,
		(SELECT COUNT(*) FROM challenges WHERE owner_id = @org AND status = 'in_review'
			AND proposed_bid_id IS NOT NULL AND awarded_bid_id IS NULL) AS awards_to_confirm,
		(SELECT COUNT(*) FROM bids b JOIN challenges c ON c.id = b.challenge_id WHERE b.organization_id = @org
			AND b.status = 'submitted' AND c.status NOT IN ('cancelled', 'failed', 'awarded')) AS bids_pending,
		(SELECT COUNT(*) FROM bids WHERE organization_id = @org AND status = 'awarded') AS bids_awarded,
		(SELECT COUNT(*) FROM bids WHERE organization_id = @org AND status = 'not_awarded') AS bids_not_awarded,
		(SELECT COUNT(*) FROM consortium_members m JOIN consortia k ON k.id = m.consortium_id
			WHERE m.organization_id = @org AND m.status = 'invited' AND k.status <> 'dissolved') AS invitations,
		(SELECT COUNT(*) FROM bid_partners p JOIN bids b ON b.id = p.bid_id JOIN challenges c ON c.id = b.challenge_id
			WHERE p.organization_id = @org AND p.decision = 'pending' AND b.status = 'submitted'
			AND c.status = 'published' AND c.bid_deadline > @now) AS partner_invitations,
		(SELECT COUNT(*) FROM scenario_applications a JOIN scenarios s ON s.id = a.scenario_id
			WHERE s.provider_id = @org AND a.status = 'pending') AS scenario_applications,
		(SELECT COUNT(*) FROM projects WHERE lead_org_id = @org
			AND stage NOT IN ('completed', 'rejected', 'terminated')) AS projects,
		(SELECT COUNT(*) FROM reports r JOIN projects p ON p.id = r.project_id WHERE p.lead_org_id = @org
			AND r.status IN ('due', 'returned')) AS reports_due`,
		map[string]any{"org": orgID, "now": now})
}

func (w *Workbench) Expert(ctx context.Context, userID string) (workbench.Counts, error) {
	return w.count(ctx, `SELECT
		(SELECT COUNT(*) FROM reviewer_assignments r JOIN challenges c ON c.id = r.challenge_id
			WHERE r.expert_id = @me AND NOT r.conflict_declared AND r.submitted_at IS NULL
			AND c.status = 'in_review' AND c.proposed_bid_id IS NULL) AS reviews_to_do,
		(SELECT COUNT(*) FROM reviewer_assignments WHERE expert_id = @me AND submitted_at IS NOT NULL) AS reviews_done`,
		map[string]any{"me": userID})
}

func (w *Workbench) ProgramManager(ctx context.Context, now time.Time) (workbench.Counts, error) {
	return w.count(ctx, `SELECT
		(SELECT COUNT(*) FROM challenges WHERE status = 'submitted') AS challenges_to_vet,
		(SELECT COUNT(*) FROM challenges c WHERE c.status = 'closed' OR (c.status = 'published' AND c.bid_deadline <= @now)
			OR (c.status = 'in_review' AND c.proposed_bid_id IS NULL
				AND (SELECT COUNT(*) FROM reviewer_assignments r WHERE r.challenge_id = c.id AND r.round = c.current_round
					AND NOT r.conflict_declared) < @min)) AS challenges_to_assign,
		(SELECT COUNT(*) FROM challenges c WHERE c.status = 'in_review' AND c.proposed_bid_id IS NULL
			AND (SELECT COUNT(*) FROM reviewer_assignments r WHERE r.challenge_id = c.id AND r.round = c.current_round
				AND NOT r.conflict_declared) >= @min
			AND NOT EXISTS (SELECT 1 FROM reviewer_assignments r WHERE r.challenge_id = c.id AND r.round = c.current_round
				AND NOT r.conflict_declared AND r.submitted_at IS NULL)) AS rankings_ready,
		(SELECT COUNT(*) FROM projects WHERE stage = 'proposal') AS proposals_to_decide,
		(SELECT COUNT(*) FROM milestones m JOIN projects p ON p.id = m.project_id
			WHERE m.status = 'done' AND p.stage NOT IN ('completed', 'rejected', 'terminated')) AS milestones_to_accept,
		(SELECT COUNT(*) FROM consortia WHERE status = 'forming') AS consortia_to_approve,
		(SELECT COUNT(*) FROM change_requests WHERE status = 'pending') AS change_requests_to_decide,
		(SELECT COUNT(*) FROM reports WHERE status = 'submitted') AS reports_to_review`,
		map[string]any{"now": now.UTC(), "min": challenge.MinReviewers})
}

func (w *Workbench) Admin(ctx context.Context) (workbench.Counts, error) {
	return w.count(ctx, `SELECT (SELECT COUNT(*) FROM organizations WHERE status = 'pending') AS organizations_to_verify`)
}
