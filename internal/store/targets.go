package store

import (
	"context"
	"fmt"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/portfolio"
)

type targetRow struct {
	Year      int    `gorm:"primaryKey"`
	Key       string `gorm:"primaryKey"`
	Target    float64
	UpdatedBy string
	UpdatedAt time.Time
}

func (targetRow) TableName() string { return "yearly_targets" }

// Targets implements portfolio.TargetRepository.
type Targets struct{ db *DB }

func (db *DB) Targets() *Targets { return &Targets{db} }

func (s *Targets) Targets(ctx context.Context, year int) (map[string]float64, error) {
	var rows []targetRow
	if err := s.db.conn(ctx).Where("year = ?", year).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make(map[string]float64, len(rows))
	for _, r := range rows {
		out[r.Key] = r.Target
	}
	return out, nil
}

func (s *Targets) SetTargets(ctx context.Context, year int, targets map[string]float64, userID string, at time.Time) error {
	tx := s.db.conn(ctx)
	if err := tx.Where("year = ?", year).Delete(&targetRow{}).Error; err != nil {
		return translate(err)
	}
	now := at.UTC()
	rows := make([]targetRow, 0, len(targets))
	for k, v := range targets {
		rows = append(rows, targetRow{Year: year, Key: k, Target: v, UpdatedBy: userID, UpdatedAt: now})
	}
	if len(rows) == 0 {
		return nil
	}
	return translate(tx.Create(&rows).Error)
}

// Actuals computes every target's actual value for the year in one query of
// scalar subqueries (the year as the figures' filter takes it: created in
// the UTC year; outputs by their date).
func (s *Targets) Actuals(ctx context.Context, year int) (map[string]float64, error) {
	from, to := yearRange(year)
	var r struct {
		NewProjects, Landmark, P315, PAll, Published, HighTech, Subsidised int64
		Matching                                                           int64
	}
	err := s.db.conn(ctx).Raw(`SELECT
		(SELECT COUNT(*) FROM projects WHERE created_at >= @from AND created_at < @to
			AND stage NOT IN ('proposal', 'rejected')) AS new_projects,
		(SELECT COUNT(*) FROM outputs WHERE landmark AND date >= @first AND date <= @last) AS landmark,
		(SELECT COUNT(*) FROM projects p JOIN fields f ON f.id = p.field_id
			WHERE p.created_at >= @from AND p.created_at < @to AND f.priority_315) AS p315,
		(SELECT COUNT(*) FROM projects WHERE created_at >= @from AND created_at < @to) AS p_all,
		(SELECT COUNT(*) FROM challenges WHERE published_at >= @from AND published_at < @to) AS published,
		(SELECT COALESCE(SUM(amount), 0) FROM funding_lines WHERE matching AND replaced_at IS NULL
			AND created_at >= @from AND created_at < @to) AS matching,
		(SELECT COUNT(*) FROM organizations WHERE tier = 'high_tech' AND status = 'verified') AS high_tech,
		(SELECT COUNT(*) FROM subsidy_lines l JOIN subsidy_batches b ON b.id = l.batch_id
			WHERE b.year = @year AND b.status = 'published') AS subsidised`,
		map[string]any{"from": from, "to": to, "year": year, "first": fmt.Sprintf("%d-01-01", year), "last": fmt.Sprintf("%d-12-31", year)}).
		Scan(&r).Error
	if err != nil {
		return nil, translate(err)
	}
	share := 0.0
	if r.PAll > 0 {
		share = float64(r.P315) * 100 / float64(r.PAll)
	}
	return map[string]float64{"new_projects": float64(r.NewProjects), "landmark_outputs": float64(r.Landmark), "share_315": share,
		"challenges_published": float64(r.Published), "matching_funds": float64(r.Matching), "high_tech_enterprises": float64(r.HighTech),
		"subsidised_enterprises": float64(r.Subsidised)}, nil
}

var _ portfolio.TargetRepository = (*Targets)(nil)
