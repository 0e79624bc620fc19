package consortium

import (
	"context"
	"fmt"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

// Service is the consortium use cases.
type Service struct {
	repo   Repository
	orgs   org.Lookup
	ref    reference.Lookup
	notify *notify.Service
	audit  *audit.Service
	tx     domain.Transactor
	clock  domain.Clock
}

// Deps are the service's collaborators.
type Deps struct {
	Repo      Repository
	Orgs      org.Lookup
	Reference reference.Lookup
	Notify    *notify.Service
	Audit     *audit.Service
	Tx        domain.Transactor
	Clock     domain.Clock
}

func NewService(d Deps) *Service {
	return &Service{repo: d.Repo, orgs: d.Orgs, ref: d.Reference, notify: d.Notify, audit: d.Audit, tx: d.Tx, clock: d.Clock}
}

func notFound(id string) error {
	return domain.NotFound(domain.Msg("consortium %s not found", "未找到创新联合体 %s"), id)
}

// Create: a verified enterprise founds a consortium and leads it.
func (s *Service) Create(ctx context.Context, a domain.Actor, in Input) (Consortium, error) {
	if !a.Is(domain.RoleEnterprise) {
		return Consortium{}, domain.Forbidden(domain.Msg("a consortium is led by an enterprise", "创新联合体须由企业牵头"))
	}
	var missing domain.Problems
	if in.Name == nil {
		missing.Add("name", domain.CodeRequired)
	}
	if in.Model == nil {
		missing.Add("model", domain.CodeRequired)
	}
	if err := missing.Err(); err != nil {
		return Consortium{}, err
	}
	o, err := s.orgs.Get(ctx, a.OrgID)
	if err != nil {
		return Consortium{}, err
	}
	if o.Status != org.StatusVerified || o.Type != org.TypeEnterprise {
		return Consortium{}, domain.Forbidden(domain.Msg("only a verified enterprise leads a consortium", "只有已认证的企业可以牵头组建创新联合体"))
	}
	now := s.clock.Now()
	c := Consortium{ID: domain.NewID(), LeadOrgID: a.OrgID, Status: Forming, Version: 1, CreatedAt: now, UpdatedAt: now}
	fieldExists, err := reference.FieldKnown(ctx, s.ref, in.FieldID)
	if err != nil {
		return Consortium{}, err
	}
	if err := in.apply(&c, fieldExists); err != nil {
		return Consortium{}, err
	}
	lead := Membership{ID: domain.NewID(), ConsortiumID: c.ID, OrganizationID: a.OrgID, Role: RoleLead, Status: Member,
		InvitedAt: now, JoinedAt: &now, Version: 1, CreatedAt: now, UpdatedAt: now}
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.repo.Create(ctx, c, lead); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "consortium.create", Entity: "consortium", EntityID: c.ID,
			Changes: map[string]any{"name": c.Name, "model": c.Model, "field_id": c.FieldID}})
	})
	return s.decorated(ctx, a, c, err)
}

