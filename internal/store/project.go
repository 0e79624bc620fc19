package store

import (
	"context"
	"encoding/json"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"gorm.io/gorm"
)

type projectRow struct {
	ID             string `gorm:"primaryKey"`
	Code           *string
	Title          string
	Summary        string
	Category       *string
	FieldID        *string
	LeadOrgID      string
	ConsortiumID   *string
	Origin         string
	ChallengeID    *string
	Stage          string
	TRL            int `gorm:"column:trl"`
	Budget         int64
	ProposedBudget int64
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (projectRow) TableName() string { return "projects" }

func (r projectRow) domain() project.Project {
	return project.Project{ID: r.ID, Code: deref(r.Code), Title: r.Title, Summary: r.Summary, Category: deref(r.Category),
		FieldID: deref(r.FieldID), LeadOrgID: r.LeadOrgID, ConsortiumID: deref(r.ConsortiumID), Origin: project.Origin(r.Origin),
		ChallengeID: deref(r.ChallengeID), Stage: project.Stage(r.Stage), TRL: r.TRL, Budget: r.Budget,
		ProposedBudget: r.ProposedBudget, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type stageRow struct {
	ID          string `gorm:"primaryKey"`
	ProjectID   string
	FromStage   string
	ToStage     string
	ActorID     string
	Reason      string
	Evidence    string
	DocumentIDs string `gorm:"column:document_ids"`
	OccurredAt  time.Time
}

func (stageRow) TableName() string { return "project_stage_history" }

// Projects implements project.Repository.
type Projects struct{ db *DB }

func (db *DB) Projects() *Projects { return &Projects{db} }

func (s *Projects) Create(ctx context.Context, p project.Project, members []project.Member, lines []project.FundingLine, first project.StageChange) error {
	tx := s.db.conn(ctx)
	row := projectRow{ID: p.ID, Code: nullable(p.Code), Title: p.Title, Summary: p.Summary, Category: nullable(p.Category),
		FieldID: nullable(p.FieldID), LeadOrgID: p.LeadOrgID, ConsortiumID: nullable(p.ConsortiumID), Origin: string(p.Origin),
		ChallengeID: nullable(p.ChallengeID), Stage: string(p.Stage), TRL: p.TRL, Budget: p.Budget, ProposedBudget: p.ProposedBudget,
		Version: p.Version, CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC()}
	if err := tx.Create(&row).Error; err != nil {
		return translate(err)
	}
	if len(members) > 0 {
		ms := make([]memberRow, len(members))
		for i, m := range members {
			ms[i] = memberRow{ProjectID: p.ID, OrganizationID: m.OrganizationID, Role: string(m.Role), CreatedAt: m.CreatedAt.UTC()}
		}
		if err := s.db.conn(ctx).Create(&ms).Error; err != nil {
			return translate(err)
		}
	}
	if len(lines) > 0 {
		fs := make([]fundingRow, len(lines))
		for i, l := range lines {
			fs[i] = fundingRowOf(l)
		}
		if err := s.db.conn(ctx).Create(&fs).Error; err != nil {
			return translate(err)
		}
	}
	h := stageRow{ID: first.ID, ProjectID: p.ID, FromStage: string(first.From), ToStage: string(first.To), ActorID: first.ActorID,
		Reason: first.Reason, Evidence: first.Evidence, DocumentIDs: documentIDs(first.DocumentIDs), OccurredAt: first.OccurredAt.UTC()}
	return translate(s.db.conn(ctx).Create(&h).Error)
}

func (s *Projects) Get(ctx context.Context, id string) (project.Project, error) {
	var row projectRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return project.Project{}, domain.NotFound(domain.Msg("project %s not found", "未找到项目 %s"), id)
		}
		return project.Project{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Projects) History(ctx context.Context, id string) ([]project.StageChange, error) {
	var rows []stageRow
	if err := s.db.conn(ctx).Where("project_id = ?", id).Order("occurred_at, id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]project.StageChange, len(rows))
	for i, r := range rows {
		out[i] = project.StageChange{ID: r.ID, ProjectID: r.ProjectID, From: project.Stage(r.FromStage), To: project.Stage(r.ToStage),
			ActorID: r.ActorID, Reason: r.Reason, Evidence: r.Evidence, OccurredAt: r.OccurredAt.UTC()}
		_ = json.Unmarshal([]byte(r.DocumentIDs), &out[i].DocumentIDs) // written by documentIDs only
	}
	return out, nil
}

// NextCode increments the year's counter in the caller's transaction: the
// row stays locked until commit, so concurrent approvals queue and a
// rolled-back one gives its number back.
func (s *Projects) NextCode(ctx context.Context, year int) (int, error) {
	tx := s.db.conn(ctx)
	if err := tx.Exec("INSERT INTO project_code_counters (year, last) VALUES (?, 0) ON CONFLICT (year) DO NOTHING", year).Error; err != nil {
		return 0, translate(err)
	}
	var last int
	if err := tx.Raw("UPDATE project_code_counters SET last = last + 1 WHERE year = ? RETURNING last", year).Scan(&last).Error; err != nil {
		return 0, translate(err)
	}
	return last, nil
}

func projectRowOf(p project.Project) projectRow {
	return projectRow{ID: p.ID, Code: nullable(p.Code), Title: p.Title, Summary: p.Summary, Category: nullable(p.Category),
		FieldID: nullable(p.FieldID), LeadOrgID: p.LeadOrgID, ConsortiumID: nullable(p.ConsortiumID), Origin: string(p.Origin),
		ChallengeID: nullable(p.ChallengeID), Stage: string(p.Stage), TRL: p.TRL, Budget: p.Budget, ProposedBudget: p.ProposedBudget,
		Version: p.Version, CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC()}
}

func (s *Projects) List(ctx context.Context, f project.Filter, p domain.Page) ([]project.Project, error) {
	q := s.db.conn(ctx).Model(&projectRow{})
	if f.MemberOrg != "" {
		q = q.Where("id IN (SELECT project_id FROM project_members WHERE organization_id = ?)", f.MemberOrg)
	}
	if f.Stage != "" {
		q = q.Where("stage = ?", string(f.Stage))
	}
	if f.Category != "" {
		q = q.Where("category = ?", f.Category)
	}
	if f.FieldID != "" {
		q = q.Where("(field_id = ? OR field_id IN (SELECT id FROM fields WHERE parent_id = ?))", f.FieldID, f.FieldID)
	}
	if f.District != "" {
		q = q.Where("lead_org_id IN (SELECT id FROM organizations WHERE district = ?)", f.District)
	}
	if f.ConsortiumID != "" {
		q = q.Where("consortium_id = ?", f.ConsortiumID)
	}
	if f.Year != 0 {
		from := time.Date(f.Year, 1, 1, 0, 0, 0, 0, time.UTC)
		q = q.Where("created_at >= ? AND created_at < ?", from, from.AddDate(1, 0, 0))
	}
	if f.Query != "" {
		pat := likePattern(f.Query)
		q = q.Where("(LOWER(title) LIKE ? ESCAPE '\\' OR LOWER(summary) LIKE ? ESCAPE '\\' OR LOWER(code) LIKE ? ESCAPE '\\')", pat, pat, pat)
	}
	if p.After != "" {
		q = q.Where("id < ?", p.After)
	}
	var rows []projectRow
	if err := q.Order("id DESC").Limit(p.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]project.Project, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Projects) Update(ctx context.Context, p project.Project, version int) error {
	r := projectRowOf(p)
	res := s.db.conn(ctx).Model(&projectRow{}).Where("id = ? AND version = ?", p.ID, version).Updates(map[string]any{
		"title": r.Title, "summary": r.Summary, "category": r.Category, "field_id": r.FieldID, "budget": r.Budget,
		"trl": r.TRL, "version": p.Version, "updated_at": r.UpdatedAt})
	return guarded(res, "project", p.ID)
}

func (s *Projects) MoveStage(ctx context.Context, id string, from project.Stage, version int, to project.Stage, code string, at time.Time) error {
	cols := map[string]any{"stage": string(to), "version": gorm.Expr("version + 1"), "updated_at": at.UTC()}
	if code != "" {
		cols["code"] = code
	}
	res := s.db.conn(ctx).Model(&projectRow{}).Where("id = ? AND stage = ? AND version = ?", id, string(from), version).Updates(cols)
	return guarded(res, "project", id)
}

func (s *Projects) AddHistory(ctx context.Context, h project.StageChange) error {
	row := stageRow{ID: h.ID, ProjectID: h.ProjectID, FromStage: string(h.From), ToStage: string(h.To), ActorID: h.ActorID,
		Reason: h.Reason, Evidence: h.Evidence, DocumentIDs: documentIDs(h.DocumentIDs), OccurredAt: h.OccurredAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func documentIDs(ids []string) string {
	if ids == nil {
		ids = []string{}
	}
	return mustJSON(ids)
}

var _ project.Repository = (*Projects)(nil)
