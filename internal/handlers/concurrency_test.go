package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"sync"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/handlers"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// race sends n copies of a request at once and counts the statuses.
func race(env *at.Env, n int, req func(i int) at.Request) map[int]int {
	var mu sync.Mutex
	var wg sync.WaitGroup
	counts := map[int]int{}
	start := make(chan struct{})
	for i := 0; i < n; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			<-start
			r := env.Do(req(i))
			mu.Lock()
			counts[r.Status]++
			mu.Unlock()
		}(i)
	}
	close(start)
	wg.Wait()
	return counts
}

func countRows(t *testing.T, db *store.DB, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	if err := db.Gorm().Table(table).Where(where, args...).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

func TestChallengeConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()

		t.Run("20 approvals of one challenge: one wins", func(t *testing.T) {
			id := w.Submitted(w.Enterprise, "并发审批")
			body := w.Approval(48 * time.Hour)
			body["version"] = 2
			got := race(env, 20, func(int) at.Request {
				return at.Request{Method: "POST", Path: "/api/v1/challenges/" + id + "/approve", Token: w.PM.Token, Body: body}
			})
			if got[200] != 1 || got[409] != 19 {
				t.Fatalf("statuses = %v, want one 200 and nineteen 409", got)
			}
			if n := countRows(t, db, "audit_records", "action = ? AND entity_id = ?", "challenge.approve", id); n != 1 {
				t.Fatalf("%d approval records", n)
			}
			// Without a version too: the guard is the status in the UPDATE itself.
			id2 := w.Submitted(w.Enterprise, "并发审批二")
			got = race(env, 20, func(int) at.Request {
				return at.Request{Method: "POST", Path: "/api/v1/challenges/" + id2 + "/approve", Token: w.PM.Token, Body: w.Approval(48 * time.Hour)}
			})
			if got[200] != 1 || got[409] != 19 {
				t.Fatalf("without version: statuses = %v", got)
			}
		})

		t.Run("20 first bids of one organization: one bid", func(t *testing.T) {
			id := w.Published(w.Enterprise, "并发揭榜", 48*time.Hour)
			got := race(env, 20, func(int) at.Request {
				return at.Request{Method: "POST", Path: "/api/v1/challenges/" + id + "/bids", Token: w.Institute.Token, Body: at.BidBody()}
			})
			if got[201] != 1 || got[409] != 19 {
				t.Fatalf("statuses = %v", got)
			}
			if n := countRows(t, db, "bids", "challenge_id = ? AND organization_id = ?", id, w.Institute.OrgID); n != 1 {
				t.Fatalf("%d bids", n)
			}
		})

		t.Run("20 confirmations: one project", func(t *testing.T) {
			id, _ := w.Proposed(w.Enterprise, "并发确认", w.Institute, w.InstituteOther)
			got := race(env, 20, func(int) at.Request {
				return at.Request{Method: "POST", Path: "/api/v1/challenges/" + id + "/award/confirm", Token: w.Enterprise.Token}
			})
			if got[200] != 1 || got[409] != 19 {
				t.Fatalf("statuses = %v", got)
			}
			if n := countRows(t, db, "projects", "challenge_id = ?", id); n != 1 {
				t.Fatalf("%d projects", n)
			}
			if n := countRows(t, db, "bids", "challenge_id = ? AND status = 'awarded'", id); n != 1 {
				t.Fatalf("%d awarded bids", n)
			}
		})

		if v := verifyOverHTTP(t, env, w.Admin.Token); !v.OK {
			t.Fatalf("audit chain after the races: %+v", v)
		}
	})
}

// TestDeadlineSweepInSeveralProcesses: two servers on one database sweep
// while readers look; the challenge is closed once, the owner told once.
func TestDeadlineSweepInSeveralProcesses(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		var ids []string
		for i := 0; i < 5; i++ {
			id := w.Published(w.Enterprise, "到期自动截止", time.Hour)
			w.Bid(w.Institute, id)
			ids = append(ids, id)
		}
		// A second "process": its own services on the same database and clock.
		other, err := app.New(db, app.Options{Blobs: at.Blobs(t), JWTSecret: []byte("test-secret-test-secret-test-secret!"), BcryptCost: 4,
			Clock: env.Clock, Logger: slog.New(slog.NewTextHandler(io.Discard, nil)), HTTP: handlers.Deps{}})
		if err != nil {
			t.Fatal(err)
		}
		w.Advance(2 * time.Hour)
		var wg sync.WaitGroup
		for _, a := range []*app.App{env.App, other, env.App, other} {
			wg.Add(1)
			go func(a *app.App) {
				defer wg.Done()
				if _, err := a.Challenges.CloseDue(context.Background()); err != nil {
					t.Error(err)
				}
			}(a)
		}
		for _, id := range ids { // lazy closing by readers at the same time
			wg.Add(1)
			go func(id string) { defer wg.Done(); env.Get("", "/api/v1/challenges/"+id) }(id)
		}
		wg.Wait()
		for _, id := range ids {
			if n := countRows(t, db, "challenges", "id = ? AND status = 'closed'", id); n != 1 {
				t.Fatalf("challenge %s not closed in the database", id)
			}
			if n := countRows(t, db, "audit_records", "action = 'challenge.close' AND entity_id = ?", id); n != 1 {
				t.Fatalf("challenge %s closed %d times", id, n)
			}
			if n := countRows(t, db, "notifications", "kind = 'challenge.closed' AND entity_id = ? AND user_id = ?", id, w.Enterprise.ID); n != 1 {
				t.Fatalf("owner told %d times about %s", n, id)
			}
		}
	})
}
