// Package consortium owns innovation consortia (创新联合体): a lead enterprise
// (领头羊) with upstream and downstream firms, institutes and universities, in
// one of three models, approved by the bureau, with a membership history.
package consortium

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

// Model of a consortium.
type Model string

const (
	TaskOriented      Model = "task_oriented"       // 任务导向
	EquityLinked      Model = "equity_linked"       // 股权纽带
	GrantToInvestment Model = "grant_to_investment" // 拨改投
)

func Models() []Model { return []Model{TaskOriented, EquityLinked, GrantToInvestment} }

// Status of a consortium.
type Status string

const (
	Forming   Status = "forming"
	Active    Status = "active"
	Dissolved Status = "dissolved"
)

// Role of a member.
type Role string

const (
	RoleLead       Role = "lead"
	RoleUpstream   Role = "upstream"
	RoleDownstream Role = "downstream"
	RoleResearch   Role = "research"
	RoleUniversity Role = "university"
	RoleFinance    Role = "finance"
)

// MemberStatus of one membership row.
type MemberStatus string

const (
	Invited  MemberStatus = "invited"
	Member   MemberStatus = "active"
	Declined MemberStatus = "declined"
	Left     MemberStatus = "left"
	Removed  MemberStatus = "removed"
)

// FullEquity is 100% in basis points.
const FullEquity = 10000

