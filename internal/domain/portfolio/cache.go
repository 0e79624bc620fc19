package portfolio

import (
	"context"
	"strconv"
	"sync"
	"time"

	"golang.org/x/sync/singleflight"
)

// Changes tells whether anything was written since: Generation moves on with
// every committed write of this process (store.DB implements it).
type Changes interface {
	Generation() uint64
}

// publicCache keeps the figures every reader without money sees (anonymous
// callers, enterprises, institutes, experts: they all see the same public
// figures) for a short time: an entry serves while no write has committed in
// this process and for at most ttl (which bounds what writes of other
// processes and passing deadlines can leave unseen). Concurrent misses for
// one filter compute it once. Program managers and admins are never served
// from it.
type publicCache struct {
	ttl     time.Duration
	changes Changes
	clock   func() time.Time
	flight  singleflight.Group

	mu      sync.Mutex
	entries map[Filter]cached
}

type cached struct {
	at      time.Time
	gen     uint64
	summary Summary
}

// maxCached bounds the filters kept; the figures' filters are few in practice.
const maxCached = 512

func (c *publicCache) get(ctx context.Context, f Filter, compute func(context.Context) (Summary, error)) (Summary, error) {
	gen, now := c.changes.Generation(), c.clock()
	c.mu.Lock()
	e, ok := c.entries[f]
	c.mu.Unlock()
	if ok && e.gen == gen && now.Sub(e.at) < c.ttl && !now.Before(e.at) {
		return e.summary, nil
	}
	key := filterKey(f)
	v, err, _ := c.flight.Do(key, func() (any, error) {
		gen := c.changes.Generation() // taken before reading: a write during the read makes the entry stale at once
		s, err := compute(context.WithoutCancel(ctx))
		if err != nil {
			return Summary{}, err
		}
		c.mu.Lock()
		if len(c.entries) >= maxCached {
			clear(c.entries)
		}
		c.entries[f] = cached{at: c.clock(), gen: gen, summary: s}
		c.mu.Unlock()
		return s, nil
	})
	if err != nil {
		return Summary{}, err
	}
	return v.(Summary), nil
}

func filterKey(f Filter) string {
	return strconv.Itoa(f.Year) + "\x00" + f.Category + "\x00" + f.FieldID + "\x00" + f.District
}
