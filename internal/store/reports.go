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

type reportRow struct {
	ID           string `gorm:"primaryKey"`
	ProjectID    string
	Kind         string
	Title        string
	DueDate      domain.Date
	Status       string
	Text         string
	KPIActuals   string `gorm:"column:kpi_actuals"`
	Spent        *int64
	ReturnReason string
	SubmittedAt  *time.Time
	DecidedAt    *time.Time
	RemindedAt   *time.Time
	CreatedBy    string
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (reportRow) TableName() string { return "reports" }

func (r reportRow) domain() project.Report {
	out := project.Report{ID: r.ID, ProjectID: r.ProjectID, Kind: project.ReportKind(r.Kind), Title: r.Title, DueDate: r.DueDate,
		Status: project.ReportStatus(r.Status), Text: r.Text, Spent: r.Spent, ReturnReason: r.ReturnReason,
		SubmittedAt: utcPtr(r.SubmittedAt), DecidedAt: utcPtr(r.DecidedAt), RemindedAt: utcPtr(r.RemindedAt), CreatedBy: r.CreatedBy,
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
	_ = json.Unmarshal([]byte(r.KPIActuals), &out.KPIActuals)
	return out
}

func reportRowOf(r project.Report) reportRow {
	vals := r.KPIActuals
	if vals == nil {
		vals = []project.KPIValue{}
	}
	return reportRow{ID: r.ID, ProjectID: r.ProjectID, Kind: string(r.Kind), Title: r.Title, DueDate: r.DueDate, Status: string(r.Status),
		Text: r.Text, KPIActuals: mustJSON(vals), Spent: r.Spent, ReturnReason: r.ReturnReason, SubmittedAt: utcPtr(r.SubmittedAt),
		DecidedAt: utcPtr(r.DecidedAt), RemindedAt: utcPtr(r.RemindedAt), CreatedBy: r.CreatedBy, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func (s *Projects) CreateReport(ctx context.Context, r project.Report) error {
	row := reportRowOf(r)
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Projects) GetReport(ctx context.Context, id string) (project.Report, error) {
	var r reportRow
	err := s.db.conn(ctx).Where("id = ?", id).Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return project.Report{}, domain.NotFound(domain.Msg("report %s not found", "未找到报告 %s"), id)
	}
	return r.domain(), translate(err)
}

func (s *Projects) Reports(ctx context.Context, projectID string) ([]project.Report, error) {
	var rows []reportRow
	if err := s.db.conn(ctx).Where("project_id = ?", projectID).Order("due_date, id").Limit(500).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return mapRows(rows, reportRow.domain), nil
}

func (s *Projects) UpdateReport(ctx context.Context, r project.Report, version int) error {
	row := reportRowOf(r)
	res := s.db.conn(ctx).Model(&reportRow{}).Where("id = ? AND version = ?", r.ID, version).Updates(map[string]any{
		"status": row.Status, "text": row.Text, "kpi_actuals": row.KPIActuals, "spent": row.Spent, "return_reason": row.ReturnReason,
		"submitted_at": row.SubmittedAt, "decided_at": row.DecidedAt, "version": row.Version, "updated_at": row.UpdatedAt})
	return guarded(res, "report", r.ID)
}

func (s *Projects) ReportsToRemind(ctx context.Context, horizon string, limit int) ([]project.Report, error) {
	var rows []reportRow
	err := s.db.conn(ctx).Where("status IN ? AND due_date <= ? AND reminded_at IS NULL",
		[]string{string(project.ReportDue), string(project.ReportReturned)}, horizon).Order("due_date, id").Limit(limit).Find(&rows).Error
	if err != nil {
		return nil, translate(err)
	}
	return mapRows(rows, reportRow.domain), nil
}

// ClaimReminder is a conditional update: of several processes claiming the
// same report at once exactly one changes the row.
func (s *Projects) ClaimReminder(ctx context.Context, id string, at time.Time) (bool, error) {
	res := s.db.conn(ctx).Model(&reportRow{}).Where("id = ? AND reminded_at IS NULL", id).Update("reminded_at", at.UTC())
	return res.RowsAffected == 1, translate(res.Error)
}
