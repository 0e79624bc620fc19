package store

import (
	"context"
	"database/sql"
	"sync"
)

// leaderLockKey is the PostgreSQL session advisory lock the leader holds
// (distinct from auditLockKey, which sealers take per transaction).
const leaderLockKey = 2035_0002

// Leader elects one process of several on one database to run the
// background work that should run once (the deadline sweep, reminders):
// on PostgreSQL the holder of a session advisory lock on a connection of
// its own — the lock goes with the connection, so a process that dies or
// loses its database loses the lead and another takes it at its next try;
// on SQLite, which one process serves, always this one.
type Leader struct {
	db   *DB
	mu   sync.Mutex
	conn *sql.Conn // holds the lock while leading (PostgreSQL)
}

// Leader returns an elector; Lead tries to take or keep the lead.
func (db *DB) Leader() *Leader { return &Leader{db: db} }

// Lead tells whether this process leads now: it keeps a lead it holds
// (checking its connection still works) or tries to take it.
func (l *Leader) Lead(ctx context.Context) (bool, error) {
	if l.db.dialect != Postgres {
		return true, nil
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conn != nil {
		if err := l.conn.PingContext(ctx); err == nil {
			return true, nil
		}
		_ = l.conn.Close() // the session, and with it the lock, is gone
		l.conn = nil
	}
	conn, err := l.db.sql.Conn(ctx)
	if err != nil {
		return false, err
	}
	var got bool
	if err := conn.QueryRowContext(ctx, "SELECT pg_try_advisory_lock($1)", leaderLockKey).Scan(&got); err != nil {
		_ = conn.Close()
		return false, err
	}
	if !got {
		return false, conn.Close()
	}
	l.conn = conn
	return true, nil
}

// Resign gives the lead up (on shutdown, so another process takes it at
// once rather than when this one's connection drops).
func (l *Leader) Resign(ctx context.Context) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.conn == nil {
		return nil
	}
	_, err := l.conn.ExecContext(ctx, "SELECT pg_advisory_unlock($1)", leaderLockKey)
	if cerr := l.conn.Close(); err == nil {
		err = cerr
	}
	l.conn = nil
	return err
}
