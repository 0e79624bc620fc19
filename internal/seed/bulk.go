package seed

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/kcyj2035/portfolio/internal/store"
)

// bulk writes generated rows into one table inside the seeding transaction:
// COPY on PostgreSQL, multi-row INSERT statements on SQLite.
type bulk interface {
	write(ctx context.Context, table string, cols []string, n int, row func(i int) []any) error
	exec(ctx context.Context, sql string, args ...any) error
}

// inBulkTx runs fn in one transaction on a connection of its own: the seeding
// commits whole or not at all.
func inBulkTx(ctx context.Context, db *store.DB, fn func(b bulk) error) error {
	conn, err := db.SQL().Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if db.Dialect() == store.Postgres {
		return conn.Raw(func(dc any) error {
			c, ok := dc.(*stdlib.Conn)
			if !ok {
				return fmt.Errorf("seed: the PostgreSQL driver is not pgx (%T)", dc)
			}
			tx, err := c.Conn().Begin(ctx)
			if err != nil {
				return err
			}
			defer func() { _ = tx.Rollback(context.WithoutCancel(ctx)) }()
			// One long transaction of COPYs: the server's per-statement limit is for requests.
			if _, err := tx.Exec(ctx, "SET LOCAL statement_timeout = 0"); err != nil {
				return err
			}
			if err := fn(pgBulk{tx}); err != nil {
				return err
			}
			return tx.Commit(ctx)
		})
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() { _ = tx.Rollback() }()
	if err := fn(sqliteBulk{tx}); err != nil {
		return err
	}
	return tx.Commit()
}

type pgBulk struct{ tx pgx.Tx }

func (b pgBulk) write(ctx context.Context, table string, cols []string, n int, row func(i int) []any) error {
	i := 0
	copied, err := b.tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if i >= n {
			return nil, nil
		}
		i++
		return row(i - 1), nil
	}))
	if err != nil {
		return fmt.Errorf("copy %s: %w", table, err)
	}
	if copied != int64(n) {
		return fmt.Errorf("copy %s: %d of %d rows", table, copied, n)
	}
	return nil
}

func (b pgBulk) exec(ctx context.Context, sql string, args ...any) error {
	_, err := b.tx.Exec(ctx, sql, args...)
	return err
}

type sqliteBulk struct{ tx *sql.Tx }

// sqliteVars is how many bound values one statement carries. SQLite allows
// 32,766, but the driver binds each value by a search over them all: a few
// hundred per statement bind fastest.
const sqliteVars = 400

func (b sqliteBulk) write(ctx context.Context, table string, cols []string, n int, row func(i int) []any) error {
	per := max(1, min(500, sqliteVars/len(cols)))
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ") + ")"
	head := "INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES "
	var full *sql.Stmt
	defer func() {
		if full != nil {
			_ = full.Close()
		}
	}()
	args := make([]any, 0, per*len(cols))
	for start := 0; start < n; start += per {
		k := min(per, n-start)
		args = args[:0]
		for i := start; i < start+k; i++ {
			args = append(args, row(i)...)
		}
		var err error
		if k == per {
			if full == nil {
				if full, err = b.tx.PrepareContext(ctx, head+strings.TrimSuffix(strings.Repeat(one+", ", per), ", ")); err != nil {
					return fmt.Errorf("insert into %s: %w", table, err)
				}
			}
			_, err = full.ExecContext(ctx, args...)
		} else {
			_, err = b.tx.ExecContext(ctx, head+strings.TrimSuffix(strings.Repeat(one+", ", k), ", "), args...)
		}
		if err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
	}
	return nil
}

func (b sqliteBulk) exec(ctx context.Context, sql string, args ...any) error {
	_, err := b.tx.ExecContext(ctx, sql, args...)
	return err
}
