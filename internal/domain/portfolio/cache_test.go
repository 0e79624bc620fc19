package portfolio

import (
	"context"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// countingRepo counts the reads of the projects' figures; release, when set,
// holds every read until it is closed.
type countingRepo struct {
	reads   atomic.Int64
	release chan struct{}
}

func (r *countingRepo) Projects(context.Context, Filter) (ProjectFigures, error) {
	if r.release != nil {
		<-r.release
	}
	return ProjectFigures{Total: r.reads.Add(1)}, nil
}
func (r *countingRepo) Funding(context.Context, Filter) (FundingFigures, error) {
	return FundingFigures{Total: 7}, nil
}
func (r *countingRepo) Challenges(context.Context, Filter, time.Time, bool) (ChallengeFigures, error) {
	return ChallengeFigures{}, nil
}
func (r *countingRepo) Consortia(context.Context, Filter) (int64, []Count, error) { return 0, nil, nil }

type counter struct{ n atomic.Uint64 }

func (c *counter) Generation() uint64 { return c.n.Load() }

func TestPublicFiguresAreCachedUntilAWriteOrTheTTL(t *testing.T) {
	repo, writes := &countingRepo{}, &counter{}
	clock := domain.NewManualClock(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC))
	s := NewService(repo, clock, writes)
	ctx, anon, pm := context.Background(), domain.Actor{}, domain.Actor{UserID: "u", Role: domain.RoleProgramManager}
	read := func(a domain.Actor, f Filter) Summary {
		t.Helper()
		sum, err := s.Summary(ctx, a, f)
		if err != nil {
			t.Fatal(err)
		}
		return sum
	}
	if a, b := read(anon, Filter{}), read(anon, Filter{}); a.Projects.Total != 1 || b.Projects.Total != 1 || a.Funding != nil {
		t.Fatalf("two public reads: %d and %d reads, funding %v", a.Projects.Total, b.Projects.Total, a.Funding)
	}
	if got := read(anon, Filter{Year: 2026}).Projects.Total; got != 2 {
		t.Fatalf("another filter was served from the cache (read %d)", got)
	}
	writes.n.Add(1) // a write committed
	if got := read(anon, Filter{}).Projects.Total; got != 3 {
		t.Fatalf("after a write: read %d, want a fresh read", got)
	}
	clock.Advance(PublicCacheTTL)
	if got := read(anon, Filter{}).Projects.Total; got != 4 {
		t.Fatalf("after the TTL: read %d, want a fresh read", got)
	}
	// Program managers always read afresh and see the money.
	for want := int64(5); want <= 6; want++ {
		if got := read(pm, Filter{}); got.Projects.Total != want || got.Funding == nil || got.Funding.Total != 7 {
			t.Fatalf("program manager: %+v, want read %d with funding", got.Projects, want)
		}
	}
}

func TestConcurrentMissesReadOnce(t *testing.T) {
	repo, writes := &countingRepo{release: make(chan struct{})}, &counter{}
	s := NewService(repo, domain.NewManualClock(time.Now()), writes)
	const readers = 20
	var wg sync.WaitGroup
	var started sync.WaitGroup
	started.Add(readers)
	totals := make([]int64, readers)
	for i := range readers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			started.Done()
			sum, err := s.Summary(context.Background(), domain.Actor{}, Filter{})
			if err != nil {
				t.Error(err)
			}
			totals[i] = sum.Projects.Total
		}()
	}
	started.Wait()
	time.Sleep(50 * time.Millisecond) // let them all ask before the read returns (the test holds either way)
	close(repo.release)
	wg.Wait()
	if n := repo.reads.Load(); n > 2 {
		t.Errorf("%d concurrent public reads read the database %d times", readers, n)
	}
	for i, total := range totals {
		if total < 1 {
			t.Errorf("reader %d got %d", i, total)
		}
	}
}
