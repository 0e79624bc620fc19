package audit

import (
	"context"
	"sort"
	"sync"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Refused attempts are recorded, but bounded: anyone can send requests with
// bad tokens as fast as the network allows, and one permanent record each
// would let them grow the trail without limit. So the first refused attempt
// of a client (address, user, action) in a minute is recorded at once, the
// rest of that minute only counted in memory, and when the minute is over one
// more record carries the count (action "<action>.repeated"). A client's
// attempts thus cost at most two records a minute; when more clients than
// maxDeniedClients are refused in one minute, the rest share one bucket
// (address "*"). Counts not yet flushed are lost if the process dies: the
// first record of each minute never is.
const maxDeniedClients = 10000

type deniedKey struct {
	minute time.Time
	ip     string
	user   string
	action string
}

type deniedCount struct {
	actor   domain.Actor
	entity  string
	n       int             // attempts after the first
	targets map[string]bool // what they were aimed at (at most 10 named)
}

type deniedLog struct {
	mu   sync.Mutex
	open map[deniedKey]*deniedCount
}

// RecordDenied records a refused attempt, bounded as described above. The
// refused operation itself changed nothing, so a record written here has a
// transaction of its own.
func (s *Service) RecordDenied(ctx context.Context, actor domain.Actor, e Entry) error {
	k := deniedKey{minute: s.clock.Now().UTC().Truncate(time.Minute), ip: actor.Origin.IP, user: actor.UserID, action: e.Action}
	s.denied.mu.Lock()
	if s.denied.open == nil {
		s.denied.open = map[deniedKey]*deniedCount{}
	}
	if _, seen := s.denied.open[k]; !seen && len(s.denied.open) >= maxDeniedClients {
		k.ip, k.user = "*", ""
		actor = domain.Actor{Origin: domain.Origin{IP: "*"}}
	}
	if c, seen := s.denied.open[k]; seen {
		c.n++
		if len(c.targets) < 10 {
			c.targets[e.EntityID] = true
		}
		s.denied.mu.Unlock()
		return nil
	}
	s.denied.open[k] = &deniedCount{actor: actor, entity: e.Entity, targets: map[string]bool{}}
	s.denied.mu.Unlock()
	return s.tx.InTx(ctx, func(ctx context.Context) error { return s.Record(ctx, actor, e) })
}

// FlushDenied writes the counts of the minutes that are over (all of them
// when final, at shutdown) and forgets them. The app calls it every few seconds.
func (s *Service) FlushDenied(ctx context.Context, final bool) error {
	now := s.clock.Now().UTC().Truncate(time.Minute)
	s.denied.mu.Lock()
	var due []deniedKey
	var counts []*deniedCount
	for k, c := range s.denied.open {
		if final || k.minute.Before(now) {
			due = append(due, k)
			counts = append(counts, c)
			delete(s.denied.open, k)
		}
	}
	s.denied.mu.Unlock()
	for i, k := range due {
		c := counts[i]
		if c.n == 0 {
			continue
		}
		targets := make([]string, 0, len(c.targets))
		for t := range c.targets {
			targets = append(targets, t)
		}
		sort.Strings(targets)
		e := Entry{Action: k.action + ".repeated", Entity: c.entity, Changes: map[string]any{
			"count": c.n, "from": k.minute, "to": k.minute.Add(time.Minute), "targets": targets}}
		if err := s.tx.InTx(ctx, func(ctx context.Context) error { return s.Record(ctx, c.actor, e) }); err != nil {
			return err
		}
	}
	return nil
}
