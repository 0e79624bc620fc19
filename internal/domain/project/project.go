// Package project owns projects of the 科创甬江2035 key R&D plan: their
// members, funding lines and stage history. Projects come from awarded
// challenges, from direct applications and from consortia.
package project

import (
	"context"
	"fmt"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

// Stage of a project (科技攻关 → 场景验证 → 产业化应用).
type Stage string

const (
	StageProposal          Stage = "proposal"
	StageResearch          Stage = "research"          // 科技攻关
	StageValidation        Stage = "validation"        // 场景验证
	StageIndustrialization Stage = "industrialization" // 产业化应用
	StageCompleted         Stage = "completed"         // 验收
	StageRejected          Stage = "rejected"
	StageTerminated        Stage = "terminated"
)

// Origin says how a project came about.
type Origin string

const (
	OriginChallenge   Origin = "challenge"
	OriginApplication Origin = "application"
	OriginConsortium  Origin = "consortium"
)

// MemberRole is an organization's part in a project.
type MemberRole string

const (
	RoleLead             MemberRole = "lead"
	RolePartner          MemberRole = "partner"
	RoleDemandSide       MemberRole = "demand_side"
	RoleScenarioProvider MemberRole = "scenario_provider"
	RoleInvestor         MemberRole = "investor"
)

// Member is an organization taking part.
type Member struct {
	OrganizationID string
	Role           MemberRole
	CreatedAt      time.Time
}

// Funding sources and statuses.
type (
	Source        string
	FundingStatus string
)

const (
	SourceMunicipal  Source = "municipal"
	SourceProvincial Source = "provincial"
	SourceNational   Source = "national"
	SourceEnterprise Source = "enterprise"
	SourceInvestment Source = "investment"

	FundingPlanned   FundingStatus = "planned"
	FundingCommitted FundingStatus = "committed"
	FundingDisbursed FundingStatus = "disbursed"
)

// FundingLine is money for a project from one source.
type FundingLine struct {
	ID              string
	ProjectID       string
	Source          Source
	Amount          int64 // yuan
	Status          FundingStatus
	Matching        bool   // a municipal 1:1 matching line
	MilestoneID     string // a tranche tied to a milestone
	HolderOrgID     string // for investment lines: the financial organization
	ConvertedFromID string // 拨改投: the municipal line this one replaced
	Version         int
	CreatedAt       time.Time
	UpdatedAt       time.Time
}

// StageChange is one entry of the stage history.
type StageChange struct {
	ID         string
	ProjectID  string
	From       Stage // "" for the first entry
	To         Stage
	ActorID    string
	Reason     string
	Evidence   string
	OccurredAt time.Time
}

// Project is a project of the key R&D plan.
type Project struct {
	ID           string
	Code         string // YJ2035-<year>-<seq>, assigned on approval
	Title        string
	Summary      string
	Category     string
	FieldID      string
	LeadOrgID    string
	ConsortiumID string
	Origin       Origin
	ChallengeID  string
	Stage        Stage
	TRL          int
	Budget       int64
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// FormatCode makes a project code.
func FormatCode(year, seq int) string { return fmt.Sprintf("YJ2035-%d-%04d", year, seq) }

// Repository stores projects.
type Repository interface {
	Create(ctx context.Context, p Project, members []Member, lines []FundingLine, first StageChange) error
	Get(ctx context.Context, id string) (Project, error)
	Members(ctx context.Context, id string) ([]Member, error)
	IsMember(ctx context.Context, projectID, orgID string) (bool, error)
	FundingLines(ctx context.Context, id string) ([]FundingLine, error)
	History(ctx context.Context, id string) ([]StageChange, error)
	// NextCode takes the next sequence number of the year; it must run in the
	// caller's transaction so that a rolled-back approval leaves no gap.
	NextCode(ctx context.Context, year int) (int, error)
}

// Service is the project use cases.
type Service struct {
	repo  Repository
	tx    domain.Transactor
	audit *audit.Service
	clock domain.Clock
}

func NewService(repo Repository, tx domain.Transactor, a *audit.Service, clock domain.Clock) *Service {
	return &Service{repo: repo, tx: tx, audit: a, clock: clock}
}

// Award describes the project an awarded challenge becomes.
type Award struct {
	ProjectID   string // chosen by the caller (it is recorded on the challenge in the same transaction)
	ChallengeID string
	Title       string
	Summary     string
	Category    string
	FieldID     string
	TRL         int
	Budget      int64
	LeadOrgID   string   // the winning organization
	PartnerIDs  []string // its partners
	OwnerOrgID  string   // the enterprise that posed the challenge: demand side
	// The owner's commitment and the approved government funding.
	EnterpriseCommitment int64
	GovernmentFunding    int64
}

// CreateFromAward creates the project of an award in the caller's
// transaction: stage research, origin challenge, a code, its members and
// funding lines, and the first entry of its history.
func (s *Service) CreateFromAward(ctx context.Context, actor domain.Actor, a Award) (Project, error) {
	now := s.clock.Now()
	seq, err := s.repo.NextCode(ctx, now.Year())
	if err != nil {
		return Project{}, err
	}
	if a.ProjectID == "" {
		a.ProjectID = domain.NewID()
	}
	p := Project{ID: a.ProjectID, Code: FormatCode(now.Year(), seq), Title: a.Title, Summary: a.Summary,
		Category: a.Category, FieldID: a.FieldID, LeadOrgID: a.LeadOrgID, Origin: OriginChallenge,
		ChallengeID: a.ChallengeID, Stage: StageResearch, TRL: a.TRL, Budget: a.Budget, Version: 1,
		CreatedAt: now, UpdatedAt: now}
	members := []Member{{OrganizationID: a.LeadOrgID, Role: RoleLead, CreatedAt: now}}
	seen := map[string]bool{a.LeadOrgID: true}
	for _, id := range a.PartnerIDs {
		if !seen[id] {
			seen[id] = true
			members = append(members, Member{OrganizationID: id, Role: RolePartner, CreatedAt: now})
		}
	}
	if !seen[a.OwnerOrgID] {
		members = append(members, Member{OrganizationID: a.OwnerOrgID, Role: RoleDemandSide, CreatedAt: now})
	}
	var lines []FundingLine
	add := func(src Source, amount int64) {
		if amount > 0 {
			lines = append(lines, FundingLine{ID: domain.NewID(), ProjectID: p.ID, Source: src, Amount: amount,
				Status: FundingCommitted, Version: 1, CreatedAt: now, UpdatedAt: now})
		}
	}
	add(SourceEnterprise, a.EnterpriseCommitment)
	add(SourceMunicipal, a.GovernmentFunding)
	first := StageChange{ID: domain.NewID(), ProjectID: p.ID, From: "", To: StageResearch, ActorID: actor.UserID,
		Reason: "awarded from challenge " + a.ChallengeID, OccurredAt: now}
	if err := s.repo.Create(ctx, p, members, lines, first); err != nil {
		return Project{}, err
	}
	return p, s.audit.Record(ctx, actor, audit.Entry{Action: "project.create", Entity: "project", EntityID: p.ID,
		Changes: map[string]any{"code": p.Code, "origin": p.Origin, "challenge_id": a.ChallengeID, "lead_org_id": a.LeadOrgID,
			"stage": p.Stage, "members": len(members), "funding_lines": len(lines)}})
}

// Details is a project with its members and funding.
type Details struct {
	Project
	Members []Member
	Funding []FundingLine
}

// CanRead: members, program managers and admins.
func (s *Service) canRead(ctx context.Context, actor domain.Actor, id string) error {
	if actor.Is(domain.RoleProgramManager, domain.RoleAdmin) {
		return nil
	}
	if actor.IsAnonymous() {
		return domain.NotFound("project %s not found", id)
	}
	ok, err := s.repo.IsMember(ctx, id, actor.OrgID)
	if err != nil {
		return err
	}
	if !ok {
		return domain.NotFound("project %s not found", id)
	}
	return nil
}

// Get returns a project the caller may read, with members and funding lines.
func (s *Service) Get(ctx context.Context, actor domain.Actor, id string) (Details, error) {
	p, err := s.repo.Get(ctx, id)
	if err != nil {
		return Details{}, err
	}
	if err := s.canRead(ctx, actor, id); err != nil {
		return Details{}, err
	}
	d := Details{Project: p}
	if d.Members, err = s.repo.Members(ctx, id); err != nil {
		return Details{}, err
	}
	d.Funding, err = s.repo.FundingLines(ctx, id)
	return d, err
}
