package consortium

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// InvitableRoles are the roles a member is invited with (the lead is the founder's).
func InvitableRoles() []Role {
	return []Role{RoleUpstream, RoleDownstream, RoleResearch, RoleUniversity, RoleFinance}
}

// Roles lists every role of a member.
func Roles() []Role { return append([]Role{RoleLead}, InvitableRoles()...) }

func parseRole(s string) (Role, bool) { return domain.ParseEnum(s, InvitableRoles()) }

// Members lists current members, or with history every invitation and membership.
func (s *Service) Members(ctx context.Context, a domain.Actor, id string, history bool) ([]Membership, error) {
	if _, err := s.Get(ctx, a, id); err != nil {
		return nil, err
	}
	return s.repo.Memberships(ctx, id, history)
}

// Invite: the lead invites an organization with a role (and, in an
// equity-linked consortium, an equity share).
func (s *Service) Invite(ctx context.Context, a domain.Actor, id, orgID, role string, equity *float64) (Membership, error) {
	var m Membership
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.Get(ctx, a, id)
		if err != nil {
			return err
		}
		if err := s.requireLead(a, c); err != nil {
			return err
		}
		if c.Status == Dissolved {
			return domain.Conflict(domain.Msg("the consortium is dissolved", "该创新联合体已解散"))
		}
		var p domain.Problems
		r, ok := parseRole(role)
		if !ok {
			p.Add("role", domain.CodeOneOf, "allowed", domain.EnumList(InvitableRoles()))
		}
		bp := 0
		switch {
		case c.Model == EquityLinked && equity == nil:
			p.Add("equity_share", codeEquityRequired)
		case c.Model != EquityLinked && equity != nil:
			p.Add("equity_share", codeEquityNotLinked)
		case equity != nil:
			if bp, err = PercentToBP(*equity); err != nil {
				p.AddErr("equity_share", err)
			}
		}
		if orgID == c.LeadOrgID {
			p.Add("organization_id", codeLeadIsMember)
		}
		o, err := s.orgs.Get(ctx, orgID)
		if domain.KindOf(err) == domain.KindNotFound {
			p.Add("organization_id", domain.CodeUnknownOrg)
		} else if err != nil {
			return err
		} else if o.Status != org.StatusVerified {
			p.Add("organization_id", domain.CodeUnverifiedOrg, "name", o.Name)
		}
		if err := p.Err(); err != nil {
			return err
		}
		if bp > 0 {
			if err := s.repo.Lock(ctx, c.ID); err != nil {
				return err
			}
			total, err := s.repo.ActiveEquity(ctx, c.ID)
			if err != nil {
				return err
			}
			if total+bp > FullEquity {
				return equityOver(total, bp)
			}
		}
		now := s.clock.Now()
		m = Membership{ID: domain.NewID(), ConsortiumID: c.ID, OrganizationID: orgID, Role: r, EquityBP: bp, Status: Invited,
			InvitedAt: now, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.repo.AddMembership(ctx, m); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict(domain.Msg("%s is already invited to or a member of this consortium", "%s 已受邀或已是本联合体成员"), o.Name)
			}
			return err
		}
		if err := s.notify.ToOrgs(ctx, []string{orgID}, notify.Message{Kind: "consortium.invited", Entity: "consortium",
			EntityID: c.ID, Text: fmt.Sprintf("贵单位受邀加入创新联合体「%s」。", c.Name),
			Data: map[string]any{"name": c.Name, "invitation_id": m.ID, "role": r}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "consortium.invite", Entity: "consortium", EntityID: c.ID,
			Changes: map[string]any{"organization_id": orgID, "role": r, "equity_bp": bp}})
	})
	return m, err
}

func equityOver(total, add int) error {
	pct := func(bp int) string { return strconv.FormatFloat(float64(bp)/100, 'f', 2, 64) }
	return domain.Invalid(domain.Msg("equity over 100%", "股权合计超过 100%"), domain.Problem("equity_share", codeEquityOver,
		"held", pct(total), "add", pct(add), "total", pct(total+add)))
}

// Invitations lists the invitations to the caller's organization.
func (s *Service) Invitations(ctx context.Context, a domain.Actor, p domain.Page) (domain.List[Membership], error) {
	return domain.Paginate(p, func(x Membership) string { return x.ID }, func(p domain.Page) ([]Membership, error) {
		return s.repo.InvitationsOf(ctx, a.OrgID, p)
	})
}

