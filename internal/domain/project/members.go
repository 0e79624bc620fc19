package project

import (
	"context"
	"fmt"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// MemberStore keeps a project's member organizations.
type MemberStore interface {
	Members(ctx context.Context, id string) ([]Member, error)
	IsMember(ctx context.Context, projectID, orgID string) (bool, error)
	AddMember(ctx context.Context, projectID string, m Member) error
	RemoveMember(ctx context.Context, projectID, orgID string) error
}

// MemberRoles lists the roles an organization can have in a project.
func MemberRoles() []MemberRole {
	return []MemberRole{RoleLead, RolePartner, RoleDemandSide, RoleScenarioProvider, RoleInvestor}
}

// AddableRoles are the roles a program manager adds a member with (the lead
// is the project's own).
func AddableRoles() []MemberRole { return MemberRoles()[1:] }

func parseMemberRole(s string) (MemberRole, bool) { return domain.ParseEnum(s, MemberRoles()) }

// Members lists a project's member organizations.
func (s *Service) Members(ctx context.Context, a domain.Actor, projectID string) ([]Member, error) {
	if _, _, err := s.load(ctx, a, projectID); err != nil {
		return nil, err
	}
	return s.repo.Members(ctx, projectID)
}

// AddMember: program managers add a verified organization with a role.
func (s *Service) AddMember(ctx context.Context, a domain.Actor, projectID, orgID, role string) (Member, error) {
	var m Member
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, acc, err := s.load(ctx, a, projectID)
		if err != nil {
			return err
		}
		if !acc.pm {
			return domain.Forbidden(domain.Msg("only program managers add members to a project", "只有项目主管可以添加项目成员"))
		}
		r, ok := parseMemberRole(role)
		var pr domain.Problems
		if !ok || r == RoleLead {
			pr.Add("role", domain.CodeOneOf, "allowed", domain.EnumList(AddableRoles()))
		}
		o, err := s.orgs.Get(ctx, orgID)
		if domain.KindOf(err) == domain.KindNotFound {
			pr.Add("organization_id", domain.CodeUnknownOrg)
		} else if err != nil {
			return err
		} else if o.Status != org.StatusVerified {
			pr.Add("organization_id", domain.CodeUnverifiedOrg, "name", o.Name)
		}
		if err := pr.Err(); err != nil {
			return err
		}
		m = Member{OrganizationID: orgID, Role: r, CreatedAt: s.clock.Now()}
		if err := s.repo.AddMember(ctx, p.ID, m); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict(domain.Msg("%s is already a member of this project", "%s 已是本项目成员"), o.Name)
			}
			return err
		}
		if err := s.notify.ToOrgs(ctx, []string{orgID}, notify.Message{Kind: "project.member_added", Entity: "project", EntityID: p.ID,
			Text: fmt.Sprintf("贵单位已加入项目「%s」。", p.Title), Data: map[string]any{"title": p.Title, "role": r}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "project.add_member", Entity: "project", EntityID: p.ID,
			Changes: map[string]any{"organization_id": orgID, "role": r}})
	})
	return m, err
}

// MemberRole is an organization's part in a project.
type MemberRole string

const (
	RoleLead             MemberRole = "lead"
	RolePartner          MemberRole = "partner"
	RoleDemandSide       MemberRole = "demand_side"
	RoleScenarioProvider MemberRole = "scenario_provider"
	RoleInvestor         MemberRole = "investor"
)

// Member is an organization taking part.
type Member struct {
	OrganizationID string
	Role           MemberRole
	CreatedAt      time.Time
}
