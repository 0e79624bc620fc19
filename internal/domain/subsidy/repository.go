package subsidy

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// Repository keeps declarations, policies and batches.
type Repository interface {
	CreateDeclaration(ctx context.Context, d Declaration) error // a second one for the year → conflict
	Declaration(ctx context.Context, id string) (Declaration, error)
	UpdateDeclaration(ctx context.Context, d Declaration, oldVersion int) error
	Declarations(ctx context.Context, f DeclarationFilter, p domain.Page) ([]DeclarationView, error)

	// Policy is the year's policy in force (the highest version), or the
	// given version; found is false when there is none.
	Policy(ctx context.Context, year, version int) (p StoredPolicy, found bool, err error)
	// AddPolicy stores a new version; another version with its number → conflict.
	AddPolicy(ctx context.Context, p StoredPolicy) error

	// Applicants are the year's declarations with their organizations as they are now.
	Applicants(ctx context.Context, year int) ([]Applicant, error)
	BatchOfYear(ctx context.Context, year int) (b StoredBatch, found bool, err error)
	// LockYear serialises, until the transaction ends, the writes that
	// decide whether a year's declarations may still change: an edit's
	// "not approved yet" and an approval's "nothing changed since computed"
	// then each see the other's outcome.
	LockYear(ctx context.Context, year int) error
	Batch(ctx context.Context, id string) (StoredBatch, error)
	Batches(ctx context.Context) ([]StoredBatch, error)
	// CreateBatch stores a batch with its lines; a second one for the year → conflict.
	CreateBatch(ctx context.Context, b StoredBatch, lines []Line) error
	// ReplaceBatch stores a recomputation: the batch row guarded by its old
	// version (conflict if someone else changed it first), then its lines.
	ReplaceBatch(ctx context.Context, b StoredBatch, oldVersion int, lines []Line) error
	// SetBatchStatus moves a batch guarded by its status and version.
	SetBatchStatus(ctx context.Context, id string, from, to BatchStatus, version int, userID string, at time.Time) error
	Lines(ctx context.Context, batchID string, p domain.Page) ([]LineView, error)
	LineOrganizations(ctx context.Context, batchID string) ([]string, error)
	MyLines(ctx context.Context, orgID string) ([]MyLine, error)
}

// Orgs looks organizations up.
type Orgs interface {
	Get(ctx context.Context, id string) (org.Organization, error)
}
