package store

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"gorm.io/gorm"
)

type recommendationRow struct {
	ID        string `gorm:"primaryKey"`
	ProjectID string
	Level     string
	Programme string
	Year      int
	Status    string
	AwardID   *string
	Version   int
	CreatedBy string
	CreatedAt time.Time
	DecidedBy *string
	DecidedAt *time.Time
}

func (recommendationRow) TableName() string { return "recommendations" }

func (r recommendationRow) domain() project.Recommendation {
	return project.Recommendation{ID: r.ID, ProjectID: r.ProjectID, Level: project.AwardLevel(r.Level), Programme: r.Programme,
		Year: r.Year, Status: project.RecommendationStatus(r.Status), AwardID: deref(r.AwardID), Version: r.Version,
		CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC(), DecidedBy: deref(r.DecidedBy), DecidedAt: utcPtr(r.DecidedAt)}
}

func (s *Awards) CreateRecommendation(ctx context.Context, r project.Recommendation) error {
	row := recommendationRow{ID: r.ID, ProjectID: r.ProjectID, Level: string(r.Level), Programme: r.Programme, Year: r.Year,
		Status: string(r.Status), Version: r.Version, CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Awards) GetRecommendation(ctx context.Context, id string) (project.Recommendation, error) {
	var row recommendationRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return project.Recommendation{}, domain.NotFound(domain.Msg("recommendation %s not found", "未找到推荐申报 %s"), id)
		}
		return project.Recommendation{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Awards) Recommendations(ctx context.Context, f project.RecommendationFilter, p domain.Page) ([]project.RecommendationView, error) {
	q := s.db.conn(ctx).Table("recommendations r").Joins("JOIN projects p ON p.id = r.project_id").
		Select("r.*, COALESCE(p.code, '') AS project_code, p.title AS project_title")
	if f.Year != 0 {
		q = q.Where("r.year = ?", f.Year)
	}
	if f.Status != "" {
		q = q.Where("r.status = ?", string(f.Status))
	}
	if f.ProjectID != "" {
		q = q.Where("r.project_id = ?", f.ProjectID)
	}
	if p.After != "" {
		q = q.Where("r.id < ?", p.After)
	}
	var rows []struct {
		Row                       recommendationRow `gorm:"embedded"`
		ProjectCode, ProjectTitle string
	}
	if err := q.Order("r.id DESC").Limit(p.Limit).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]project.RecommendationView, len(rows))
	for i, r := range rows {
		out[i] = project.RecommendationView{Recommendation: r.Row.domain(), ProjectCode: r.ProjectCode, ProjectTitle: r.ProjectTitle}
	}
	return out, nil
}

func (s *Awards) DecideRecommendation(ctx context.Context, r project.Recommendation, version int) error {
	res := s.db.conn(ctx).Model(&recommendationRow{}).Where("id = ? AND version = ? AND status = ?", r.ID, version, string(project.Recommended)).
		Updates(map[string]any{"status": string(r.Status), "award_id": nullable(r.AwardID), "version": r.Version,
			"decided_by": nullable(r.DecidedBy), "decided_at": utcPtr(r.DecidedAt)})
	return guarded(res, "recommendation", r.ID)
}
