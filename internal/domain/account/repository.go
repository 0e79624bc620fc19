package account

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// Repository stores users.
type Repository interface {
	Create(ctx context.Context, u User) error
	Get(ctx context.Context, id string) (User, error)
	// GetByEmail matches the normalized (lower-case) email.
	GetByEmail(ctx context.Context, email string) (User, error)
	List(ctx context.Context, f UserFilter, p domain.Page) ([]User, error)
	// Update applies the changes if the user is still at version; else a conflict.
	Update(ctx context.Context, id string, version int, ch UserChanges, at time.Time) error
	AnyWithRole(ctx context.Context, r domain.Role) (bool, error)
}

// TokenRepository stores refresh tokens.
type TokenRepository interface {
	Create(ctx context.Context, t RefreshToken) error
	GetByHash(ctx context.Context, hash string) (RefreshToken, error)
	// MarkUsed spends the token; false if it was spent already (a concurrent refresh).
	MarkUsed(ctx context.Context, id string, at time.Time) (bool, error)
	RevokeFamily(ctx context.Context, familyID string, at time.Time) error
	RevokeUser(ctx context.Context, userID string, at time.Time) error
}

// OrgLookup is what this package needs of organizations.
type OrgLookup interface {
	Create(ctx context.Context, o org.Organization) error
	Get(ctx context.Context, id string) (org.Organization, error)
}

// PasswordHasher hashes and checks passwords.
type PasswordHasher interface {
	Hash(password string) (string, error)
	Compare(hash, password string) bool
}

// AccessTokens issues access tokens (JWTs).
type AccessTokens interface {
	Issue(c AccessClaims, now time.Time) (token string, ttl time.Duration, err error)
}