// Consortium is an innovation consortium.
type Consortium struct {
	ID          string
	Name        string
	Model       Model
	FieldID     string
	Description string
	LeadOrgID   string
	Status      Status
	ApprovedAt  *time.Time
	DissolvedAt *time.Time
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

// Membership is one organization's membership (or invitation) in a consortium.
type Membership struct {
	ID             string
	ConsortiumID   string
	OrganizationID string
	Role           Role
	EquityBP       int // basis points: 1250 = 12.5%
	Status         MemberStatus
	InvitedAt      time.Time
	JoinedAt       *time.Time
	EndedAt        *time.Time
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// EquityPercent is the share as a percentage.
func (m Membership) EquityPercent() float64 { return float64(m.EquityBP) / 100 }

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
	GetMembership(ctx context.Context, id string) (Membership, error)
	AddMembership(ctx context.Context, m Membership) error
	UpdateMembership(ctx context.Context, m Membership, version int) error
	// InvitationsOf lists the pending invitations of an organization.
	InvitationsOf(ctx context.Context, orgID string, p domain.Page) ([]Membership, error)
	// ActiveEquity sums the equity of the consortium's active members.
	ActiveEquity(ctx context.Context, consortiumID string) (int, error)
}

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

func notFound(id string) error { return domain.NotFound("consortium %s not found", id) }

// PercentToBP turns a percentage with at most two decimals into basis points.
func PercentToBP(p float64) (int, error) {
	bp := math.Round(p * 100)
	if math.IsNaN(p) || math.Abs(p*100-bp) > 1e-6 || bp <= 0 || bp > FullEquity {
		return 0, fmt.Errorf("an equity share is a percentage above 0 and at most 100, with at most two decimals")
	}
	return int(bp), nil
}

// Input creates or edits a consortium; nil fields stay.
type Input struct {
	Name, Model, FieldID, Description *string
	Version                           *int
}

func (in Input) apply(c *Consortium, fieldExists func(string) bool) error {
	var p domain.Problems
	if in.Name != nil {
		if n := utf8.RuneCountInString(strings.TrimSpace(*in.Name)); n < 2 || n > 200 {
			p.Add("name", "must be 2–200 characters")
		}
	}
	var model Model
	if in.Model != nil {
		for _, m := range Models() {
			if string(m) == *in.Model {
				model = m
			}
		}
		if model == "" {
			p.Add("model", "must be task_oriented, equity_linked or grant_to_investment")
		}
	}
	if in.FieldID != nil && !fieldExists(*in.FieldID) {
		p.Add("field_id", "no such field")
	}
	if in.Description != nil && utf8.RuneCountInString(*in.Description) > 10000 {
		p.Add("description", "must be at most 10000 characters")
	}
	if err := p.Err(); err != nil {
		return err
	}
	if in.Name != nil {
		c.Name = strings.TrimSpace(*in.Name)
	}
	if in.Model != nil {
		c.Model = model
	}
	if in.FieldID != nil {
		c.FieldID = *in.FieldID
	}
	if in.Description != nil {
		c.Description = strings.TrimSpace(*in.Description)
	}
	return nil
}

// Create: a verified enterprise founds a consortium and leads it.
func (s *Service) Create(ctx context.Context, a domain.Actor, in Input) (Consortium, error) {
	if !a.Is(domain.RoleEnterprise) {
		return Consortium{}, domain.Forbidden("a consortium is led by an enterprise")
	}
	var missing domain.Problems
	if in.Name == nil {
		missing.Add("name", "is required")
	}
	if in.Model == nil {
		missing.Add("model", "is required: task_oriented, equity_linked or grant_to_investment")
	}
	if err := missing.Err(); err != nil {
		return Consortium{}, err
	}
	o, err := s.orgs.Get(ctx, a.OrgID)
	if err != nil {
		return Consortium{}, err
	}
	if o.Status != org.StatusVerified || o.Type != org.TypeEnterprise {
		return Consortium{}, domain.Forbidden("only a verified enterprise leads a consortium")
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
	return c, err
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
	return domain.Paginate(p, func(x Consortium) string { return x.ID }, func(p domain.Page) ([]Consortium, error) {
		return s.repo.List(ctx, f, p)
	})
}

func (s *Service) requireLead(a domain.Actor, c Consortium) error {
	if a.OrgID == c.LeadOrgID && a.Is(domain.RoleEnterprise) {
		return nil
	}
	return domain.Forbidden("only the lead enterprise does this")
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
		if in.Version != nil && *in.Version != c.Version {
			return domain.Conflict("consortium %s is at version %d, not %d", c.ID, c.Version, *in.Version)
		}
		if c.Status == Dissolved {
			return domain.Conflict("the consortium is dissolved")
		}
		if in.Model != nil && Model(*in.Model) != c.Model && c.Status != Forming {
			return domain.Conflict("the model of an approved consortium does not change")
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
	return c, err
}

// Approve (program managers): forming → active.
func (s *Service) Approve(ctx context.Context, a domain.Actor, id string, version *int) (Consortium, error) {
	if !a.Is(domain.RoleProgramManager) {
		return Consortium{}, domain.Forbidden("only program managers approve consortia")
	}
	return s.setStatus(ctx, a, id, version, Forming, Active, "consortium.approve", "创新联合体「%s」已获批准。")
}

// Dissolve (program managers or the lead): forming or active → dissolved.
func (s *Service) Dissolve(ctx context.Context, a domain.Actor, id string, version *int) (Consortium, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return Consortium{}, err
	}
	if !a.Is(domain.RoleProgramManager) && s.requireLead(a, c) != nil {
		return Consortium{}, domain.Forbidden("program managers and the lead dissolve a consortium")
	}
	if c.Status == Dissolved {
		return Consortium{}, domain.Conflict("the consortium is already dissolved")
	}
	return s.setStatus(ctx, a, id, version, c.Status, Dissolved, "consortium.dissolve", "创新联合体「%s」已解散。")
}

func (s *Service) setStatus(ctx context.Context, a domain.Actor, id string, version *int, from, to Status, action, text string) (Consortium, error) {
	var c Consortium
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if c, err = s.Get(ctx, a, id); err != nil {
			return err
		}
		if version != nil && *version != c.Version {
			return domain.Conflict("consortium %s is at version %d, not %d", c.ID, c.Version, *version)
		}
		if c.Status != from {
			return domain.Conflict("a consortium that is %s cannot become %s", c.Status, to)
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
	return c, err
}
