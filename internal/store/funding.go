package store

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"gorm.io/gorm"
)

type fundingRow struct {
	ID              string `gorm:"primaryKey"`
	ProjectID       string
	Source          string
	Amount          int64
	Status          string
	Matching        bool
	MilestoneID     *string
	HolderOrgID     *string
	ConvertedFromID *string
	ReplacedAt      *time.Time
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (fundingRow) TableName() string { return "funding_lines" }

func fundingRowOf(l project.FundingLine) fundingRow {
	return fundingRow{ID: l.ID, ProjectID: l.ProjectID, Source: string(l.Source), Amount: l.Amount, Status: string(l.Status),
		Matching: l.Matching, MilestoneID: nullable(l.MilestoneID), HolderOrgID: nullable(l.HolderOrgID),
		ConvertedFromID: nullable(l.ConvertedFromID), ReplacedAt: utcPtr(l.ReplacedAt), Version: l.Version,
		CreatedAt: l.CreatedAt.UTC(), UpdatedAt: l.UpdatedAt.UTC()}
}

func (r fundingRow) domain() project.FundingLine {
	return project.FundingLine{ID: r.ID, ProjectID: r.ProjectID, Source: project.Source(r.Source), Amount: r.Amount,
		Status: project.FundingStatus(r.Status), Matching: r.Matching, MilestoneID: deref(r.MilestoneID),
		HolderOrgID: deref(r.HolderOrgID), ConvertedFromID: deref(r.ConvertedFromID), ReplacedAt: utcPtr(r.ReplacedAt), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func (s *Projects) FundingLines(ctx context.Context, id string) ([]project.FundingLine, error) {
	var rows []fundingRow
	if err := s.db.conn(ctx).Where("project_id = ?", id).Order("created_at, id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]project.FundingLine, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Projects) GetFunding(ctx context.Context, id string) (project.FundingLine, error) {
	var row fundingRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return project.FundingLine{}, domain.NotFound(domain.Msg("funding line %s not found", "未找到资金 %s"), id)
		}
		return project.FundingLine{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Projects) CreateFunding(ctx context.Context, l project.FundingLine) error {
	row := fundingRowOf(l)
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Projects) UpdateFunding(ctx context.Context, l project.FundingLine, version int) error {
	r := fundingRowOf(l)
	res := s.db.conn(ctx).Model(&fundingRow{}).Where("id = ? AND version = ?", l.ID, version).Updates(map[string]any{
		"amount": r.Amount, "status": r.Status, "matching": r.Matching, "milestone_id": r.MilestoneID,
		"replaced_at": r.ReplacedAt, "version": r.Version, "updated_at": r.UpdatedAt})
	return guarded(res, "funding line", l.ID)
}

// LockFunding locks the project's row until commit (SQLite's write
// transactions are serial already), so concurrent funding changes of one
// project check the rules one after another.
func (s *Projects) LockFunding(ctx context.Context, projectID string) error {
	if s.db.dialect != Postgres {
		return nil
	}
	return translate(s.db.conn(ctx).Exec("SELECT id FROM projects WHERE id = ? FOR UPDATE", projectID).Error)
}
