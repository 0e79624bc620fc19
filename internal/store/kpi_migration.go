package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/pressly/goose/v3"

	"github.com/kcyj2035/portfolio/internal/domain/project"
)

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
