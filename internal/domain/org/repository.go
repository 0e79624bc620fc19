package org

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Filter narrows a listing.
type Filter struct {
	Type  Type
	Query string
	// Status narrows to one status; without it the list is the verified
	// organizations, and the pending ones too when IncludePending.
	Status         Status
	IncludePending bool
}

// Lookup is what other aggregates read of organizations: every service that
// needs an organization has one in its dependencies (the store's repository is one).
type Lookup interface {
	Get(ctx context.Context, id string) (Organization, error)
	// Names names the organizations of ids (one query, once per distinct id; empty ids are skipped), for a page's display.
	Names(ctx context.Context, ids []string) (map[string]string, error)
}

// Repository stores organizations.
type Repository interface {
	Create(ctx context.Context, o Organization) error
	Get(ctx context.Context, id string) (Organization, error)
	List(ctx context.Context, f Filter, p domain.Page) ([]Organization, error)
	Names(ctx context.Context, ids []string) (map[string]string, error)
	// SetStatus moves the organization from one status to another if it is still
	// at version; otherwise it returns a conflict.
	SetStatus(ctx context.Context, id string, from, to Status, version int, at time.Time) error
}