// Respond: the invited organization accepts or declines. Acceptances are
// serialized per consortium, so the equity shares never exceed 100% in total
// even when acceptances race.
func (s *Service) Respond(ctx context.Context, a domain.Actor, invitationID string, accept bool) (Membership, error) {
	var m Membership
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		m, err = s.repo.GetMembership(ctx, invitationID)
		if domain.KindOf(err) == domain.KindNotFound || (err == nil && m.OrganizationID != a.OrgID) {
			return domain.NotFound(domain.Msg("invitation %s not found", "未找到邀请 %s"), invitationID)
		} else if err != nil {
			return err
		}
		if a.IsAnonymous() || a.Is(domain.RoleExpert, domain.RoleAdmin) {
			return domain.Forbidden(domain.Msg("the organization's own staff answer its invitations", "只有本单位人员可以答复邀请"))
		}
		if err := s.repo.Lock(ctx, m.ConsortiumID); err != nil {
			return err
		}
		if m, err = s.repo.GetMembership(ctx, invitationID); err != nil { // again, under the lock
			return err
		}
		act := map[bool]MembershipAction{true: ActAccept, false: ActDecline}[accept]
		to, err := MembershipMachine.Next(act, m.Status)
		if err != nil {
			return domain.Conflict(domain.Msg("this invitation was already answered (%s)", "此邀请已答复（%s）"), m.Status)
		}
		c, err := s.repo.Get(ctx, m.ConsortiumID)
		if err != nil {
			return err
		}
		if c.Status == Dissolved {
			return domain.Conflict(domain.Msg("the consortium is dissolved", "该创新联合体已解散"))
		}
		now := s.clock.Now()
		old := m.Version
		if accept {
			if m.EquityBP > 0 {
				total, err := s.repo.ActiveEquity(ctx, c.ID)
				if err != nil {
					return err
				}
				if total+m.EquityBP > FullEquity {
					return equityOver(total, m.EquityBP)
				}
			}
			m.JoinedAt = &now
		} else {
			m.EndedAt = &now
		}
		m.Status = to
		m.Version, m.UpdatedAt = m.Version+1, now
		if err := s.repo.UpdateMembership(ctx, m, old); err != nil {
			return err
		}
		verb := map[bool]string{true: "接受", false: "婉拒"}[accept]
		if err := s.notify.ToOrgs(ctx, []string{c.LeadOrgID}, notify.Message{Kind: "consortium.invitation_" + string(m.Status),
			Entity: "consortium", EntityID: c.ID, Text: fmt.Sprintf("受邀单位已%s加入创新联合体「%s」的邀请。", verb, c.Name),
			Data: map[string]any{"name": c.Name, "organization_id": m.OrganizationID}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "consortium." + map[bool]string{true: "accept", false: "decline"}[accept],
			Entity: "consortium", EntityID: c.ID, Changes: map[string]any{"organization_id": m.OrganizationID, "equity_bp": m.EquityBP}})
	})
	return m, err
}

// Leave: a member organization other than the lead leaves.
func (s *Service) Leave(ctx context.Context, a domain.Actor, id string) (Membership, error) {
	return s.end(ctx, a, id, a.OrgID, ActLeave)
}

// Remove: the lead removes a member, never itself.
func (s *Service) Remove(ctx context.Context, a domain.Actor, id, orgID string) (Membership, error) {
	return s.end(ctx, a, id, orgID, ActRemove)
}

func (s *Service) end(ctx context.Context, a domain.Actor, id, orgID string, act MembershipAction) (Membership, error) {
	var m Membership
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		c, err := s.Get(ctx, a, id)
		if err != nil {
			return err
		}
		if act == ActRemove {
			if err := s.requireLead(a, c); err != nil {
				return err
			}
			if orgID == c.LeadOrgID {
				return domain.Conflict(domain.Msg("the lead cannot be removed from its own consortium (dissolve it instead)", "牵头企业不能被移出自己的联合体（如需结束请解散）"))
			}
		} else {
			if a.IsAnonymous() || a.Is(domain.RoleExpert, domain.RoleAdmin, domain.RoleProgramManager) {
				return domain.Forbidden(domain.Msg("an organization's own staff take it out of a consortium", "只有本单位人员可以让本单位退出联合体"))
			}
			if orgID == c.LeadOrgID {
				return domain.Conflict(domain.Msg("the lead cannot leave its own consortium (dissolve it instead)", "牵头企业不能退出自己的联合体（如需结束请解散）"))
			}
		}
		if err := s.repo.Lock(ctx, c.ID); err != nil {
			return err
		}
		ms, err := s.repo.Memberships(ctx, c.ID, false)
		if err != nil {
			return err
		}
		found := false
		for _, x := range ms {
			if x.OrganizationID == orgID && x.Status == Member {
				m, found = x, true
			}
		}
		if !found {
			return domain.NotFound(domain.Msg("that organization is not a member of this consortium", "该单位不是本联合体成员"))
		}
		how, err := MembershipMachine.Next(act, m.Status)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		old := m.Version
		m.Status, m.EndedAt, m.Version, m.UpdatedAt = how, &now, m.Version+1, now
		if err := s.repo.UpdateMembership(ctx, m, old); err != nil {
			return err
		}
		notifyOrg := c.LeadOrgID
		if how == Removed {
			notifyOrg = orgID
		}
		if err := s.notify.ToOrgs(ctx, []string{notifyOrg}, notify.Message{Kind: "consortium.member_" + string(how),
			Entity: "consortium", EntityID: c.ID, Text: fmt.Sprintf("创新联合体「%s」成员变动：一家成员单位已%s。", c.Name,
				map[MemberStatus]string{Left: "退出", Removed: "被移出"}[how]), Data: map[string]any{"name": c.Name, "organization_id": orgID}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "consortium." + string(act),
			Entity: "consortium", EntityID: c.ID, Changes: map[string]any{"organization_id": orgID}})
	})
	return m, err
}

// IsActiveMember tells whether the organization is an active member of an
// active consortium (for projects carried out by a consortium).
func (s *Service) IsActiveMember(ctx context.Context, consortiumID, orgID string) (bool, error) {
	c, err := s.repo.Get(ctx, consortiumID)
	if domain.KindOf(err) == domain.KindNotFound {
		return false, nil
	} else if err != nil || c.Status != Active {
		return false, err
	}
	ms, err := s.repo.Memberships(ctx, consortiumID, false)
	for _, m := range ms {
		if m.OrganizationID == orgID && m.Status == Member {
			return true, err
		}
	}
	return false, err
}
