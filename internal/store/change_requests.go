package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"gorm.io/gorm"
)

type changeRow struct {
	ID             string `gorm:"primaryKey"`
	ProjectID      string
	Status         string
	Reason         string
	Changes        string
	ProjectVersion int
	DecisionReason string
	RequestedBy    string
	DecidedBy      *string
	DecidedAt      *time.Time
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (changeRow) TableName() string { return "change_requests" }

func (r changeRow) domain() project.ChangeRequest {
	c := project.ChangeRequest{ID: r.ID, ProjectID: r.ProjectID, Status: project.ChangeStatus(r.Status), Reason: r.Reason,
		ProjectVersion: r.ProjectVersion, DecisionReason: r.DecisionReason, RequestedBy: r.RequestedBy, DecidedBy: deref(r.DecidedBy),
		DecidedAt: utcPtr(r.DecidedAt), Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	_ = json.Unmarshal([]byte(r.Changes), &c.Changes) // written by changeRowOf only
	return c
}

func changeRowOf(c project.ChangeRequest) changeRow {
	return changeRow{ID: c.ID, ProjectID: c.ProjectID, Status: string(c.Status), Reason: c.Reason, Changes: mustJSON(c.Changes),
		ProjectVersion: c.ProjectVersion, DecisionReason: c.DecisionReason, RequestedBy: c.RequestedBy, DecidedBy: nullable(c.DecidedBy),
		DecidedAt: utcPtr(c.DecidedAt), Version: c.Version, CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()}
}

func (s *Projects) PendingChange(ctx context.Context, projectID string) (string, error) {
	var ids []string
	err := s.db.conn(ctx).Model(&changeRow{}).Where("project_id = ? AND status = ?", projectID, string(project.ChangePending)).
		Limit(1).Pluck("id", &ids).Error
	if len(ids) == 0 {
		return "", translate(err)
	}
	return ids[0], translate(err)
}

func (s *Projects) CreateChange(ctx context.Context, c project.ChangeRequest) error {
	row := changeRowOf(c)
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Projects) GetChange(ctx context.Context, id string) (project.ChangeRequest, error) {
	var r changeRow
	err := s.db.conn(ctx).Where("id = ?", id).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return project.ChangeRequest{}, domain.NotFound(domain.Msg("change request %s not found", "未找到变更申请 %s"), id)
	}
	return r.domain(), translate(err)
}

func (s *Projects) Changes(ctx context.Context, projectID string) ([]project.ChangeRequest, error) {
	var rows []changeRow
	if err := s.db.conn(ctx).Where("project_id = ?", projectID).Order("id DESC").Limit(500).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return mapRows(rows, changeRow.domain), nil
}

func (s *Projects) UpdateChange(ctx context.Context, c project.ChangeRequest, version int) error {
	r := changeRowOf(c)
	res := s.db.conn(ctx).Model(&changeRow{}).Where("id = ? AND version = ?", c.ID, version).Updates(map[string]any{
		"status": r.Status, "decision_reason": r.DecisionReason, "decided_by": r.DecidedBy, "decided_at": r.DecidedAt,
		"version": r.Version, "updated_at": r.UpdatedAt})
	return guarded(res, "change request", c.ID)
}
