package org

import (
	"context"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

// Service reads organizations and lets admins verify them.
type Service struct {
	repo  Repository
	ref   reference.Lookup
	tx    domain.Transactor
	audit *audit.Service
	clock domain.Clock
}

// Deps are the service's collaborators.
type Deps struct {
	Repo      Repository
	Reference reference.Lookup
	Tx        domain.Transactor
	Audit     *audit.Service
	Clock     domain.Clock
}

func NewService(d Deps) *Service {
	return &Service{repo: d.Repo, ref: d.Reference, tx: d.Tx, audit: d.Audit, clock: d.Clock}
}

// List shows verified organizations to everyone signed in; admins and program
// managers also see pending ones.
func (s *Service) List(ctx context.Context, actor domain.Actor, f Filter, p domain.Page) (domain.List[Organization], error) {
	f.IncludePending = actor.IsStaff()
	if !f.IncludePending {
		f.Status = StatusVerified
	}
	return domain.Paginate(p, func(x Organization) string { return x.ID }, func(p domain.Page) ([]Organization, error) {
		return s.repo.List(ctx, f, p)
	})
}

// Names names the organizations of ids in one query (the repository asks
// once per distinct id), for the pages that show organizations by name; a
// caller learns only the names of ids it was shown.
func (s *Service) Names(ctx context.Context, ids []string) (map[string]string, error) {
	return s.repo.Names(ctx, ids)
}

// Get returns one organization; a pending one is visible only to its own
// users, admins and program managers.
func (s *Service) Get(ctx context.Context, actor domain.Actor, id string) (Organization, error) {
	o, err := s.repo.Get(ctx, id)
	if err != nil {
		return Organization{}, err
	}
	if o.Status != StatusVerified && !actor.IsStaff() && actor.OrgID != o.ID {
		return Organization{}, domain.NotFound(domain.Msg("organization %s not found", "未找到单位 %s"), id)
	}
	return o, nil
}

// Verify moves a pending organization to verified (admins only).
func (s *Service) Verify(ctx context.Context, actor domain.Actor, id string, version *int) (Organization, error) {
	if !actor.Is(domain.RoleAdmin) {
		return Organization{}, domain.Forbidden(domain.Msg("only admins verify organizations", "只有平台管理员可以认证单位"))
	}
	var o Organization
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if o, err = s.repo.Get(ctx, id); err != nil {
			return err
		}
		if err := domain.CheckVersion("organization", id, o.Version, version); err != nil {
			return err
		}
		to, err := Machine.Next(ActVerify, o.Status)
		if err != nil {
			return domain.Conflict(domain.Msg("organization %s is already %s", "单位 %s 已是「%s」"), id, o.Status)
		}
		now := s.clock.Now()
		if err := s.repo.SetStatus(ctx, id, o.Status, to, o.Version, now); err != nil {
			return err
		}
		from := o.Status
		o.Status, o.Version, o.UpdatedAt = to, o.Version+1, now
		return s.audit.Record(ctx, actor, audit.Entry{Action: "organization.verify", Entity: "organization", EntityID: id,
			Changes: map[string]any{"status": []string{string(from), string(to)}}})
	})
	return o, err
}

// Create adds an organization directly (admins); government organizations
// come into being this way only.
func (s *Service) Create(ctx context.Context, actor domain.Actor, d Draft, status Status) (Organization, error) {
	if !actor.Is(domain.RoleAdmin) {
		return Organization{}, domain.Forbidden(domain.Msg("only admins create organizations directly", "只有平台管理员可以直接创建单位"))
	}
	var o Organization
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var p domain.Problems
		var err error
		if o, p, err = d.Check(ctx, s.ref, ""); err != nil {
			return err
		}
		if err := p.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		o.ID, o.Status, o.Version, o.CreatedAt, o.UpdatedAt = domain.NewID(), status, 1, now, now
		if err := s.repo.Create(ctx, o); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, audit.Entry{Action: "organization.create", Entity: "organization", EntityID: o.ID,
			Changes: map[string]any{"name": o.Name, "type": o.Type, "tier": o.Tier, "credit_code": o.CreditCode,
				"country": o.Country, "district": o.District, "status": o.Status}})
	})
	return o, err
}
