package store

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
)

type awardRow struct {
	ID               string `gorm:"primaryKey"`
	ProjectID        string
	Level            string
	Programme        string
	Amount           int64
	AwardedOn        domain.Date
	FundingLineID    string
	MatchingLineID   *string
	MatchingDeclined bool
	Capped           string
	RecommendationID *string
	CreatedBy        string
	CreatedAt        time.Time
}

func (awardRow) TableName() string { return "external_awards" }

// Awards implements project.AwardRepository.
type Awards struct{ db *DB }

func (db *DB) Awards() *Awards { return &Awards{db} }

func (s *Awards) CreateAward(ctx context.Context, x project.ExternalAward) error {
	r := awardRow{ID: x.ID, ProjectID: x.ProjectID, Level: string(x.Level), Programme: x.Programme, Amount: x.Amount,
		AwardedOn: x.AwardedOn, FundingLineID: x.FundingLineID, MatchingLineID: nullable(x.MatchingLineID),
		MatchingDeclined: x.MatchingDeclined, Capped: string(x.Capped), RecommendationID: nullable(x.RecommendationID),
		CreatedBy: x.CreatedBy, CreatedAt: x.CreatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&r).Error)
}

// maxAwards bounds one project's awards list (a project wins a handful).
const maxAwards = 500

func (s *Awards) Awards(ctx context.Context, projectID string) ([]project.ExternalAward, error) {
	var rows []awardRow
	if err := s.db.conn(ctx).Where("project_id = ?", projectID).Order("id DESC").Limit(maxAwards).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]project.ExternalAward, len(rows))
	for i, r := range rows {
		out[i] = project.ExternalAward{ID: r.ID, ProjectID: r.ProjectID, Level: project.AwardLevel(r.Level), Programme: r.Programme,
			Amount: r.Amount, AwardedOn: r.AwardedOn, FundingLineID: r.FundingLineID, MatchingLineID: deref(r.MatchingLineID),
			MatchingDeclined: r.MatchingDeclined, Capped: project.CapReason(r.Capped), RecommendationID: deref(r.RecommendationID),
			CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
	}
	return out, nil
}

var _ project.AwardRepository = (*Awards)(nil)
