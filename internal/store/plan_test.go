package store_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// lastQuery runs fn and returns the SQL (in the driver's placeholder style)
// and arguments of the last query GORM ran in it.
func lastQuery(t *testing.T, db *store.DB, fn func()) (string, []any) {
	t.Helper()
	var sql string
	var vars []any
	name := fmt.Sprintf("test:capture:%d", time.Now().UnixNano())
	record := func(tx *gorm.DB) { sql, vars = tx.Statement.SQL.String(), append([]any(nil), tx.Statement.Vars...) }
	cb := db.Gorm().Callback()
	// Lists read by hand (scanAll) run through Rows, the row callbacks.
	if err := errors.Join(cb.Query().After("gorm:query").Register(name, record), cb.Row().After("gorm:row").Register(name, record)); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cb.Query().Remove(name); _ = cb.Row().Remove(name) }()
	fn()
	if sql == "" {
		t.Fatal("no query ran")
	}
	return sql, vars
}

// plan is the database's plan for sql, as text.
func plan(t *testing.T, db *store.DB, sql string, vars []any) string {
	t.Helper()
	explain := "EXPLAIN "
	if db.Dialect() == store.SQLite {
		explain = "EXPLAIN QUERY PLAN "
	}
	rows, err := db.SQL().QueryContext(context.Background(), explain+sql, vars...)
	if err != nil {
		t.Fatalf("explain %s: %v", sql, err)
	}
	defer func() { _ = rows.Close() }()
	cols, _ := rows.Columns()
	var out []string
	for rows.Next() {
		cells := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range cells {
			ptrs[i] = &cells[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, fmt.Sprint(cells...))
	}
	return strings.Join(out, "\n")
}

// planStatement is one statement of a plan test's data.
type planStatement struct {
	q    string
	args []any
}

// seedPlan writes an owner (organization and user, 'plan-org' and
// 'plan-user'), then the statements, then ANALYZE, so that both planners
// know the data they plan for.
func seedPlan(t *testing.T, db *store.DB, now time.Time, stmts ...planStatement) {
	t.Helper()
	all := append([]planStatement{
		{`INSERT INTO organizations (id, name, type, status, created_at, updated_at) VALUES ('plan-org', '计划测试企业', 'enterprise', 'verified', ?, ?)`, []any{now, now}},
		{`INSERT INTO users (id, email, name, role, organization_id, password_hash, created_at, updated_at)
		  VALUES ('plan-user', 'plan@test.kcyj2035.cn', '计划', 'enterprise', 'plan-org', 'x', ?, ?)`, []any{now, now}},
	}, stmts...)
	for _, st := range append(all, planStatement{q: "ANALYZE"}) {
		if err := db.Gorm().Exec(st.q, st.args...).Error; err != nil {
			t.Fatalf("%s: %v", st.q, err)
		}
	}
}

// TestBoardPlanSkipsDrafts: the public board's page is read in order from the
// partial index of public challenges: neither are the drafts newer than every
// public challenge walked and skipped (3,000 here), nor are all the public
// challenges (2,000) sorted for each page.
func TestBoardPlanSkipsDrafts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		id := "printf('%s%05d', ?, i)"
		if db.Dialect() == store.Postgres {
			id = "? || lpad(i::text, 5, '0')"
		}
		seedPlan(t, db, now,
			// The public challenges are the oldest ids ("a…"), the drafts the newest ("z…").
			planStatement{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000)
			  INSERT INTO challenges (id, owner_id, created_by, title, status, created_at, updated_at)
			  SELECT ` + id + `, 'plan-org', 'plan-user', '公开榜单', 'published', ?, ? FROM n`, []any{"a", now, now}},
			planStatement{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
			  INSERT INTO challenges (id, owner_id, created_by, title, status, created_at, updated_at)
			  SELECT ` + id + `, 'plan-org', 'plan-user', '草稿', 'draft', ?, ? FROM n`, []any{"z", now, now}})
		var page []challenge.Challenge
		q, vars := lastQuery(t, db, func() {
			var err error
			page, err = db.Challenges().List(ctx, challenge.Filter{Now: now}, domain.Page{Limit: 21})
			if err != nil {
				t.Fatal(err)
			}
		})
		if len(page) != 21 || page[0].ID != "a02000" {
			t.Fatalf("the board's first page: %d challenges, first %q", len(page), page[0].ID)
		}
		if p := plan(t, db, q, vars); !strings.Contains(p, "challenges_public_idx") {
			t.Errorf("the board does not read the public index:\n%s\n%s", q, p)
		}
	})
}

// TestFieldFilterPlan: the board filtered by a (leaf) field, with or without a
// status, reads in id order from an index and never sorts the public set.
func TestFieldFilterPlan(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		now := time.Now().UTC()
		id, field := "printf('%s%05d', ?, i)", "printf('f%02d', i % 20)"
		if db.Dialect() == store.Postgres {
			id, field = "? || lpad(i::text, 5, '0')", "'f' || lpad((i % 20)::text, 2, '0')"
		}
		seedPlan(t, db, now,
			planStatement{`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 19)
			  INSERT INTO fields (id, name, name_en, created_at, updated_at) SELECT ` + field + `, '领域', 'Field', ?, ? FROM n`, []any{now, now}},
			planStatement{`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 4000)
			  INSERT INTO challenges (id, owner_id, created_by, title, field_id, status, bid_deadline, created_at, updated_at)
			  SELECT ` + id + `, 'plan-org', 'plan-user', '公开榜单', ` + field + `, CASE WHEN i % 3 = 0 THEN 'closed' ELSE 'awarded' END, ?, ?, ? FROM n`,
				[]any{"c", now.Add(-time.Hour), now, now}})
		for _, f := range []challenge.Filter{
			{Now: now, FieldID: "f07"},
			{Now: now, FieldID: "f07", Statuses: []challenge.Status{challenge.StatusClosed}},
		} {
			var page []challenge.Challenge
			q, vars := lastQuery(t, db, func() {
				var err error
				if page, err = db.Challenges().List(ctx, f, domain.Page{Limit: 21}); err != nil {
					t.Fatal(err)
				}
			})
			if len(page) != 21 || page[0].FieldID != "f07" {
				t.Fatalf("filter %+v: %d challenges", f, len(page))
			}
			// In id order, never sorting the public set: SQLite through the field
			// index (it used to read every matching status and sort); PostgreSQL
			// by its costs, through the field index or backwards through the
			// public one, filtering as it goes.
			p := plan(t, db, q, vars)
			inOrder := !strings.Contains(p, "TEMP B-TREE") && !strings.Contains(p, "Sort")
			index := strings.Contains(p, "challenges_field_idx") ||
				db.Dialect() == store.Postgres && strings.Contains(p, "Index Scan Backward using challenges_public_idx")
			if !inOrder || !index {
				t.Errorf("filter %+v does not read an index in id order:\n%s\n%s", f, q, p)
			}
		}
	})
}
