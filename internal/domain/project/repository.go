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

// Repository stores projects and their parts, each part's store declared
// beside it (members.go, milestones.go, kpis.go, funding.go …).
type Repository interface {
	ProjectStore
	MemberStore
	MilestoneStore
	KPIStore
	FundingStore
	DisbursementStore
	ChangeRequestStore
	ReportStore
	OutputStore
}

// ProjectStore keeps projects themselves: their fields, stage and history.
type ProjectStore interface {
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