// Get, List: every signed-in user sees consortia.
func (s *Service) Get(ctx context.Context, a domain.Actor, id string) (Consortium, error) {
	c, err := s.repo.Get(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound {
		return Consortium{}, notFound(id)
	}
	return c, err
}

func (s *Service) List(ctx context.Context, a domain.Actor, f Filter, p domain.Page) (domain.List[Consortium], error) {
	l, err := domain.Paginate(p, func(x Consortium) string { return x.ID }, func(p domain.Page) ([]Consortium, error) {
		return s.repo.List(ctx, f, p)
	})
	if err == nil {
		err = s.WithActions(ctx, a, l.Items)
	}
	return l, err
}

// Read is one consortium as the caller reads it: with its actions.
func (s *Service) Read(ctx context.Context, a domain.Actor, id string) (Consortium, error) {
	c, err := s.Get(ctx, a, id)
	return s.decorated(ctx, a, c, err)
}

// decorated is c as returned to a caller (err: what made it): with its actions.
func (s *Service) decorated(ctx context.Context, a domain.Actor, c Consortium, err error) (Consortium, error) {
	if err != nil {
		return c, err
	}
	cs := []Consortium{c}
	if err := s.WithActions(ctx, a, cs); err != nil {
		return Consortium{}, err
	}
	return cs[0], nil
}

// WithActions sets on each consortium what a may do to it now: a program
// manager approves a forming one; the lead edits it, invites and, with
// program managers, dissolves it (Machine) until dissolved; an active member
// other than the lead leaves. One query for the caller's memberships.
func (s *Service) WithActions(ctx context.Context, a domain.Actor, cs []Consortium) error {
	ids := make([]string, len(cs))
	for i, c := range cs {
		ids[i] = c.ID
	}
	member := map[string]bool{}
	if !a.IsAnonymous() && a.OrgID != "" && a.Is(domain.RoleEnterprise, domain.RoleInstitute) && len(ids) > 0 {
		var err error
		if member, err = s.repo.ActiveIn(ctx, a.OrgID, ids); err != nil {
			return err
		}
	}
	for i := range cs {
		c := &cs[i]
		lead, pm := s.requireLead(a, *c) == nil, a.Is(domain.RoleProgramManager)
		c.Actions = []Action{}
		for _, act := range Machine.Actions() {
			if Machine.Allows(act, c.Status) && (pm || act == ActDissolve && lead) {
				c.Actions = append(c.Actions, act)
			}
		}
		if c.Status != Dissolved {
			if lead {
				c.Actions = append(c.Actions, ActEdit, ActInvite)
			}
			if member[c.ID] && !lead && a.OrgID != c.LeadOrgID {
				c.Actions = append(c.Actions, ActLeaveIt)
			}
		}
	}
	return nil
}

func (s *Service) requireLead(a domain.Actor, c Consortium) error {
	if a.OrgID == c.LeadOrgID && a.Is(domain.RoleEnterprise) {
		return nil
	}
	return domain.Forbidden(domain.Msg("only the lead enterprise does this", "只有牵头企业可以执行此操作"))
}

// Update: the lead edits its consortium.
func (s *Service) Update(ctx context.Context, a domain.Actor, id string, in Input) (Consortium, error) {
	var c Consortium
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = s.Get(ctx, a, id); err != nil {
			return err
		}
		if err := s.requireLead(a, c); err != nil {
			return err
		}
		if err := domain.CheckVersion("consortium", c.ID, c.Version, in.Version); err != nil {
			return err
		}
		if c.Status == Dissolved {
			return domain.Conflict(domain.Msg("the consortium is dissolved", "该创新联合体已解散"))
		}
		if in.Model != nil && Model(*in.Model) != c.Model && c.Status != Forming {
			return domain.Conflict(domain.Msg("the model of an approved consortium does not change", "已批准的联合体不能更改组建模式"))
		}
		fieldExists, err := reference.FieldKnown(ctx, s.ref, in.FieldID)
		if err != nil {
			return err
		}
		old := c.Version
		if err := in.apply(&c, fieldExists); err != nil {
			return err
		}
		c.Version, c.UpdatedAt = c.Version+1, s.clock.Now()
		if err := s.repo.Update(ctx, c, old); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "consortium.update", Entity: "consortium", EntityID: c.ID,
			Changes: map[string]any{"name": c.Name, "model": c.Model}})
	})
	return s.decorated(ctx, a, c, err)
}

// Approve (program managers): forming → active.
func (s *Service) Approve(ctx context.Context, a domain.Actor, id string, version *int) (Consortium, error) {
	if !a.Is(domain.RoleProgramManager) {
		return Consortium{}, domain.Forbidden(domain.Msg("only program managers approve consortia", "只有项目主管可以批准创新联合体"))
	}
	return s.move(ctx, a, id, version, ActApprove, "创新联合体「%s」已获批准。")
}

// Dissolve (program managers or the lead): forming or active → dissolved.
func (s *Service) Dissolve(ctx context.Context, a domain.Actor, id string, version *int) (Consortium, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return Consortium{}, err
	}
	if !a.Is(domain.RoleProgramManager) && s.requireLead(a, c) != nil {
		return Consortium{}, domain.Forbidden(domain.Msg("program managers and the lead dissolve a consortium", "项目主管和牵头企业可以解散创新联合体"))
	}
	return s.move(ctx, a, id, version, ActDissolve, "创新联合体「%s」已解散。")
}

// move applies one action of the machine, tells the members and records it.
func (s *Service) move(ctx context.Context, a domain.Actor, id string, version *int, act Action, text string) (Consortium, error) {
	action := "consortium." + string(act)
	var c Consortium
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = s.Get(ctx, a, id); err != nil {
			return err
		}
		if err := domain.CheckVersion("consortium", c.ID, c.Version, version); err != nil {
			return err
		}
		from := c.Status
		to, err := Machine.Next(act, from)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		if err := s.repo.SetStatus(ctx, c.ID, from, c.Version, to, now); err != nil {
			return err
		}
		if c, err = s.repo.Get(ctx, c.ID); err != nil {
			return err
		}
		members, err := s.repo.Memberships(ctx, c.ID, false)
		if err != nil {
			return err
		}
		var orgs []string
		for _, m := range members {
			if m.Status == Member {
				orgs = append(orgs, m.OrganizationID)
			}
		}
		if err := s.notify.ToOrgs(ctx, orgs, notify.Message{Kind: action, Entity: "consortium", EntityID: c.ID,
			Text: fmt.Sprintf(text, c.Name), Data: map[string]any{"name": c.Name}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: action, Entity: "consortium", EntityID: c.ID,
			Changes: map[string]any{"status": []Status{from, to}}})
	})
	return s.decorated(ctx, a, c, err)
}
