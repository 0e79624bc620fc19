package store

import (
	"context"
	"errors"
	"strconv"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"gorm.io/gorm"
)

// kpiRow: target and actual are the numbers; target_text and actual_text
// keep what was stated before KPIs were numbers, and the numbers as text since.
type kpiRow struct {
	ID          string `gorm:"primaryKey"`
	ProjectID   string
	Name        string
	TargetText  string `gorm:"column:target"`
	ActualText  string `gorm:"column:actual"`
	TargetValue float64
	ActualValue *float64
	Direction   string
	Unit        string
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (kpiRow) TableName() string { return "kpis" }

func (r kpiRow) domain() project.KPI {
	return project.KPI{ID: r.ID, ProjectID: r.ProjectID, Name: r.Name, Target: r.TargetValue, Actual: r.ActualValue,
		Unit: r.Unit, Direction: project.Direction(r.Direction), Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func number(v *float64) string {
	if v == nil {
		return ""
	}
	return strconv.FormatFloat(*v, 'f', -1, 64)
}

func (s *Projects) KPIs(ctx context.Context, projectID string) ([]project.KPI, error) {
	var rows []kpiRow
	if err := s.db.conn(ctx).Where("project_id = ?", projectID).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]project.KPI, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Projects) GetKPI(ctx context.Context, id string) (project.KPI, error) {
	var r kpiRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&r).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return project.KPI{}, domain.NotFound(domain.Msg("KPI %s not found", "未找到考核指标 %s"), id)
		}
		return project.KPI{}, translate(err)
	}
	return r.domain(), nil
}

func (s *Projects) CreateKPI(ctx context.Context, k project.KPI) error {
	row := kpiRow{ID: k.ID, ProjectID: k.ProjectID, Name: k.Name, TargetText: number(&k.Target), ActualText: number(k.Actual),
		TargetValue: k.Target, ActualValue: k.Actual, Direction: string(k.Direction), Unit: k.Unit,
		Version: k.Version, CreatedAt: k.CreatedAt.UTC(), UpdatedAt: k.UpdatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Projects) UpdateKPI(ctx context.Context, k project.KPI, version int) error {
	res := s.db.conn(ctx).Model(&kpiRow{}).Where("id = ? AND version = ?", k.ID, version).Updates(map[string]any{
		"name": k.Name, "target": number(&k.Target), "actual": number(k.Actual), "target_value": k.Target, "actual_value": k.Actual,
		"direction": string(k.Direction), "unit": k.Unit, "version": k.Version, "updated_at": k.UpdatedAt.UTC()})
	return guarded(res, "KPI", k.ID)
}

type kpiActualRow struct {
	ID         string `gorm:"primaryKey"`
	KPIID      string `gorm:"column:kpi_id"`
	ProjectID  string
	Value      float64
	Date       domain.Date
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
		return project.KPIActual{}, domain.NotFound(domain.Msg("KPI %s has no actual value", "考核指标 %s 尚无实际值"), kpiID)
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
