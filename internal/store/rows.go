package store

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"gorm.io/gorm"
)

// The helpers every repository shares to turn domain values into rows and
// back: optional columns, times kept in UTC, JSON columns, and the guarded
// update that makes optimistic locking one rule.

// nullable stores "" as NULL (optional references and texts).
func nullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// deref reads a NULL as "".
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// utcPtr keeps optional times in UTC (SQLite compares times as text).
func utcPtr(t *time.Time) *time.Time {
	if t == nil {
		return nil
	}
	u := t.UTC()
	return &u
}

// mustJSON encodes a JSON column; only plain domain values are stored so.
func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// fromJSON decodes a JSON column; a column that does not decode is a
// damaged row, named in the error, never silently read as empty.
func fromJSON(entity, id, column, text string, dst any) error {
	if err := json.Unmarshal([]byte(text), dst); err != nil {
		return fmt.Errorf("%s %s: column %s does not hold valid JSON: %w", entity, id, column, err)
	}
	return nil
}

// rowsOf maps rows to domain values; a row that does not map fails the read.
func rowsOf[R, T any](rows []R, f func(R) (T, error)) ([]T, error) {
	out := make([]T, len(rows))
	for i, r := range rows {
		var err error
		if out[i], err = f(r); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// guarded finishes an update guarded by the old state (WHERE id = ? AND
// version = ? …): no row changed means someone else changed it first.
func guarded(res *gorm.DB, what, id string) error {
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Conflict(domain.Msg("%s %s was changed by someone else: reload and try again", "该记录（%[2]s）已被他人修改，请刷新后重试"), what, id)
	}
	return nil
}

// likePattern makes a case-insensitive substring pattern, escaping LIKE's wildcards.
func likePattern(q string) string {
	q = strings.ToLower(strings.TrimSpace(q))
	q = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)
	return "%" + q + "%"
}

// distinct drops empty and repeated ids, keeping the first of each: a page
// of twenty items by one owner asks for one name, not twenty.
func distinct(ids []string) []string {
	seen := make(map[string]bool, len(ids))
	out := make([]string, 0, len(ids))
	for _, id := range ids {
		if id != "" && !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// scanner is a row type that says where each column of its table goes.
type scanner[R any] interface {
	*R
	targets(cols []string) ([]any, error)
}

// scanAll runs q and scans its rows by hand into R (see challengeRow.targets):
// the same statement GORM would run, without its per-row reflection.
func scanAll[R any, P scanner[R]](q *gorm.DB) ([]R, error) {
	rows, err := q.Rows()
	if err != nil {
		return nil, translate(err)
	}
	defer func() { _ = rows.Close() }()
	cols, err := rows.Columns()
	if err != nil {
		return nil, translate(err)
	}
	var out []R
	for rows.Next() {
		var r R
		dest, err := P(&r).targets(cols)
		if err != nil {
			return nil, err
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, translate(err)
		}
		out = append(out, r)
	}
	return out, translate(rows.Err())
}

// mapRows turns rows into domain values.
func mapRows[R, T any](rows []R, f func(R) T) []T {
	out := make([]T, len(rows))
	for i, r := range rows {
		out[i] = f(r)
	}
	return out
}
