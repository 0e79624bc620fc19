package portfolio

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// countingRepo counts the reads of the projects' figures; release, when set,
// holds every read until it is closed.
type countingRepo struct {
	reads    atomic.Int64
	release  chan struct{}
	deadline *time.Time // the next open challenge's
}

func (r *countingRepo) NextDeadline(_ context.Context, after time.Time) (*time.Time, error) {
	if r.deadline != nil && r.deadline.After(after) {
		return r.deadline, nil
	}
	return nil, nil
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
func (r *countingRepo) Outputs(context.Context, Filter) (OutputFigures, error) {
	return OutputFigures{}, nil
}
func (r *countingRepo) Work(_ context.Context, _ Filter, today string) (WorkFigures, error) {
	return WorkFigures{}, nil
}

// Reports fall overdue at Beijing midnight without a write: program managers'
// figures cached before it are read again after it.
func TestFiguresAreReadAgainAfterBeijingMidnight(t *testing.T) {
	repo, writes := &countingRepo{}, &counter{}
	clock := domain.NewManualClock(time.Date(2026, 12, 2, 15, 59, 58, 0, time.UTC)) // 23:59:58 in Beijing
	s := NewService(repo, clock, writes)
	pm := domain.Actor{UserID: "u", Role: domain.RoleProgramManager}
	read := func() int64 {
		sum, err := s.Summary(context.Background(), pm, Filter{})
		if err != nil {
			t.Fatal(err)
		}
		return sum.Projects.Total
	}
	first := read()
	if read() != first {
		t.Fatal("read again before midnight")
	}
	clock.Advance(3 * time.Second)
	if read() == first {
		t.Fatal("the figures cached before Beijing midnight were served after it")
	}
}

// counter is this process's commits (n) and the database's marker (other
// processes' commits move it too).
type counter struct {
	n      atomic.Uint64
	marker atomic.Int64
}

func (c *counter) Generation() uint64 { return c.n.Load() }
func (c *counter) Marker(context.Context) (string, error) {
	return fmt.Sprint(c.n.Load(), "/", c.marker.Load()), nil
}

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
	// Program managers see the money, from a cache the database's commit marker validates.
	if got := read(pm, Filter{}); got.Projects.Total != 5 || got.Funding == nil || got.Funding.Total != 7 {
		t.Fatalf("program manager: %+v, want read 5 with funding", got.Projects)
	}
	clock.Advance(time.Minute) // no TTL: the marker decides
	if got := read(pm, Filter{}).Projects.Total; got != 5 {
		t.Fatalf("unchanged database: read %d, want the cached 5", got)
	}
	writes.marker.Add(1) // another process committed
	if got := read(pm, Filter{}).Projects.Total; got != 6 {
		t.Fatalf("after another process's commit: read %d, want a fresh read", got)
	}
	writes.n.Add(1) // this process committed
	if got := read(pm, Filter{}).Projects.Total; got != 7 {
		t.Fatalf("after this process's commit: read %d, want a fresh read", got)
	}
	// A deadline passing changes the figures without a write.
	d := clock.Now().Add(time.Second)
	repo.deadline = &d
	writes.n.Add(1)
	for _, who := range []domain.Actor{pm, anon} {
		first := read(who, Filter{}).Projects.Total
		if again := read(who, Filter{}).Projects.Total; again != first {
			t.Fatalf("%s: read again before the deadline (%d, %d)", who.Role, first, again)
		}
	}
	clock.Advance(time.Second)
	before := repo.reads.Load()
	read(pm, Filter{})
	read(anon, Filter{})
	if repo.reads.Load() != before+2 {
		t.Fatalf("a deadline passed and the figures were not read again")
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
