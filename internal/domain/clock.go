package domain

import (
	"sync"
	"time"
)

// Clock is the only source of "now" in the domain, so tests can move time
// (deadlines, token expiry) without sleeping.
type Clock interface {
	Now() time.Time
}

// SystemClock reads the wall clock, in UTC.
type SystemClock struct{}

func (SystemClock) Now() time.Time { return time.Now().UTC() }

// OffsetClock is the wall clock moved forward by what has been added to it:
// the clock of a process under a browser test that must not wait for a real
// deadline. Only a test build can reach its Advance (cmd/portfolio's
// testclock.go).
type OffsetClock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *OffsetClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().UTC().Add(c.offset)
}

// Advance moves the clock forward by d (never back: time in the programme
// only goes forward) and answers the new time.
func (c *OffsetClock) Advance(d time.Duration) time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	if d > 0 {
		c.offset += d
	}
	return time.Now().UTC().Add(c.offset)
}

// ManualClock is a clock a test sets and advances.
type ManualClock struct {
	mu  sync.Mutex
	now time.Time
}

func NewManualClock(t time.Time) *ManualClock { return &ManualClock{now: t.UTC()} }

func (c *ManualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *ManualClock) Set(t time.Time) {
	c.mu.Lock()
	c.now = t.UTC()
	c.mu.Unlock()
}

func (c *ManualClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

// Beijing is the programme's time zone: dates (due dates, report dates) are
// Beijing days.
var Beijing = time.FixedZone("CST", 8*3600)

// Day is t's Beijing date, YYYY-MM-DD.
func Day(t time.Time) string { return t.In(Beijing).Format("2006-01-02") }
