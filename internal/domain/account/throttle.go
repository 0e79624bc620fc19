package account

import (
	"sync"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// LoginThrottle refuses sign-in attempts after too many failures for one email
// or from one address within a window. It is kept in memory: each server
// process throttles on its own, which bounds guessing per process.
type LoginThrottle struct {
	mu       sync.Mutex
	window   time.Duration
	perEmail int
	perIP    int
	fails    map[string][]time.Time
}

func NewLoginThrottle(window time.Duration, perEmail, perIP int) *LoginThrottle {
	return &LoginThrottle{window: window, perEmail: perEmail, perIP: perIP, fails: map[string][]time.Time{}}
}

func (t *LoginThrottle) recent(key string, now time.Time) []time.Time {
	ts := t.fails[key]
	i := 0
	for i < len(ts) && now.Sub(ts[i]) >= t.window {
		i++
	}
	ts = ts[i:]
	if len(ts) == 0 {
		delete(t.fails, key)
	} else {
		t.fails[key] = ts
	}
	return ts
}

// Allow answers a 429 error when the email or address has failed too often.
func (t *LoginThrottle) Allow(email, ip string, now time.Time) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.recent("e:"+email, now)) >= t.perEmail || (ip != "" && len(t.recent("i:"+ip, now)) >= t.perIP) {
		return domain.TooManyRequests("too many failed sign-in attempts: wait %d minutes and try again", int(t.window.Minutes()))
	}
	return nil
}

func (t *LoginThrottle) Fail(email, ip string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fails["e:"+email] = append(t.recent("e:"+email, now), now)
	if ip != "" {
		t.fails["i:"+ip] = append(t.recent("i:"+ip, now), now)
	}
}

// Succeed forgets the email's failures (not the address's).
func (t *LoginThrottle) Succeed(email string) {
	t.mu.Lock()
	delete(t.fails, "e:"+email)
	t.mu.Unlock()
}
