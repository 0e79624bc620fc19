// Package portfolio owns the programme's figures: projects by stage,
// category, field and district, the share in "315" fields against the 80%
// target, funding by source and status, the challenge board's outcomes and
// consortia by model — all aggregated by the database.
package portfolio

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Target315 is the programme's KPI: at least 80% of projects in 315 fields.
const Target315 = 0.8

// Filter narrows every figure.
type Filter struct {
	Year     int // the year an item was created
	Category string
	FieldID  string // a level-1 field includes its children
	District string // the lead (or owner) organization's district
}

// Count is one group of a breakdown.
type Count struct {
	Key   string
	Count int64
}

// Sum is one group of money.
type Sum struct {
	Key    string
	Amount int64
}

// ProjectFigures are the project counts.
type ProjectFigures struct {
	Total       int64
	ByStage     []Count
	ByCategory  []Count
	ByField     []Count // by level-1 field (三大科创高地)
	ByDistrict  []Count
	Priority315 int64
}

// FundingFigures are the sums of live funding lines (program managers and admins).
type FundingFigures struct {
	Total    int64
	BySource []Sum
	ByStatus []Sum
}

// ChallengeFigures are the board's figures.
type ChallengeFigures struct {
	Total    int64
	ByStatus []Count // effective status
	// Bids per challenge whose deadline has passed (sealed ones do not count).
	BidsMean float64
	BidsMax  int64
	// Days from publication to award: the median over awarded challenges.
	MedianDaysToAward *float64
}

// OutputFigures count the outputs register (成果).
type OutputFigures struct {
	Total    int64
	ByType   []Count
	Landmark int64   // 标志性成果
	ByField  []Count // by the project's level-1 field
	ByYear   []Count // by the output's year
}

// WorkFigures count what is under way after the award.
type WorkFigures struct {
	ReportsDue       int64 // due or returned, not submitted yet (overdue ones too)
	ReportsOverdue   int64
	ReportsSubmitted int64 // waiting for a program manager
	ChangesPending   int64
}

// Repository computes the figures in the database.
type Repository interface {
	Projects(ctx context.Context, f Filter) (ProjectFigures, error)
	Funding(ctx context.Context, f Filter) (FundingFigures, error)
	// Challenges counts by effective status as of now; privileged readers
	// see every status but drafts, others only the public board's.
	Challenges(ctx context.Context, f Filter, now time.Time, privileged bool) (ChallengeFigures, error)
	Consortia(ctx context.Context, f Filter) (total int64, byModel []Count, err error)
	// Outputs counts the outputs of the projects the filter selects.
	Outputs(ctx context.Context, f Filter) (OutputFigures, error)
	// Work counts reports and change requests; a report is overdue after
	// its due date (today: a Beijing day).
	Work(ctx context.Context, f Filter, today string) (WorkFigures, error)
	// NextDeadline is the earliest bid deadline after t of a published
	// challenge (nil: none): the figures change then without a write.
	NextDeadline(ctx context.Context, after time.Time) (*time.Time, error)
}

// Summary is every figure of domain.md.
type Summary struct {
	Projects         ProjectFigures
	Share315         float64
	Meets315         bool
	Funding          *FundingFigures // nil for readers who do not see money
	Challenges       ChallengeFigures
	FailureRate      float64 // 流榜率: failed / (awarded + failed)
	ConsortiaTotal   int64
	ConsortiaByModel []Count
	Outputs          OutputFigures
	Work             WorkFigures
}

// Service computes the figures.
type Service struct {
	repo  Repository
	clock domain.Clock
	cache *figureCache // nil: every call reads
}

// PublicCacheTTL is how long the public figures may be served from the cache
// when no write committed in this process meanwhile.
const PublicCacheTTL = 2 * time.Second

// NewService computes the figures from repo. With changes, figures are
// cached while nothing changed (see figureCache); without, every call reads.
func NewService(repo Repository, clock domain.Clock, changes Changes) *Service {
	s := &Service{repo: repo, clock: clock}
	if changes != nil {
		s.cache = &figureCache{ttl: PublicCacheTTL, changes: changes, repo: repo, clock: clock.Now, entries: map[cacheKey]cached{}}
	}
	return s
}

// Summary: anyone gets counts and shares; program managers and admins also
// money. Everyone else sees the same public figures, at most PublicCacheTTL
// behind other processes' writes; program managers' figures are exact.
func (s *Service) Summary(ctx context.Context, a domain.Actor, f Filter) (Summary, error) {
	privileged := a.IsStaff()
	if s.cache == nil {
		return s.summary(ctx, f, privileged)
	}
	return s.cache.get(ctx, f, privileged, func(ctx context.Context) (Summary, error) { return s.summary(ctx, f, privileged) })
}

func (s *Service) summary(ctx context.Context, f Filter, privileged bool) (Summary, error) {
	var out Summary
	var err error
	if out.Projects, err = s.repo.Projects(ctx, f); err != nil {
		return Summary{}, err
	}
	if out.Projects.Total > 0 {
		out.Share315 = float64(out.Projects.Priority315) / float64(out.Projects.Total)
	}
	out.Meets315 = out.Projects.Total > 0 && out.Share315 >= Target315
	if privileged {
		fig, err := s.repo.Funding(ctx, f)
		if err != nil {
			return Summary{}, err
		}
		out.Funding = &fig
	}
	if out.Challenges, err = s.repo.Challenges(ctx, f, s.clock.Now(), privileged); err != nil {
		return Summary{}, err
	}
	var awarded, failed int64
	for _, c := range out.Challenges.ByStatus {
		switch c.Key {
		case "awarded":
			awarded = c.Count
		case "failed":
			failed = c.Count
		}
	}
	if awarded+failed > 0 {
		out.FailureRate = float64(failed) / float64(awarded+failed)
	}
	if out.ConsortiaTotal, out.ConsortiaByModel, err = s.repo.Consortia(ctx, f); err != nil {
		return Summary{}, err
	}
	if out.Outputs, err = s.repo.Outputs(ctx, f); err != nil {
		return Summary{}, err
	}
	out.Work, err = s.repo.Work(ctx, f, domain.Day(s.clock.Now()))
	return out, err
}
