package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// After the award: KPI actuals, change requests, reports, outputs and
// disbursements (project.Repository).

var _ project.Repository = (*Projects)(nil)

type kpiActualRow struct {
	ID         string `gorm:"primaryKey"`
	KPIID      string `gorm:"column:kpi_id"`
	ProjectID  string
	Value      float64
	Date       string
	Source     string
	RecordedBy string
	CreatedAt  time.Time
}

func (kpiActualRow) TableName() string { return "kpi_actuals" }

func (r kpiActualRow) domain() project.KPIActual {
	return project.KPIActual{ID: r.ID, KPIID: r.KPIID, ProjectID: r.ProjectID, Value: r.Value, Date: r.Date, Source: r.Source,
		RecordedBy: r.RecordedBy, CreatedAt: r.CreatedAt.UTC()}
}

func (s *Projects) AddActual(ctx context.Context, x project.KPIActual) error {
	row := kpiActualRow{ID: x.ID, KPIID: x.KPIID, ProjectID: x.ProjectID, Value: x.Value, Date: x.Date, Source: x.Source,
		RecordedBy: x.RecordedBy, CreatedAt: x.CreatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Projects) LatestActual(ctx context.Context, kpiID string) (project.KPIActual, error) {
	var r kpiActualRow
	err := s.db.conn(ctx).Where("kpi_id = ?", kpiID).Order("date DESC, id DESC").Take(&r).Error
	if errors.Is(err, gorm.ErrRecordNotFound) {
		return project.KPIActual{}, domain.NotFound("KPI %s has no actual value", kpiID)
	}
	return r.domain(), translate(err)
}

func (s *Projects) Actuals(ctx context.Context, kpiID string) ([]project.KPIActual, error) {
	var rows []kpiActualRow
	if err := s.db.conn(ctx).Where("kpi_id = ?", kpiID).Order("date, id").Limit(1000).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return mapRows(rows, kpiActualRow.domain), nil
}

func mapRows[R, T any](rows []R, f func(R) T) []T {
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = f(r)
	}
	return out
}

func (s *Projects) RemoveMember(ctx context.Context, projectID, orgID string) error {
	res := s.db.conn(ctx).Where("project_id = ? AND organization_id = ? AND role <> ?", projectID, orgID, string(project.RoleLead)).
		Delete(&memberRow{})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Conflict("the organization is no longer a member")
	}
	return nil
}

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
		return project.ChangeRequest{}, domain.NotFound("change request %s not found", id)
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

type reportRow struct {
	ID           string `gorm:"primaryKey"`
	ProjectID    string
	Kind         string
	Title        string
	DueDate      string
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
		return project.Report{}, domain.NotFound("report %s not found", id)
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

type outputRow struct {
	ID        string `gorm:"primaryKey"`
	ProjectID string
	Type      string
	Title     string
	Reference string
	Date      string
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
		return project.Output{}, domain.NotFound("output %s not found", id)
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
		return domain.Conflict("output %s was removed by someone else", id)
	}
	return nil
}

type disbursementRow struct {
	ID            string `gorm:"primaryKey"`
	FundingLineID string
	ProjectID     string
	Amount        int64
	Date          string
	DocumentID    *string
	CreatedBy     string
	CreatedAt     time.Time
}

func (disbursementRow) TableName() string { return "disbursements" }

func (r disbursementRow) domain() project.Disbursement {
	return project.Disbursement{ID: r.ID, FundingLineID: r.FundingLineID, ProjectID: r.ProjectID, Amount: r.Amount, Date: r.Date,
		DocumentID: deref(r.DocumentID), CreatedBy: r.CreatedBy, CreatedAt: r.CreatedAt.UTC()}
}

func (s *Projects) CreateDisbursement(ctx context.Context, d project.Disbursement) error {
	row := disbursementRow{ID: d.ID, FundingLineID: d.FundingLineID, ProjectID: d.ProjectID, Amount: d.Amount, Date: d.Date,
		DocumentID: nullable(d.DocumentID), CreatedBy: d.CreatedBy, CreatedAt: d.CreatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Projects) Disbursements(ctx context.Context, lineID string) ([]project.Disbursement, error) {
	var rows []disbursementRow
	if err := s.db.conn(ctx).Where("funding_line_id = ?", lineID).Order("id").Limit(1000).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return mapRows(rows, disbursementRow.domain), nil
}

func (s *Projects) DisbursedTotal(ctx context.Context, lineID string) (int64, error) {
	var total int64
	err := s.db.conn(ctx).Model(&disbursementRow{}).Where("funding_line_id = ?", lineID).Select("COALESCE(SUM(amount), 0)").Scan(&total).Error
	return total, translate(err)
}
