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
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
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
	Matching        bool       // a municipal 1:1 matching line
	MilestoneID     string     // a tranche tied to a milestone
	HolderOrgID     string     // for investment lines: the financial organization
	ConvertedFromID string     // 拨改投: the municipal line this one replaced
	ReplacedAt      *time.Time // set on a line a 拨改投 conversion replaced; it no longer counts
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

// Filter narrows a listing of projects.
type Filter struct {
	Stage        Stage
	Category     string
	FieldID      string // a level-1 field includes its children
	District     string // the lead organization's district
	ConsortiumID string
	Year         int // the year the project started
	Query        string
	// MemberOrg limits the list to that organization's projects ("" = all: program managers, admins).
	MemberOrg string
}

// Repository stores projects and their parts.
type Repository interface {
	Create(ctx context.Context, p Project, members []Member, lines []FundingLine, first StageChange) error
	Get(ctx context.Context, id string) (Project, error)
	List(ctx context.Context, f Filter, p domain.Page) ([]Project, error)
	// Update saves the editable fields if the project is still at version.
	Update(ctx context.Context, p Project, version int) error
	// MoveStage changes the stage (and the code, if code is not "") if the
	// project is still at from and version; a conflict otherwise.
	MoveStage(ctx context.Context, id string, from Stage, version int, to Stage, code string, at time.Time) error
	AddHistory(ctx context.Context, h StageChange) error
	History(ctx context.Context, id string) ([]StageChange, error)
	// NextCode takes the next sequence number of the year; it must run in the
	// caller's transaction so that a rolled-back approval leaves no gap.
	NextCode(ctx context.Context, year int) (int, error)

	Members(ctx context.Context, id string) ([]Member, error)
	IsMember(ctx context.Context, projectID, orgID string) (bool, error)
	AddMember(ctx context.Context, projectID string, m Member) error

	Milestones(ctx context.Context, projectID string) ([]Milestone, error)
	GetMilestone(ctx context.Context, id string) (Milestone, error)
	CreateMilestone(ctx context.Context, m Milestone) error
	UpdateMilestone(ctx context.Context, m Milestone, version int) error

	KPIs(ctx context.Context, projectID string) ([]KPI, error)
	GetKPI(ctx context.Context, id string) (KPI, error)
	CreateKPI(ctx context.Context, k KPI) error
	UpdateKPI(ctx context.Context, k KPI, version int) error

	// FundingLines lists every line of a project, replaced ones too.
	FundingLines(ctx context.Context, id string) ([]FundingLine, error)
	GetFunding(ctx context.Context, id string) (FundingLine, error)
	CreateFunding(ctx context.Context, l FundingLine) error
	UpdateFunding(ctx context.Context, l FundingLine, version int) error
	// LockFunding serializes funding changes of one project until commit, so
	// that the rules hold over concurrent changes.
	LockFunding(ctx context.Context, projectID string) error
}

// ScenarioFacts are what the gates need to know of application scenarios.
type ScenarioFacts interface {
	HasAcceptedApplication(ctx context.Context, projectID string) (bool, error)
	HasPassedTrial(ctx context.Context, projectID string) (bool, error)
}

// ConsortiumLookup answers whether an organization may run a project for a consortium.
type ConsortiumLookup interface {
	IsActiveMember(ctx context.Context, consortiumID, orgID string) (bool, error)
}

// Service is the project use cases.
type Service struct {
	repo      Repository
	orgs      org.Lookup
	ref       reference.Lookup
	consortia ConsortiumLookup
	scenarios ScenarioFacts
	notify    *notify.Service
	tx        domain.Transactor
	audit     *audit.Service
	clock     domain.Clock
}

// Deps are the service's collaborators.
type Deps struct {
	Repo      Repository
	Orgs      org.Lookup
	Reference reference.Lookup
	Consortia ConsortiumLookup
	Scenarios ScenarioFacts
	Notify    *notify.Service
	Tx        domain.Transactor
	Audit     *audit.Service
	Clock     domain.Clock
}

func NewService(d Deps) *Service {
	return &Service{repo: d.Repo, orgs: d.Orgs, ref: d.Reference, consortia: d.Consortia, scenarios: d.Scenarios, notify: d.Notify, tx: d.Tx, audit: d.Audit, clock: d.Clock}
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
