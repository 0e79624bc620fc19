// Package workbench counts what waits for each role (工作台): the caller's
// organization's drafts, awards to confirm, consortium invitations and bids
// it is named a partner of (联合揭榜) awaiting its answer; an institute's
// bids and their outcomes; an expert's reviews; a program manager's vetting
// queue, challenges to assign, rankings ready, proposals, consortia and
// milestones to decide; an admin's organizations to verify. Every count is a
// COUNT in the database, a fixed number of queries per role.
package workbench

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Counts are a role's to-do items by key. The keys are part of the API
// (GET /workbench) and stable.
type Counts map[string]int64

// Keys lists each role's keys, in the order the workbench shows them.
func Keys(r domain.Role) []string {
	org := []string{"invitations", "partner_invitations", "scenario_applications", "projects", "reports_due"}
	switch r {
	case domain.RoleEnterprise:
		return append([]string{"challenge_drafts", "challenges_in_vetting", "challenges_open", "challenges_in_review", "awards_to_confirm"}, org...)
	case domain.RoleInstitute:
		return append([]string{"bids_pending", "bids_awarded", "bids_not_awarded"}, org...)
	case domain.RoleExpert:
		return []string{"reviews_to_do", "reviews_done"}
	case domain.RoleProgramManager:
		return []string{"challenges_to_vet", "challenges_to_assign", "rankings_ready", "proposals_to_decide",
			"milestones_to_accept", "consortia_to_approve", "change_requests_to_decide", "reports_to_review"}
	case domain.RoleAdmin:
		return []string{"organizations_to_verify"}
	}
	return nil
}

// Repository counts in the database.
type Repository interface {
	// Organization counts what waits for an organization: challenges (as
	// owner), bids (as bidder), invitations, scenario applications (as
	// provider) and projects (as lead).
	Organization(ctx context.Context, orgID string, now time.Time) (Counts, error)
	Expert(ctx context.Context, userID string) (Counts, error)
	ProgramManager(ctx context.Context, now time.Time) (Counts, error)
	Admin(ctx context.Context) (Counts, error)
}

// Service answers the workbench.
type Service struct {
	repo  Repository
	clock domain.Clock
}

func NewService(repo Repository, clock domain.Clock) *Service {
	return &Service{repo: repo, clock: clock}
}

// For counts the caller's role's to-do items, only the keys of that role.
func (s *Service) For(ctx context.Context, a domain.Actor) (Counts, error) {
	var (
		all Counts
		err error
	)
	switch a.Role {
	case domain.RoleEnterprise, domain.RoleInstitute:
		all, err = s.repo.Organization(ctx, a.OrgID, s.clock.Now())
	case domain.RoleExpert:
		all, err = s.repo.Expert(ctx, a.UserID)
	case domain.RoleProgramManager:
		all, err = s.repo.ProgramManager(ctx, s.clock.Now())
	case domain.RoleAdmin:
		all, err = s.repo.Admin(ctx)
	default:
		return nil, domain.Unauthenticated(domain.Msg("sign in to do this", "请先登录"))
	}
	if err != nil {
		return nil, err
	}
	out := Counts{}
	for _, k := range Keys(a.Role) {
		out[k] = all[k]
	}
	return out, nil
}
