package store

import (
	"context"
	"errors"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"gorm.io/gorm"
)

type outputRow struct {
	ID        string `gorm:"primaryKey"`
	ProjectID string
	Type      string
	Title     string
	Reference string
	Date      domain.Date
	Landmark  bool
	CreatedBy string
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

func (outputRow) TableName() string { return "outputs" }

func (r outputRow) domain() project.Output {
	return project.Output{ID: r.ID, ProjectID: r.ProjectID, Type: project.OutputType(r.Type), Title: r.Title, Reference: r.Reference,
		Date: r.Date, Landmark: r.Landmark, CreatedBy: r.CreatedBy, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func (s *Projects) Outputs(ctx context.Context, projectID string) ([]project.Output, error) {
	var rows []outputRow
	if err := s.db.conn(ctx).Where("project_id = ?", projectID).Order("id DESC").Limit(1000).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return mapRows(rows, outputRow.domain), nil
}

func (s *Projects) GetOutput(ctx context.Context, id string) (project.Output, error) {
	var r outputRow
	err := s.db.conn(ctx).Where("id = ?", id).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return project.Output{}, domain.NotFound(domain.Msg("output %s not found", "未找到成果 %s"), id)
	}
	return r.domain(), translate(err)
}

func (s *Projects) CreateOutput(ctx context.Context, o project.Output) error {
	row := outputRow{ID: o.ID, ProjectID: o.ProjectID, Type: string(o.Type), Title: o.Title, Reference: o.Reference, Date: o.Date,
		Landmark: o.Landmark, CreatedBy: o.CreatedBy, Version: o.Version, CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Projects) UpdateOutput(ctx context.Context, o project.Output, version int) error {
	res := s.db.conn(ctx).Model(&outputRow{}).Where("id = ? AND version = ?", o.ID, version).Updates(map[string]any{
		"type": string(o.Type), "title": o.Title, "reference": o.Reference, "date": o.Date, "landmark": o.Landmark,
		"version": o.Version, "updated_at": o.UpdatedAt.UTC()})
	return guarded(res, "output", o.ID)
}

func (s *Projects) DeleteOutput(ctx context.Context, id string) error {
	res := s.db.conn(ctx).Where("id = ?", id).Delete(&outputRow{})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Conflict(domain.Msg("output %s was removed by someone else", "成果 %s 已被他人删除"), id)
	}
	return nil
}
