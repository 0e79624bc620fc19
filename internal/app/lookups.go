package app

import (
	"context"

	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/store"
)

// users lets the challenge service read what a review needs of an account.
type users struct{ db *store.DB }

func (l users) Names(ctx context.Context, ids []string) (map[string]string, error) {
	return l.db.Users().Names(ctx, ids)
}

func (l users) User(ctx context.Context, id string) (challenge.UserInfo, error) {
	u, err := l.db.Users().Get(ctx, id)
	if err != nil {
		return challenge.UserInfo{}, err
	}
	return challenge.UserInfo{ID: u.ID, Name: u.Name, Role: u.Role, OrgID: u.OrganizationID, Disabled: u.Disabled}, nil
}
