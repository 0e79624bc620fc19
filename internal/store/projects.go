package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
)

type projectRow struct {
	ID           string `gorm:"primaryKey"`
	Code         *string
	Title        string
	Summary      string
	Category     *string
	FieldID      *string
	LeadOrgID    string
	ConsortiumID *string
	Origin       string
	ChallengeID  *string
	Stage        string
	TRL          int `gorm:"column:trl"`
	Budget       int64
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

func (projectRow) TableName() string { return "projects" }

func (r projectRow) domain() project.Project {
	return project.Project{ID: r.ID, Code: deref(r.Code), Title: r.Title, Summary: r.Summary, Category: deref(r.Category),
		FieldID: deref(r.FieldID), LeadOrgID: r.LeadOrgID, ConsortiumID: deref(r.ConsortiumID), Origin: project.Origin(r.Origin),
		ChallengeID: deref(r.ChallengeID), Stage: project.Stage(r.Stage), TRL: r.TRL, Budget: r.Budget, Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
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
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

func (fundingRow) TableName() string { return "funding_lines" }

func (r fundingRow) domain() project.FundingLine {
	return project.FundingLine{ID: r.ID, ProjectID: r.ProjectID, Source: project.Source(r.Source), Amount: r.Amount,
		Status: project.FundingStatus(r.Status), Matching: r.Matching, MilestoneID: deref(r.MilestoneID),
		HolderOrgID: deref(r.HolderOrgID), ConvertedFromID: deref(r.ConvertedFromID), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type stageRow struct {
	ID         string `gorm:"primaryKey"`
	ProjectID  string
	FromStage  string
	ToStage    string
	ActorID    string
	Reason     string
	Evidence   string
	OccurredAt time.Time
}

func (stageRow) TableName() string { return "project_stage_history" }

type counterRow struct {
	Year int `gorm:"primaryKey;autoIncrement:false"`
	Last int
}

func (counterRow) TableName() string { return "project_code_counters" }

// Projects implements project.Repository.
type Projects struct{ db *DB }

func (db *DB) Projects() *Projects { return &Projects{db} }

func (s *Projects) Create(ctx context.Context, p project.Project, members []project.Member, lines []project.FundingLine, first project.StageChange) error {
	tx := s.db.conn(ctx)
	row := projectRow{ID: p.ID, Code: nullable(p.Code), Title: p.Title, Summary: p.Summary, Category: nullable(p.Category),
		FieldID: nullable(p.FieldID), LeadOrgID: p.LeadOrgID, ConsortiumID: nullable(p.ConsortiumID), Origin: string(p.Origin),
		ChallengeID: nullable(p.ChallengeID), Stage: string(p.Stage), TRL: p.TRL, Budget: p.Budget, Version: p.Version,
		CreatedAt: p.CreatedAt.UTC(), UpdatedAt: p.UpdatedAt.UTC()}
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
			fs[i] = fundingRow{ID: l.ID, ProjectID: p.ID, Source: string(l.Source), Amount: l.Amount, Status: string(l.Status),
				Matching: l.Matching, MilestoneID: nullable(l.MilestoneID), HolderOrgID: nullable(l.HolderOrgID),
				ConvertedFromID: nullable(l.ConvertedFromID), Version: l.Version, CreatedAt: l.CreatedAt.UTC(), UpdatedAt: l.UpdatedAt.UTC()}
		}
		if err := s.db.conn(ctx).Create(&fs).Error; err != nil {
			return translate(err)
		}
	}
	h := stageRow{ID: first.ID, ProjectID: p.ID, FromStage: string(first.From), ToStage: string(first.To), ActorID: first.ActorID,
		Reason: first.Reason, Evidence: first.Evidence, OccurredAt: first.OccurredAt.UTC()}
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
	if err := s.db.conn(ctx).Where("project_id = ?", id).Order("id").Find(&rows).Error; err != nil {
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
