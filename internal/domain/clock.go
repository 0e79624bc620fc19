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
