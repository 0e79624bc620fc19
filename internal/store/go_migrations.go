package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"regexp"
	"strings"

	"github.com/pressly/goose/v3"

	"github.com/kcyj2035/portfolio/internal/domain/project"
)

// The migrations written in Go, where SQL alone cannot say the change (the
// SQL ones are in migrations/, one folder per dialect). Each is registered
// by its number in db.go's provider.

// kpiNumbers is migration 10: KPIs stated as text before issue 12 ("≥ 45",
// "30") get their number and direction, read by the same rule the award
// uses for a challenge's indicators. The text columns stay for the record.
// A target without a number is 0 (shown, and corrected by a change request).
func (db *DB) kpiNumbers() *goose.Migration {
	q := func(s string) string {
		if db.dialect == Postgres {
			for i := 1; strings.Contains(s, "?"); i++ {
				s = strings.Replace(s, "?", "$"+string(rune('0'+i)), 1)
			}
		}
		return s
	}
	up := func(ctx context.Context, tx *sql.Tx) error {
		rows, err := tx.QueryContext(ctx, "SELECT id, target, actual FROM kpis")
		if err != nil {
			return err
		}
		type kpi struct{ id, target, actual string }
		var all []kpi
		for rows.Next() {
			var k kpi
			if err := rows.Scan(&k.id, &k.target, &k.actual); err != nil {
				rows.Close()
				return err
			}
			all = append(all, k)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, k := range all {
			target, dir, _ := project.ParseTarget(k.target)
			var actual any
			if v, _, ok := project.ParseTarget(k.actual); ok {
				actual = v
			}
			if _, err := tx.ExecContext(ctx, q("UPDATE kpis SET target_value = ?, direction = ?, actual_value = ? WHERE id = ?"),
				target, string(dir), actual, k.id); err != nil {
				return err
			}
		}
		return nil
	}
	return goose.NewGoMigration(10, &goose.GoFunc{RunTx: up}, &goose.GoFunc{RunTx: func(context.Context, *sql.Tx) error { return nil }})
}

// projectPerWinner is migration 15: a challenge with several winners (赛马)
// becomes one project per winner, so "one project per challenge" becomes
// "one project per challenge and lead organization". PostgreSQL drops the
// column's unique constraint; SQLite cannot drop a column constraint, so the
// table is rebuilt by SQLite's documented procedure (foreign keys off on one
// connection, new table from the live definition without the constraint,
// rows copied, indexes recreated, foreign keys checked, all in one
// transaction).
func (db *DB) projectPerWinner() *goose.Migration {
	const perWinner = "CREATE UNIQUE INDEX projects_challenge_lead_key ON projects (challenge_id, lead_org_id) WHERE challenge_id IS NOT NULL"
	up := func(ctx context.Context, sqldb *sql.DB) error {
		if db.dialect == Postgres {
			_, err := sqldb.ExecContext(ctx, "ALTER TABLE projects DROP CONSTRAINT IF EXISTS projects_challenge_id_key; "+perWinner)
			return err
		}
		return rebuildSQLiteTable(ctx, sqldb, "projects", regexp.MustCompile(`(challenge_id\s+TEXT)\s+UNIQUE`), "$1", perWinner)
	}
	// Down restores one project per challenge; it fails while a challenge has
	// several winners (going back would lose their projects' link).
	down := func(ctx context.Context, sqldb *sql.DB) error {
		if _, err := sqldb.ExecContext(ctx, "DROP INDEX IF EXISTS projects_challenge_lead_key"); err != nil {
			return err
		}
		if db.dialect == Postgres {
			_, err := sqldb.ExecContext(ctx, "ALTER TABLE projects ADD CONSTRAINT projects_challenge_id_key UNIQUE (challenge_id)")
			return err
		}
		return rebuildSQLiteTable(ctx, sqldb, "projects", regexp.MustCompile(`(challenge_id\s+TEXT)(\s+REFERENCES)`), "$1 UNIQUE$2")
	}
	return goose.NewGoMigration(15, &goose.GoFunc{RunDB: up}, &goose.GoFunc{RunDB: down})
}

// rebuildSQLiteTable rebuilds table with its definition edited by re
// (replaced by repl), keeping its rows and indexes, then runs extra.
func rebuildSQLiteTable(ctx context.Context, sqldb *sql.DB, table string, re *regexp.Regexp, repl string, extra ...string) (err error) {
	conn, err := sqldb.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA foreign_keys = OFF"); err != nil {
		return err
	}
	defer func() {
		if _, e := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA foreign_keys = ON"); e != nil && err == nil {
			err = e
		}
	}()
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tx.Rollback()
		}
	}()
	var ddl string
	if err := tx.QueryRowContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", table).Scan(&ddl); err != nil {
		return err
	}
	edited := re.ReplaceAllString(ddl, repl)
	if edited == ddl {
		return fmt.Errorf("rebuild %s: the definition has nothing to change", table)
	}
	tmp := table + "_rebuild"
	// A renamed table's definition names it quoted: CREATE TABLE "projects".
	name := regexp.MustCompile(`^CREATE TABLE\s+"?` + regexp.QuoteMeta(table) + `"?`)
	if !name.MatchString(edited) {
		return fmt.Errorf("rebuild %s: unexpected definition %.40q", table, edited)
	}
	edited = name.ReplaceAllLiteralString(edited, "CREATE TABLE "+tmp)
	rows, err := tx.QueryContext(ctx, "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL", table)
	if err != nil {
		return err
	}
	var indexes []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		indexes = append(indexes, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	stmts := append([]string{edited, fmt.Sprintf("INSERT INTO %s SELECT * FROM %s", tmp, table), "DROP TABLE " + table,
		fmt.Sprintf("ALTER TABLE %s RENAME TO %s", tmp, table)}, indexes...)
	for _, s := range append(stmts, extra...) {
		if _, err := tx.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("rebuild %s: %s: %w", table, s, err)
		}
	}
	bad, err := tx.QueryContext(ctx, "PRAGMA foreign_key_check")
	if err != nil {
		return err
	}
	broken := bad.Next()
	bad.Close()
	if broken {
		return errors.New("rebuild " + table + ": a foreign key no longer holds")
	}
	return tx.Commit()
}
