package project

import (
	"context"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

// KPIStore keeps a project's KPIs and their actual values.
type KPIStore interface {
	KPIs(ctx context.Context, projectID string) ([]KPI, error)
	GetKPI(ctx context.Context, id string) (KPI, error)
	CreateKPI(ctx context.Context, k KPI) error
	UpdateKPI(ctx context.Context, k KPI, version int) error
	AddActual(ctx context.Context, x KPIActual) error
	// LatestActual is the KPI's value of the latest date (the latest recorded among equal dates).
	LatestActual(ctx context.Context, kpiID string) (KPIActual, error)
	Actuals(ctx context.Context, kpiID string) ([]KPIActual, error)
}

// Direction says which way a KPI's target is met.
type Direction string

const (
	AtLeast Direction = "at_least" // the actual must reach the target (击穿场强 ≥ 45 kV/mm)
	AtMost  Direction = "at_most"  // the actual must stay at or under it (损耗 ≤ 0.5%)
)

// Directions lists both.
func Directions() []Direction { return []Direction{AtLeast, AtMost} }

// KPI is a key performance indicator: a numeric target, a unit, a direction
// and the latest actual value (nil until one is recorded).
type KPI struct {
	ID        string
	ProjectID string
	Name      string
	Target    float64
	Actual    *float64
	Unit      string
	Direction Direction
	Version   int
	CreatedAt time.Time
	UpdatedAt time.Time
}

// Progress is how far the actual is toward the target, from 0 to 1 (capped
// at 1); nil while no actual is recorded.
func (k KPI) Progress() *float64 {
	if k.Actual == nil {
		return nil
	}
	a, t := *k.Actual, k.Target
	var p float64
	switch {
	case k.Direction == AtMost && a <= t:
		p = 1
	case k.Direction == AtMost:
		p = t / a // over the ceiling: how far over
	case t <= 0:
		p = 1
	default:
		p = a / t
	}
	p = math.Max(0, math.Min(1, p))
	return &p
}

// KPIActual is one actual value of a KPI, as recorded on a date from a source
// (a test report, a periodic report …).
type KPIActual struct {
	ID         string
	KPIID      string
	ProjectID  string
	Value      float64
	Date       domain.Date
	Source     string
	RecordedBy string
	CreatedAt  time.Time
}

var targetNumber = regexp.MustCompile(`[-+]?\d+(?:[.,]\d+)?`)

// ParseTarget reads an indicator's target as challenges state it ("≥ 45",
// "≤0.5%", "不低于 30", "30"): its number and direction. ok is false when
// it holds no number.
func ParseTarget(s string) (value float64, d Direction, ok bool) {
	t := strings.TrimSpace(s)
	d = AtLeast
	for _, p := range []string{"≤", "<=", "<", "＜", "不超过", "不高于", "至多", "低于", "小于", "max"} {
		if strings.HasPrefix(strings.ToLower(t), p) {
			d = AtMost
			break
		}
	}
	n := targetNumber.FindString(t)
	if n == "" {
		return 0, d, false
	}
	v, err := strconv.ParseFloat(strings.ReplaceAll(n, ",", "."), 64)
	if err != nil {
		return 0, d, false
	}
	return v, d, true
}

// KPIInput creates or edits a KPI; nil fields stay. The actual is recorded
// with RecordActual (it keeps its history), not here.
type KPIInput struct {
	Name      *string
	Target    *float64
	Unit      *string
	Direction *string
	// Actual, if set, is recorded as today's actual value (as RecordActual does).
	Actual  *float64
	Version *int
}

// maxKPIValue bounds targets and actuals (a float64 holds them exactly enough
// and no indicator of the programme is larger).
const maxKPIValue = 1e15

func checkValue(p *domain.Problems, field string, v *float64) {
	if v != nil && (math.IsNaN(*v) || math.IsInf(*v, 0) || math.Abs(*v) > maxKPIValue) {
		p.Add(field, codeKPIValue, "max", maxKPIValue)
	}
}

func (in KPIInput) apply(k *KPI) domain.Problems {
	var p domain.Problems
	p.TextLen("name", in.Name, 1, 200)
	p.TextLen("unit", in.Unit, 0, 50)
	checkValue(&p, "target", in.Target)
	checkValue(&p, "actual", in.Actual)
	var dir Direction
	if in.Direction != nil {
		var ok bool
		if dir, ok = domain.ParseEnum(*in.Direction, Directions()); !ok {
			p.Add("direction", domain.CodeOneOf, "allowed", domain.EnumList(Directions()))
		}
	}
	if len(p) > 0 {
		return p
	}
	if in.Name != nil {
		k.Name = strings.TrimSpace(*in.Name)
	}
	if in.Unit != nil {
		k.Unit = strings.TrimSpace(*in.Unit)
	}
	if in.Target != nil {
		k.Target = *in.Target
	}
	if in.Direction != nil {
		k.Direction = dir
	}
	return nil
}

// ActualInput records an actual value of a KPI.
type ActualInput struct {
	Value  *float64
	Date   *string
	Source *string
}

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
			return domain.Conflict(domain.Msg("the target of a project under way changes by a change request", "项目实施中，考核指标目标值须通过变更申请调整"))
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
		return KPI{}, domain.NotFound(domain.Msg("KPI %s not found", "未找到考核指标 %s"), id)
	}
	return k, err
}

// checkActual validates an actual value: a number, a date not in the future
// (Beijing time), a source of at most 200 characters.
func (s *Service) checkActual(in ActualInput) (float64, domain.Date, string, error) {
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
		return 0, domain.Date{}, "", err
	}
	source := ""
	if in.Source != nil {
		source = strings.TrimSpace(*in.Source)
	}
	return *in.Value, date, source, nil
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
			return domain.Conflict(domain.Msg("the project is %s", "项目当前为「%s」"), p.Stage)
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
func (s *Service) recordActual(ctx context.Context, a domain.Actor, k KPI, v float64, date domain.Date, source string) (KPIActual, error) {
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
	if _, err := s.recordActual(ctx, a, *k, *v, domain.Today(s.clock), ""); err != nil {
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
