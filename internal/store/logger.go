package store

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"regexp"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"
)

// sqlLogger is GORM's logger for this application. It never writes a
// statement's parameter values (passwords hashes, sealed bids, tokens travel
// as parameters): it implements gorm's ParamsFilter, so GORM renders the SQL
// with placeholders only, and it logs driver errors redacted (redactError).
// Outcomes the application expects — no row, a duplicate turned into 409, a
// query abandoned by its client — are not database failures and are not
// logged as errors. Slow statements are logged as warnings, all statements at
// debug level when the log level asks for it.
type sqlLogger struct {
	log   *slog.Logger
	slow  time.Duration
	level logger.LogLevel
}

func newSQLLogger(log *slog.Logger) sqlLogger {
	return sqlLogger{log: log, slow: 500 * time.Millisecond, level: logger.Warn}
}

func (l sqlLogger) LogMode(level logger.LogLevel) logger.Interface { l.level = level; return l }

// ParamsFilter is what GORM asks before rendering a statement for a log
// line: the values are dropped.
func (l sqlLogger) ParamsFilter(_ context.Context, sql string, _ ...any) (string, []any) {
	return sql, nil
}

// Info, Warn and Error carry GORM's own messages (migrator, callbacks); their
// arguments are not statement parameters.
func (l sqlLogger) Info(ctx context.Context, msg string, args ...any) {
	if l.level >= logger.Info {
		l.log.InfoContext(ctx, fmt.Sprintf(msg, args...))
	}
}

func (l sqlLogger) Warn(ctx context.Context, msg string, args ...any) {
	if l.level >= logger.Warn {
		l.log.WarnContext(ctx, fmt.Sprintf(msg, args...))
	}
}

func (l sqlLogger) Error(ctx context.Context, msg string, args ...any) {
	if l.level >= logger.Error {
		l.log.ErrorContext(ctx, fmt.Sprintf(msg, args...))
	}
}

func (l sqlLogger) Trace(ctx context.Context, begin time.Time, fc func() (string, int64), err error) {
	if l.level <= logger.Silent {
		return
	}
	elapsed := time.Since(begin)
	switch {
	case err != nil && l.level >= logger.Error && !expectedOutcome(err):
		sql, rows := fc()
		l.log.ErrorContext(ctx, "sql failed", "err", redactError(err), "sql", sql, "rows", rows,
			"elapsed_ms", elapsed.Milliseconds())
	case l.slow > 0 && elapsed > l.slow && l.level >= logger.Warn:
		sql, rows := fc()
		l.log.WarnContext(ctx, "slow sql", "sql", sql, "rows", rows, "elapsed_ms", elapsed.Milliseconds())
	case l.level >= logger.Info:
		sql, rows := fc()
		l.log.DebugContext(ctx, "sql", "sql", sql, "rows", rows, "elapsed_ms", elapsed.Milliseconds())
	}
}

// expectedOutcome: errors the services turn into answers, not failures.
func expectedOutcome(err error) bool {
	return errors.Is(err, gorm.ErrRecordNotFound) || errors.Is(err, gorm.ErrDuplicatedKey) ||
		errors.Is(err, context.Canceled)
}

// quoted matches what PostgreSQL quotes in a message: an identifier or, in
// messages such as `invalid input syntax for type uuid: "…"`, a value.
var quoted = regexp.MustCompile(`"[^"]*"`)

// redactError renders a driver error without any value it may quote. From a
// PostgreSQL error it keeps the code, the constraint, table and column names
// (from their own fields, not from the text) and the message with every
// quoted part elided; its Detail ("Key (email)=(…) already exists") is never
// used. SQLite's messages name constraints and columns, not values.
func redactError(err error) string {
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		s := fmt.Sprintf("%s %s: %s", pg.Severity, pg.Code, quoted.ReplaceAllString(pg.Message, `"…"`))
		for _, kv := range [][2]string{{"constraint", pg.ConstraintName}, {"table", pg.TableName}, {"column", pg.ColumnName}} {
			if kv[1] != "" {
				s += " " + kv[0] + "=" + kv[1]
			}
		}
		return s
	}
	return err.Error()
}

// redacted wraps a driver error the store passes on, so that whoever logs it
// later (the HTTP error handler) prints the redacted text; errors.Is/As still
// see the original.
type redacted struct{ err error }

func (r redacted) Error() string { return redactError(r.err) }
func (r redacted) Unwrap() error { return r.err }
