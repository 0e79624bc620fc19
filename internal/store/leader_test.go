package store_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestLeader: of two processes on one PostgreSQL database exactly one leads
// the background work; it keeps the lead; resigning hands it over at the
// other's next try; a leader whose session dies loses the lead to the other
// and learns it at its own next try. SQLite's one process always leads.
func TestLeader(t *testing.T) {
	ctx := context.Background()
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if db.Dialect() != store.Postgres {
			if lead, err := db.Leader().Lead(ctx); !lead || err != nil {
				t.Fatalf("SQLite: lead %v, %v", lead, err)
			}
		}
	})
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Skip("the PostgreSQL half needs TEST_DATABASE_URL") // storetest.Each above already refused a run without it, unless SQLite-only
	}
	url := storetest.PostgresURL(t)
	open := func() *store.DB {
		db, err := store.Open(ctx, store.Config{URL: url})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { _ = db.Close() })
		return db
	}
	db1, db2 := open(), open()
	a, b := db1.Leader(), db2.Leader()
	lead := func(l *store.Leader, want bool, when string) {
		t.Helper()
		got, err := l.Lead(ctx)
		if err != nil || got != want {
			t.Fatalf("%s: lead %v (%v), want %v", when, got, err, want)
		}
	}
	lead(a, true, "the first to ask")
	lead(b, false, "the second")
	lead(a, true, "the leader asks again")
	lead(b, false, "the second asks again")
	if err := a.Resign(ctx); err != nil {
		t.Fatal(err)
	}
	lead(b, true, "after the leader resigned")
	lead(a, false, "the one that resigned")
	// The leader's session dies (its process is killed, its connection cut).
	// Only this test database's holder of the leader's lock (key 2035_0002: objid, classid 0), never another test's.
	const held = `FROM pg_locks WHERE locktype = 'advisory' AND granted AND classid = 0 AND objid = 20350002 AND objsubid = 1
		AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`
	if err := db1.Gorm().Exec("SELECT pg_terminate_backend(pid) " + held).Error; err != nil {
		t.Fatal(err)
	}
	// Termination is signalled, not awaited: wait (at most 5 s) until the session is gone.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var n int64
		if err := db1.Gorm().Raw("SELECT COUNT(*) " + held).Scan(&n).Error; err != nil {
			t.Fatal(err)
		}
		if n == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the terminated leader still holds the lock after 5 s")
		}
	}
	lead(a, true, "after the leader's session died")
	lead(b, false, "the leader whose session died")
	if err := b.Resign(ctx); err != nil {
		t.Fatal(err)
	}
}
