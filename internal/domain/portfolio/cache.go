package portfolio

import (
	"github.com/kcyj2035/portfolio/internal/domain"

	"context"
	"fmt"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Changes tells whether anything was written since (store.DB implements it).
type Changes interface {
	// Generation moves on with every transaction this process commits.
	Generation() uint64
	// Marker names the database's commit state: it differs after any commit
	// by any process (on PostgreSQL the current snapshot; on the embedded
	// database, which one process owns, the process's generation).
	Marker(ctx context.Context) (string, error)
}

// figureCache keeps computed figures so readers do not recompute them while
// nothing changed. Two kinds of entries:
//
//   - public figures (what every reader without money sees: anonymous
//     callers, enterprises, institutes, experts) serve while no write has
//     committed in this process and for at most ttl, which bounds what other
//     processes' writes can leave unseen; no database round trip;
//   - program managers' and admins' figures serve only while the database's
//     commit marker is unchanged (one tiny query per read): exact.
//
// Either expires when the next open challenge's deadline passes (its
// effective status changes without a write). Concurrent misses for one key
// compute it once.
type figureCache struct {
	ttl     time.Duration
	changes Changes
	repo    Repository
	clock   func() time.Time
	flight  singleflight.Group

	mu      sync.Mutex
	entries map[cacheKey]cached
}

type cacheKey struct {
	f          Filter
	privileged bool
}

type cached struct {
	gen        uint64
	marker     string
	validUntil time.Time
	summary    Summary
}

// maxCached bounds the entries kept; the figures' filters are few in practice.
const maxCached = 512

func (c *figureCache) get(ctx context.Context, f Filter, privileged bool, compute func(context.Context) (Summary, error)) (Summary, error) {
	key := cacheKey{f, privileged}
	gen, now := c.changes.Generation(), c.clock()
	var marker string
	if privileged {
		var err error
		if marker, err = c.changes.Marker(ctx); err != nil {
			return Summary{}, err
		}
	}
	c.mu.Lock()
	e, ok := c.entries[key]
	c.mu.Unlock()
	if ok && e.gen == gen && e.marker == marker && now.Before(e.validUntil) {
		return e.summary, nil
	}
	v, err, _ := c.flight.Do(fmt.Sprintf("%v", key), func() (any, error) {
		ctx := context.WithoutCancel(ctx)
		// Taken before reading: a commit during the read leaves the entry stale at once.
		gen, start := c.changes.Generation(), c.clock()
		marker := ""
		if privileged {
			var err error
			if marker, err = c.changes.Marker(ctx); err != nil {
				return Summary{}, err
			}
		}
		s, err := compute(ctx)
		if err != nil {
			return Summary{}, err
		}
		validUntil := start.Add(c.ttl)
		if privileged {
			validUntil = start.Add(time.Hour) // the marker decides; an hour bounds the unforeseen
		}
		next, err := c.repo.NextDeadline(ctx, start)
		if err != nil {
			return Summary{}, err
		}
		if next != nil && next.Before(validUntil) {
			validUntil = *next
		}
		// Reports fall overdue at Beijing midnight, without a write.
		y, m, d := start.In(domain.Beijing).Date()
		if midnight := time.Date(y, m, d+1, 0, 0, 0, 0, domain.Beijing); midnight.Before(validUntil) {
			validUntil = midnight
		}
		c.mu.Lock()
		if len(c.entries) >= maxCached {
			clear(c.entries)
		}
		c.entries[key] = cached{gen: gen, marker: marker, validUntil: validUntil, summary: s}
		c.mu.Unlock()
		return s, nil
	})
	if err != nil {
		return Summary{}, err
	}
	return v.(Summary), nil
}
