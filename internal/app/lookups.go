package app

import (
	"context"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
)

// lookups lets the challenge service read organizations, fields and users.
type lookups struct{ db *store.DB }

func (l lookups) Organization(ctx context.Context, id string) (org.Organization, error) {
	return l.db.Organizations().Get(ctx, id)
}

func (l lookups) FieldExists(ctx context.Context, id string) (bool, error) {
	_, err := l.db.Reference().GetField(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return false, nil
	}
	return err == nil, err
}

func (l lookups) User(ctx context.Context, id string) (challenge.UserInfo, error) {
	u, err := l.db.Users().Get(ctx, id)
	if err != nil {
		return challenge.UserInfo{}, err
	}
	return challenge.UserInfo{ID: u.ID, Name: u.Name, Role: u.Role, OrgID: u.OrganizationID, Disabled: u.Disabled}, nil
}

// fieldExists answers for the HTTP layer's validation of field ids; a lookup
// failure counts as "no such field" only when the field is really absent.
func (l lookups) fieldExists(ctx context.Context, id string) (bool, error) {
	return l.FieldExists(ctx, id)
}
