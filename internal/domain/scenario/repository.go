package scenario

import (
	"context"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// Filter narrows a listing.
type Filter struct {
	FieldID    string
	Query      string
	ProviderID string // ?mine=true: the caller's organization's scenarios
}

// Repository stores scenarios and applications.
type Repository interface {
	Create(ctx context.Context, s Scenario) error
	Get(ctx context.Context, id string) (Scenario, error)
	List(ctx context.Context, f Filter, p domain.Page) ([]Scenario, error)
	Update(ctx context.Context, s Scenario, version int) error
	CreateApplication(ctx context.Context, a Application) error
	GetApplication(ctx context.Context, id string) (Application, error)
	UpdateApplication(ctx context.Context, a Application, version int) error
	ApplicationsOfProject(ctx context.Context, projectID string) ([]Application, error)
	// ApplicationsOfScenario pages a scenario's applications, newest first.
	ApplicationsOfScenario(ctx context.Context, scenarioID string, p domain.Page) ([]Application, error)
}

// Projects is what this package needs of projects.
type Projects interface {
	Get(ctx context.Context, id string) (project.Project, error)
	IsMember(ctx context.Context, projectID, orgID string) (bool, error)
	AddMember(ctx context.Context, projectID string, m project.Member) error
}
