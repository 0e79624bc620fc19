package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestSweepRunsInTheLeaderOnly: while another process leads the background
// work, this process's deadline sweep records nothing; once the lead is
// given up, its next turn closes the challenge past its deadline. (SQLite's
// one process always leads.)
func TestSweepRunsInTheLeaderOnly(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		id := w.Published(w.Enterprise, "截止清扫挑战", time.Hour)
		w.Advance(2 * time.Hour)
		stored := func() string {
			t.Helper()
			var s string
			if err := db.Gorm().Raw("SELECT status FROM challenges WHERE id = ?", id).Scan(&s).Error; err != nil {
				t.Fatal(err)
			}
			return s
		}
		sweepOnce := func() {
			env.App.SweepDeadlinesOnce(context.Background(), slog.New(slog.NewTextHandler(io.Discard, nil)))
		}
		other := db.Leader() // another process's elector: a session of its own
		if lead, err := other.Lead(context.Background()); err != nil || !lead {
			t.Fatalf("the other process takes the lead: %v %v", lead, err)
		}
		sweepOnce()
		if db.Dialect() == store.Postgres {
			if s := stored(); s != "published" {
				t.Fatalf("a process that does not lead swept: %s", s)
			}
		}
		if err := other.Resign(context.Background()); err != nil {
			t.Fatal(err)
		}
		sweepOnce()
		if s := stored(); s != "closed" {
			t.Fatalf("the leader's sweep left the challenge %s", s)
		}
	})
}
