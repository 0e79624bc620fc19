package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/scenario"
)

type scenarioRow struct {
	ID            string `gorm:"primaryKey"`
	ProviderID    string
	Title         string
	Description   string
	FieldID       *string
	Capacity      string
	AvailableFrom domain.Date
	AvailableTo   domain.Date
	Version       int
	CreatedAt     time.Time
	UpdatedAt     time.Time
}

func (scenarioRow) TableName() string { return "scenarios" }

func (r scenarioRow) domain() scenario.Scenario {
	return scenario.Scenario{ID: r.ID, ProviderID: r.ProviderID, Title: r.Title, Description: r.Description,
		FieldID: deref(r.FieldID), Capacity: r.Capacity, AvailableFrom: r.AvailableFrom, AvailableTo: r.AvailableTo,
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func scenarioRowOf(s scenario.Scenario) scenarioRow {
	return scenarioRow{ID: s.ID, ProviderID: s.ProviderID, Title: s.Title, Description: s.Description, FieldID: nullable(s.FieldID),
		Capacity: s.Capacity, AvailableFrom: s.AvailableFrom, AvailableTo: s.AvailableTo, Version: s.Version,
		CreatedAt: s.CreatedAt.UTC(), UpdatedAt: s.UpdatedAt.UTC()}
}

type applicationRow struct {
	ID         string `gorm:"primaryKey"`
	ScenarioID string
	ProjectID  string
	Plan       string
	Status     string
	Result     string
	Report     string
	DecidedAt  *time.Time
	ReportedAt *time.Time
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (applicationRow) TableName() string { return "scenario_applications" }

func (r applicationRow) domain() scenario.Application {
	return scenario.Application{ID: r.ID, ScenarioID: r.ScenarioID, ProjectID: r.ProjectID, Plan: r.Plan,
		Status: scenario.Status(r.Status), Result: scenario.Result(r.Result), Report: r.Report, DecidedAt: utcPtr(r.DecidedAt),
		ReportedAt: utcPtr(r.ReportedAt), Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// Scenarios implements scenario.Repository.
type Scenarios struct{ db *DB }

func (db *DB) Scenarios() *Scenarios { return &Scenarios{db} }

func (s *Scenarios) Create(ctx context.Context, sc scenario.Scenario) error {
	row := scenarioRowOf(sc)
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Scenarios) Get(ctx context.Context, id string) (scenario.Scenario, error) {
	var row scenarioRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return scenario.Scenario{}, domain.NotFound(domain.Msg("scenario %s not found", "未找到应用场景 %s"), id)
		}
		return scenario.Scenario{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Scenarios) List(ctx context.Context, f scenario.Filter, p domain.Page) ([]scenario.Scenario, error) {
	q := s.db.conn(ctx).Model(&scenarioRow{})
	if f.FieldID != "" {
		q = q.Where("(field_id = ? OR field_id IN (SELECT id FROM fields WHERE parent_id = ?))", f.FieldID, f.FieldID)
	}
	if f.Query != "" {
		pat := likePattern(f.Query)
		q = q.Where("(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(description) LIKE ? ESCAPE '\\')", pat, pat)
	}
	if f.ProviderID != "" {
		q = q.Where("provider_id = ?", f.ProviderID)
	}
	if p.After != "" {
		q = q.Where("id < ?", p.After)
	}
	var rows []scenarioRow
	if err := q.Order("id DESC").Limit(p.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]scenario.Scenario, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Scenarios) Update(ctx context.Context, sc scenario.Scenario, version int) error {
	r := scenarioRowOf(sc)
	res := s.db.conn(ctx).Model(&scenarioRow{}).Where("id = ? AND version = ?", sc.ID, version).Updates(map[string]any{
		"title": r.Title, "description": r.Description, "field_id": r.FieldID, "capacity": r.Capacity,
		"available_from": r.AvailableFrom, "available_to": r.AvailableTo, "version": r.Version, "updated_at": r.UpdatedAt})
	return guarded(res, "scenario", sc.ID)
}

func (s *Scenarios) CreateApplication(ctx context.Context, a scenario.Application) error {
	row := applicationRow{ID: a.ID, ScenarioID: a.ScenarioID, ProjectID: a.ProjectID, Plan: a.Plan, Status: string(a.Status),
		Result: string(a.Result), Report: a.Report, Version: a.Version, CreatedAt: a.CreatedAt.UTC(), UpdatedAt: a.UpdatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Scenarios) GetApplication(ctx context.Context, id string) (scenario.Application, error) {
	var row applicationRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return scenario.Application{}, domain.NotFound(domain.Msg("application %s not found", "未找到场景申请 %s"), id)
		}
		return scenario.Application{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Scenarios) UpdateApplication(ctx context.Context, a scenario.Application, version int) error {
	res := s.db.conn(ctx).Model(&applicationRow{}).Where("id = ? AND version = ?", a.ID, version).Updates(map[string]any{
		"status": string(a.Status), "result": string(a.Result), "report": a.Report, "decided_at": utcPtr(a.DecidedAt),
		"reported_at": utcPtr(a.ReportedAt), "version": a.Version, "updated_at": a.UpdatedAt.UTC()})
	return guarded(res, "application", a.ID)
}

// applicationListRow is an application with its project's title and lead
// and its scenario's title, as the lists read it.
type applicationListRow struct {
	Row           applicationRow `gorm:"embedded"` // named: GORM does not fill an unexported embedded type
	ProjectTitle  string
	ProjectLeadID string
	ScenarioTitle string
}

func (s *Scenarios) applications(ctx context.Context, where string, arg any, p *domain.Page) ([]scenario.Application, error) {
	q := s.db.conn(ctx).Table("scenario_applications AS a").
		Select("a.*, p.title AS project_title, p.lead_org_id AS project_lead_id, s.title AS scenario_title").
		Joins("JOIN projects p ON p.id = a.project_id").Joins("JOIN scenarios s ON s.id = a.scenario_id").Where(where, arg)
	if p != nil {
		if p.After != "" {
			q = q.Where("a.id < ?", p.After)
		}
		q = q.Order("a.id DESC").Limit(p.Limit)
	} else {
		q = q.Order("a.id")
	}
	var rows []applicationListRow
	if err := q.Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]scenario.Application, len(rows))
	for i, r := range rows {
		out[i] = r.Row.domain()
		out[i].ProjectTitle, out[i].ProjectLeadID, out[i].ScenarioTitle = r.ProjectTitle, r.ProjectLeadID, r.ScenarioTitle
	}
	return out, nil
}

func (s *Scenarios) ApplicationsOfProject(ctx context.Context, projectID string) ([]scenario.Application, error) {
	return s.applications(ctx, "a.project_id = ?", projectID, nil)
}

func (s *Scenarios) ApplicationsOfScenario(ctx context.Context, scenarioID string, p domain.Page) ([]scenario.Application, error) {
	return s.applications(ctx, "a.scenario_id = ?", scenarioID, &p)
}
