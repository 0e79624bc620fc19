package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strconv"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
)

type txKey struct{}

// txState is what a transaction learns about itself while it runs.
type (
	txStateKey struct{}
	txState    struct {
		audited bool // it appended audit records: wake the sealer on commit
		wrote   bool // a statement changed rows: the generation moves on commit
	}
)

// InTx implements domain.Transactor. A nested call joins the outer transaction.
// On PostgreSQL a serialization failure or deadlock retries the whole function.
func (db *DB) InTx(ctx context.Context, fn func(ctx context.Context) error) error {
	if _, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return fn(ctx)
	}
	var err error
	state := &txState{}
	// The transaction's statements carry the state in their context (the
	// callbacks of countWrites read it there).
	sctx := context.WithValue(ctx, txStateKey{}, state)
	for attempt := 0; attempt < 4; attempt++ {
		*state = txState{}
		err = db.gorm.WithContext(sctx).Transaction(func(tx *gorm.DB) error {
			return fn(context.WithValue(sctx, txKey{}, tx))
		})
		if !retryable(err) {
			break
		}
	}
	if err == nil && state.wrote {
		db.generation.Add(1)
	}
	if err == nil && state.audited {
		select {
		case db.auditCommitted <- struct{}{}:
		default: // a wake-up is pending already
		}
	}
	return translate(err)
}

// Generation moves on with every transaction of this process that changed
// rows, when it commits (and with every change made outside a transaction): a
// cache of figures compares it to know whether anything was written since.
// Transactions that only read, or found nothing to do, leave it alone.
func (db *DB) Generation() uint64 { return db.generation.Load() }

// countWrites registers the callbacks that tell Generation about changes: a
// create, update, delete or executed statement (other than a SELECT, such as
// taking an advisory lock) that affected rows.
func (db *DB) countWrites() error {
	wrote := func(tx *gorm.DB) {
		if tx.Error != nil || tx.Statement.RowsAffected <= 0 {
			return
		}
		if state, ok := tx.Statement.Context.Value(txStateKey{}).(*txState); ok {
			state.wrote = true
		} else {
			db.generation.Add(1)
		}
	}
	cb := db.gorm.Callback()
	return errors.Join(
		cb.Create().After("gorm:create").Register("portfolio:wrote", wrote),
		cb.Update().After("gorm:update").Register("portfolio:wrote", wrote),
		cb.Delete().After("gorm:delete").Register("portfolio:wrote", wrote),
		cb.Raw().After("gorm:raw").Register("portfolio:wrote", func(tx *gorm.DB) {
			if !strings.HasPrefix(strings.ToUpper(strings.TrimSpace(tx.Statement.SQL.String())), "SELECT") {
				wrote(tx)
			}
		}),
	)
}

// Marker names the database's commit state for caches that must be exact
// across processes: on PostgreSQL the current snapshot (its xmax moves when a
// writing transaction starts, its in-progress list when one ends), which any
// commit by any process changes; with this process's generation, so its own
// commits count at once. The embedded database is one process's: the
// generation is every commit.
func (db *DB) Marker(ctx context.Context) (string, error) {
	gen := strconv.FormatUint(db.Generation(), 10)
	if db.dialect != Postgres {
		return gen, nil
	}
	var snap string
	if err := db.gorm.WithContext(ctx).Raw("SELECT pg_current_snapshot()::text").Scan(&snap).Error; err != nil {
		return "", translate(err)
	}
	return gen + "/" + snap, nil
}

// AuditCommitted fires after a transaction that appended audit records
// commits (at most one wake-up is kept pending): the sealer's cue.
func (db *DB) AuditCommitted() <-chan struct{} { return db.auditCommitted }

// conn is the handle a repository uses: the context's transaction if any.
func (db *DB) conn(ctx context.Context) *gorm.DB {
	if tx, ok := ctx.Value(txKey{}).(*gorm.DB); ok {
		return tx
	}
	return db.gorm.WithContext(ctx)
}

func inTx(ctx context.Context) bool {
	_, ok := ctx.Value(txKey{}).(*gorm.DB)
	return ok
}

func retryable(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && (pgErr.Code == "40001" || pgErr.Code == "40P01")
}

// translate turns driver errors into domain errors: a missing row is
// NotFound, a unique violation is Conflict, a lost or refused connection is
// Unavailable. Domain errors pass through unchanged.
func translate(err error) error {
	if err == nil {
		return nil
	}
	var de *domain.Error
	switch {
	case errors.As(err, &de):
		return err
	case errors.Is(err, gorm.ErrRecordNotFound):
		return &domain.Error{Kind: domain.KindNotFound, Message: "not found", Err: err}
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return &domain.Error{Kind: domain.KindConflict, Message: "this already exists", Err: err}
	case unavailable(err):
		return domain.Unavailable(redacted{err}, domain.Msg("the database is unavailable: try again shortly", "数据库暂不可用，请稍后重试"))
	}
	return redacted{err}
}

func unavailable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		c := pgErr.Code
		// 08: connection exception; 57P0x: shutdown; 53300: too many connections; 57014: statement timeout.
		return strings.HasPrefix(c, "08") || strings.HasPrefix(c, "57P0") || c == "53300" || c == "57014"
	}
	var connErr *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connErr) || errors.As(err, &netErr) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, sql.ErrConnDone) || strings.Contains(err.Error(), "sql: database is closed") ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNREFUSED) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, context.DeadlineExceeded) ||
		strings.Contains(err.Error(), "SQLITE_BUSY") || strings.Contains(err.Error(), "database is locked")
}
