package portfolio

import (
	"context"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

// TargetKeys are the yearly targets the bureau sets, each with an actual
// value the database computes for the year:
//
//	new_projects           projects started (approved) that were created in the year
//	landmark_outputs       landmark outputs (标志性成果) dated in the year
//	share_315              percent of the year's projects in 315 priority fields
//	challenges_published   challenges published in the year
//	matching_funds         yuan of live municipal matching lines created in the year
//	high_tech_enterprises  verified high-tech enterprises (now)
//	subsidised_enterprises enterprises with a line in the year's published R&D subsidy batch
func TargetKeys() []string {
	return []string{"new_projects", "landmark_outputs", "share_315", "challenges_published", "matching_funds", "high_tech_enterprises",
		"subsidised_enterprises"}
}

// Target is one key's target for a year and the actual value.
type Target struct {
	Key    string
	Target *float64 // nil: not set
	Actual float64
}

// TargetRepository keeps the targets and computes the actual values.
type TargetRepository interface {
	Targets(ctx context.Context, year int) (map[string]float64, error)
	// SetTargets replaces the year's targets.
	SetTargets(ctx context.Context, year int, targets map[string]float64, userID string, at time.Time) error
	Actuals(ctx context.Context, year int) (map[string]float64, error)
}

// Targets answers the yearly targets.
type Targets struct {
	repo  TargetRepository
	tx    domain.Transactor
	audit *audit.Service
	clock domain.Clock
}

func NewTargets(repo TargetRepository, tx domain.Transactor, a *audit.Service, clock domain.Clock) *Targets {
	return &Targets{repo: repo, tx: tx, audit: a, clock: clock}
}

func checkYear(year int) error {
	if year < 2020 || year > 2100 {
		return domain.Invalid(domain.Msg("no such year", "年份无效"), domain.Problem("year", codeYear))
	}
	return nil
}

// For is every key's target and actual value for the year (anyone may read).
func (s *Targets) For(ctx context.Context, year int) ([]Target, error) {
	if year == 0 {
		year = s.clock.Now().In(domain.Beijing).Year()
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	set, err := s.repo.Targets(ctx, year)
	if err != nil {
		return nil, err
	}
	actual, err := s.repo.Actuals(ctx, year)
	if err != nil {
		return nil, err
	}
	out := make([]Target, 0, len(TargetKeys()))
	for _, k := range TargetKeys() {
		t := Target{Key: k, Actual: actual[k]}
		if v, ok := set[k]; ok {
			t.Target = &v
		}
		out = append(out, t)
	}
	return out, nil
}

// Set replaces a year's targets (program managers and admins); keys left out
// are unset. Audited with the values before and after.
func (s *Targets) Set(ctx context.Context, a domain.Actor, year int, items []Target) ([]Target, error) {
	if !a.IsStaff() {
		return nil, domain.Forbidden(domain.Msg("only program managers and admins set the yearly targets", "只有项目主管和平台管理员可以设置年度目标"))
	}
	if err := checkYear(year); err != nil {
		return nil, err
	}
	var p domain.Problems
	targets := map[string]float64{}
	for i, it := range items {
		f := fmt.Sprintf("items[%d]", i)
		_, dup := targets[it.Key]
		switch {
		case !slices.Contains(TargetKeys(), it.Key) || dup:
			p.Add(f+".key", domain.CodeOneOf, "allowed", domain.EnumList(TargetKeys()))
			continue
		case it.Target == nil:
			p.Add(f+".target", domain.CodeRequired)
			continue
		}
		limit := 1e15
		if it.Key == "share_315" {
			limit = 100
		}
		if v := *it.Target; math.IsNaN(v) || v < 0 || v > limit {
			p.Add(f+".target", codeTarget, "max", limit)
			continue
		}
		targets[it.Key] = *it.Target
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		before, err := s.repo.Targets(ctx, year)
		if err != nil {
			return err
		}
		if err := s.repo.SetTargets(ctx, year, targets, a.UserID, s.clock.Now()); err != nil {
			return err
		}
		return s.audit.Record(ctx, a, audit.Entry{Action: "targets.set", Entity: "targets", EntityID: fmt.Sprint(year),
			Changes: map[string]any{"before": before, "after": targets}})
	})
	if err != nil {
		return nil, err
	}
	return s.For(ctx, year)
}

var (
	codeYear   = domain.NewCode("targets.year", "must be a year from 2020 to 2100", "须为 2020 至 2100 之间的年份")
	codeTarget = domain.NewCode("targets.value", "must be a number from 0 to {max}", "须为 0 至 {max} 之间的数")
)
