package consortium

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Filter narrows a listing.
type Filter struct {
	Model   Model
	Status  Status
	FieldID string
	Query   string
}

// Repository stores consortia and memberships.
type Repository interface {
	Create(ctx context.Context, c Consortium, lead Membership) error
	Get(ctx context.Context, id string) (Consortium, error)
	List(ctx context.Context, f Filter, p domain.Page) ([]Consortium, error)
	Update(ctx context.Context, c Consortium, version int) error
	SetStatus(ctx context.Context, id string, from Status, version int, to Status, at time.Time) error
	// Lock serializes membership changes of one consortium until commit.
	Lock(ctx context.Context, id string) error
	Memberships(ctx context.Context, consortiumID string, withHistory bool) ([]Membership, error)
	// ActiveIn is the consortia among ids the organization is an active member of.
	ActiveIn(ctx context.Context, orgID string, ids []string) (map[string]bool, error)
	GetMembership(ctx context.Context, id string) (Membership, error)
	AddMembership(ctx context.Context, m Membership) error
	UpdateMembership(ctx context.Context, m Membership, version int) error
	// InvitationsOf lists the pending invitations of an organization.
	InvitationsOf(ctx context.Context, orgID string, p domain.Page) ([]Membership, error)
	// ActiveEquity sums the equity of the consortium's active members.
	ActiveEquity(ctx context.Context, consortiumID string) (int, error)
}
