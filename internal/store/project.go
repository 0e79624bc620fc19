package store

import (
	"context"
	"encoding/json"
	"strconv"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
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

type memberRow struct {
	ProjectID      string `gorm:"primaryKey"`
	OrganizationID string `gorm:"primaryKey"`
	Role           string
	CreatedAt      time.Time
}

func (memberRow) TableName() string { return "project_members" }

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
			return project.Project{}, domain.NotFound("project %s not found", id)
		}
		return project.Project{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Projects) Members(ctx context.Context, id string) ([]project.Member, error) {
	var rows []memberRow
	if err := s.db.conn(ctx).Where("project_id = ?", id).Order("created_at, organization_id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]project.Member, len(rows))
	for i, r := range rows {
		out[i] = project.Member{OrganizationID: r.OrganizationID, Role: project.MemberRole(r.Role), CreatedAt: r.CreatedAt.UTC()}
	}
	return out, nil
}

func (s *Projects) IsMember(ctx context.Context, projectID, orgID string) (bool, error) {
	var n int64
	err := s.db.conn(ctx).Model(&memberRow{}).Where("project_id = ? AND organization_id = ?", projectID, orgID).Count(&n).Error
	return n > 0, translate(err)
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

func (s *Projects) AddMember(ctx context.Context, projectID string, m project.Member) error {
	row := memberRow{ProjectID: projectID, OrganizationID: m.OrganizationID, Role: string(m.Role), CreatedAt: m.CreatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

type milestoneRow struct {
	ID          string `gorm:"primaryKey"`
	ProjectID   string
	Title       string
	DueDate     string
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
			return project.Milestone{}, domain.NotFound("milestone %s not found", id)
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
			return project.KPI{}, domain.NotFound("KPI %s not found", id)
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

func (s *Projects) GetFunding(ctx context.Context, id string) (project.FundingLine, error) {
	var row fundingRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return project.FundingLine{}, domain.NotFound("funding line %s not found", id)
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

func documentIDs(ids []string) string {
	if ids == nil {
		ids = []string{}
	}
	return mustJSON(ids)
}
