package project

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

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
	AddActual(ctx context.Context, x KPIActual) error
	// LatestActual is the KPI's value of the latest date (the latest recorded among equal dates).
	LatestActual(ctx context.Context, kpiID string) (KPIActual, error)
	Actuals(ctx context.Context, kpiID string) ([]KPIActual, error)

	RemoveMember(ctx context.Context, projectID, orgID string) error

	// PendingChange is the id of the project's pending change request, or "".
	PendingChange(ctx context.Context, projectID string) (string, error)
	// CreateChange fails with a conflict if the project has a pending request.
	CreateChange(ctx context.Context, c ChangeRequest) error
	GetChange(ctx context.Context, id string) (ChangeRequest, error)
	Changes(ctx context.Context, projectID string) ([]ChangeRequest, error)
	UpdateChange(ctx context.Context, c ChangeRequest, version int) error

	CreateReport(ctx context.Context, r Report) error
	GetReport(ctx context.Context, id string) (Report, error)
	Reports(ctx context.Context, projectID string) ([]Report, error)
	UpdateReport(ctx context.Context, r Report, version int) error
	// ReportsToRemind are reports due on or before horizon, not submitted and
	// not reminded, at most limit of them.
	ReportsToRemind(ctx context.Context, horizon string, limit int) ([]Report, error)
	// ClaimReminder marks the report reminded if nobody has yet; false if someone had.
	ClaimReminder(ctx context.Context, id string, at time.Time) (bool, error)

	Outputs(ctx context.Context, projectID string) ([]Output, error)
	GetOutput(ctx context.Context, id string) (Output, error)
	CreateOutput(ctx context.Context, o Output) error
	UpdateOutput(ctx context.Context, o Output, version int) error
	DeleteOutput(ctx context.Context, id string) error

	CreateDisbursement(ctx context.Context, d Disbursement) error
	Disbursements(ctx context.Context, lineID string) ([]Disbursement, error)
	DisbursedTotal(ctx context.Context, lineID string) (int64, error)

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
