package account

import (
	"sync"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// LoginThrottle bounds password guessing without letting a stranger lock an
// account's owner out. Three counts of failures within a window:
//
//   - one account from one address: past perPair the address may not try that
//     account until the window has passed (it guesses no further; the owner
//     elsewhere is not affected);
//   - one account from every address: past perAccount (guessing spread over
//     many addresses) only addresses the account has signed in from before
//     may try it, so the owner at a usual desk still signs in;
//   - one address over every account: past perAddress (credential stuffing)
//     the address may try only the accounts that have signed in from it
//     before, so colleagues behind the same gateway still sign in.
//
// An address that signed in to an account is remembered for knownFor. It is
// kept in memory: each server process throttles on its own, which bounds
// guessing per process; a restart forgets, which only makes it stricter.
type LoginThrottle struct {
	mu                              sync.Mutex
	window, knownFor                time.Duration
	perPair, perAccount, perAddress int
	fails                           map[string][]time.Time
	known                           map[string]time.Time // "email\x00ip" → last sign-in
}

// KnownFor is how long an address that signed in to an account stays known.
const KnownFor = 30 * 24 * time.Hour

// maxKnown bounds the memory of known addresses (the oldest are forgotten);
// maxCounted is the number of counts past which expired ones are swept (a
// count is otherwise pruned only when its key comes again).
const (
	maxKnown   = 200_000
	maxCounted = 100_000
)

func NewLoginThrottle(window time.Duration, perPair, perAccount, perAddress int) *LoginThrottle {
	return &LoginThrottle{window: window, knownFor: KnownFor, perPair: perPair, perAccount: perAccount, perAddress: perAddress,
		fails: map[string][]time.Time{}, known: map[string]time.Time{}}
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

func pairKey(email, ip string) string { return email + "\x00" + ip }

func (t *LoginThrottle) isKnown(email, ip string, now time.Time) bool {
	at, ok := t.known[pairKey(email, ip)]
	return ok && now.Sub(at) < t.knownFor
}

// Allow answers a 429 error when this attempt may not be made now.
func (t *LoginThrottle) Allow(email, ip string, now time.Time) error {
	t.mu.Lock()
	defer t.mu.Unlock()
	refused := len(t.recent("p:"+pairKey(email, ip), now)) >= t.perPair
	if !refused && !t.isKnown(email, ip, now) {
		refused = len(t.recent("e:"+email, now)) >= t.perAccount || (ip != "" && len(t.recent("i:"+ip, now)) >= t.perAddress)
	}
	if refused {
		return domain.TooManyRequests(domain.Msg("too many failed sign-in attempts: wait %d minutes and try again", "登录失败次数过多，请 %d 分钟后再试"), int(t.window.Minutes()))
	}
	return nil
}

// Fail counts a failed attempt in all three counts.
func (t *LoginThrottle) Fail(email, ip string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.fails) >= maxCounted {
		for key := range t.fails {
			t.recent(key, now) // drops the keys whose failures have all expired
		}
	}
	keys := []string{"p:" + pairKey(email, ip), "e:" + email}
	if ip != "" {
		keys = append(keys, "i:"+ip)
	}
	for _, key := range keys {
		t.fails[key] = append(t.recent(key, now), now)
	}
}

// Succeed forgets the failures of the account from this address and
// remembers the address as one the account signs in from.
func (t *LoginThrottle) Succeed(email, ip string, now time.Time) {
	t.mu.Lock()
	defer t.mu.Unlock()
	delete(t.fails, "p:"+pairKey(email, ip))
	if ip == "" {
		return
	}
	if len(t.known) >= maxKnown {
		t.forgetOldest(now)
	}
	t.known[pairKey(email, ip)] = now
}

// forgetOldest makes room among the known addresses: the expired ones go,
// then those older than half the memory's span. A full memory costs some
// owners a throttled sign-in during an attack, never an unbounded map.
func (t *LoginThrottle) forgetOldest(now time.Time) {
	for _, span := range []time.Duration{t.knownFor, t.knownFor / 2, 0} {
		for k, at := range t.known {
			if now.Sub(at) >= span {
				delete(t.known, k)
			}
		}
		if len(t.known) < maxKnown {
			return
		}
	}
}
