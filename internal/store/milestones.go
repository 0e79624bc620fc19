package store

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"gorm.io/gorm"
)

type milestoneRow struct {
	ID          string `gorm:"primaryKey"`
	ProjectID   string
	Title       string
	DueDate     domain.Date
	Stage       string
	Deliverable string
	Status      string
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (milestoneRow) TableName() string { return "milestones" }

func (r milestoneRow) domain() project.Milestone {
	return project.Milestone{ID: r.ID, ProjectID: r.ProjectID, Title: r.Title, DueDate: r.DueDate, Stage: project.Stage(r.Stage),
		Deliverable: r.Deliverable, Status: project.MilestoneStatus(r.Status), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func milestoneRowOf(m project.Milestone) milestoneRow {
	return milestoneRow{ID: m.ID, ProjectID: m.ProjectID, Title: m.Title, DueDate: m.DueDate, Stage: string(m.Stage),
		Deliverable: m.Deliverable, Status: string(m.Status), Version: m.Version, CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC()}
}

func (s *Projects) Milestones(ctx context.Context, projectID string) ([]project.Milestone, error) {
	var rows []milestoneRow
	if err := s.db.conn(ctx).Where("project_id = ?", projectID).Order("due_date, id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]project.Milestone, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Projects) GetMilestone(ctx context.Context, id string) (project.Milestone, error) {
	var row milestoneRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return project.Milestone{}, domain.NotFound(domain.Msg("milestone %s not found", "未找到里程碑 %s"), id)
		}
		return project.Milestone{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Projects) CreateMilestone(ctx context.Context, m project.Milestone) error {
	row := milestoneRowOf(m)
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Projects) UpdateMilestone(ctx context.Context, m project.Milestone, version int) error {
	r := milestoneRowOf(m)
	res := s.db.conn(ctx).Model(&milestoneRow{}).Where("id = ? AND version = ?", m.ID, version).Updates(map[string]any{
		"title": r.Title, "due_date": r.DueDate, "stage": r.Stage, "deliverable": r.Deliverable, "status": r.Status,
		"version": r.Version, "updated_at": r.UpdatedAt})
	return guarded(res, "milestone", m.ID)
}
