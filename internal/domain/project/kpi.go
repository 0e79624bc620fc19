package project

import (
	"context"
	"strings"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

// KPIs lists a project's KPIs.
func (s *Service) KPIs(ctx context.Context, a domain.Actor, projectID string) ([]KPI, error) {
	if _, _, err := s.load(ctx, a, projectID); err != nil {
		return nil, err
	}
	return s.repo.KPIs(ctx, projectID)
}

// AddKPI: the lead organization and program managers add a KPI with a
// numeric target (direction at_least unless said).
func (s *Service) AddKPI(ctx context.Context, a domain.Actor, projectID string, in KPIInput) (KPI, error) {
	var k KPI
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, _, err := s.loadWritable(ctx, a, projectID)
		if err != nil {
			return err
		}
		var missing domain.Problems
		missing.Required(map[string]bool{"name": in.Name != nil, "target": in.Target != nil})
		if err := missing.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		k = KPI{ID: domain.NewID(), ProjectID: p.ID, Direction: AtLeast, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := in.apply(&k).Err(); err != nil {
			return err
		}
		if err := s.repo.CreateKPI(ctx, k); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, a, audit.Entry{Action: "kpi.create", Entity: "kpi", EntityID: k.ID,
			Changes: map[string]any{"project_id": p.ID, "name": k.Name, "target": k.Target, "unit": k.Unit, "direction": k.Direction}}); err != nil {
			return err
		}
		return s.actualWith(ctx, a, &k, in.Actual)
	})
	return k, err
}

// UpdateKPI: the lead organization and program managers edit a KPI's name,
// unit and direction; its target changes by an approved change request once
// the project is under way, and by anyone who may write while in proposal.
func (s *Service) UpdateKPI(ctx context.Context, a domain.Actor, projectID, id string, in KPIInput) (KPI, error) {
	var k KPI
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, acc, err := s.loadWritable(ctx, a, projectID)
		if err != nil {
			return err
		}
		if k, err = s.kpiOf(ctx, p, id); err != nil {
			return err
		}
		if err := domain.CheckVersion("KPI", k.ID, k.Version, in.Version); err != nil {
			return err
		}
		if in.Target != nil && *in.Target != k.Target && p.Stage != StageProposal && !acc.pm {
			return domain.Conflict("the target of a project under way changes by a change request")
		}
		old := k
		if err := in.apply(&k).Err(); err != nil {
			return err
		}
		k.Version, k.UpdatedAt = k.Version+1, s.clock.Now()
		if err := s.repo.UpdateKPI(ctx, k, old.Version); err != nil {
			return err
		}
		if err := s.audit.Record(ctx, a, audit.Entry{Action: "kpi.update", Entity: "kpi", EntityID: k.ID,
			Changes: map[string]any{"project_id": p.ID, "target": []float64{old.Target, k.Target}, "direction": []Direction{old.Direction, k.Direction}}}); err != nil {
			return err
		}
		return s.actualWith(ctx, a, &k, in.Actual)
	})
	return k, err
}

func (s *Service) kpiOf(ctx context.Context, p Project, id string) (KPI, error) {
	k, err := s.repo.GetKPI(ctx, id)
	if domain.KindOf(err) == domain.KindNotFound || (err == nil && k.ProjectID != p.ID) {
		return KPI{}, domain.NotFound("KPI %s not found", id)
	}
	return k, err
}

// checkActual validates an actual value: a number, a date not in the future
// (Beijing time), a source of at most 200 characters.
func (s *Service) checkActual(in ActualInput) (float64, string, string, error) {
	var p domain.Problems
	if in.Value == nil {
		p.Add("value", domain.CodeRequired)
	}
	checkValue(&p, "value", in.Value)
	today := domain.Today(s.clock)
	date := today
	if d, ok := p.PastDate("date", in.Date, today); ok {
		date = d
	}
	p.TextLen("source", in.Source, 0, 200)
	if err := p.Err(); err != nil {
		return 0, "", "", err
	}
	source := ""
	if in.Source != nil {
		source = strings.TrimSpace(*in.Source)
	}
	return *in.Value, date.String(), source, nil
}

// RecordActual: the lead organization or a program manager records an
// actual value; the KPI's actual becomes the latest value by date.
func (s *Service) RecordActual(ctx context.Context, a domain.Actor, projectID, kpiID string, in ActualInput) (KPIActual, error) {
	var out KPIActual
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		p, _, err := s.loadWritable(ctx, a, projectID)
		if err != nil {
			return err
		}
		if ended(p) {
			return domain.Conflict("the project is %s", p.Stage)
		}
		k, err := s.kpiOf(ctx, p, kpiID)
		if err != nil {
			return err
		}
		v, date, source, err := s.checkActual(in)
		if err != nil {
			return err
		}
		out, err = s.recordActual(ctx, a, k, v, date, source)
		return err
	})
	return out, err
}

// recordActual keeps one value and makes the KPI's actual the latest by date
// (a value recorded for an earlier date is history, not the latest).
func (s *Service) recordActual(ctx context.Context, a domain.Actor, k KPI, v float64, date, source string) (KPIActual, error) {
	now := s.clock.Now()
	x := KPIActual{ID: domain.NewID(), KPIID: k.ID, ProjectID: k.ProjectID, Value: v, Date: date, Source: source,
		RecordedBy: a.UserID, CreatedAt: now}
	if err := s.repo.AddActual(ctx, x); err != nil {
		return KPIActual{}, err
	}
	latest, err := s.repo.LatestActual(ctx, k.ID)
	if err != nil {
		return KPIActual{}, err
	}
	old := k
	k.Actual, k.Version, k.UpdatedAt = &latest.Value, k.Version+1, now
	if err := s.repo.UpdateKPI(ctx, k, old.Version); err != nil {
		return KPIActual{}, err
	}
	return x, s.audit.Record(ctx, a, audit.Entry{Action: "kpi.actual", Entity: "kpi", EntityID: k.ID,
		Changes: map[string]any{"project_id": k.ProjectID, "value": v, "date": date, "source": source}})
}

// actualWith records v (if set) as today's actual value of k, which it
// updates to the KPI as it then is.
func (s *Service) actualWith(ctx context.Context, a domain.Actor, k *KPI, v *float64) error {
	if v == nil {
		return nil
	}
	if _, err := s.recordActual(ctx, a, *k, *v, domain.Day(s.clock.Now()), ""); err != nil {
		return err
	}
	got, err := s.repo.GetKPI(ctx, k.ID)
	*k = got
	return err
}

// Actuals is a KPI's history of actual values, oldest first.
func (s *Service) Actuals(ctx context.Context, a domain.Actor, projectID, kpiID string) ([]KPIActual, error) {
	p, _, err := s.load(ctx, a, projectID)
	if err != nil {
		return nil, err
	}
	if _, err := s.kpiOf(ctx, p, kpiID); err != nil {
		return nil, err
	}
	return s.repo.Actuals(ctx, kpiID)
}
