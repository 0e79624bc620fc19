package store_test

import (
	"fmt"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// schema is what both dialects' migrations must agree on: the tables, each
// table's columns with their nullability, its primary key, and its unique
// indexes (columns in order; a partial index is marked, its predicate not
// compared). Written as sorted lines so that a difference reads as a diff.
type schema map[string][]string // table → lines

func (s schema) add(table, line string) { s[table] = append(s[table], line) }

func (s schema) lines() []string {
	var out []string
	for t, ls := range s {
		sort.Strings(ls)
		for _, l := range ls {
			out = append(out, t+": "+l)
		}
	}
	sort.Strings(out)
	return out
}

// TestDialectsAgree migrates a fresh database of each dialect and compares
// their schemas: every migration is written twice (migrations/postgres and
// migrations/sqlite), and this is where the two copies are held to one shape.
func TestDialectsAgree(t *testing.T) {
	if os.Getenv("TEST_DATABASE_URL") == "" {
		t.Skip("needs PostgreSQL beside SQLite: set TEST_DATABASE_URL (make test starts one)")
	}
	var got [2]schema
	for i, d := range storetest.Drivers(t) {
		db := d.Open(t)
		if db.Dialect() == store.Postgres {
			got[i] = postgresSchema(t, db)
		} else {
			got[i] = sqliteSchema(t, db)
		}
	}
	sqlite, postgres := got[0].lines(), got[1].lines()
	for _, l := range sqlite {
		if !slices.Contains(postgres, l) {
			t.Errorf("only SQLite has %s", l)
		}
	}
	for _, l := range postgres {
		if !slices.Contains(sqlite, l) {
			t.Errorf("only PostgreSQL has %s", l)
		}
	}
	if len(sqlite) < 100 {
		t.Fatalf("only %d schema lines read: the reading is broken", len(sqlite))
	}
}

// ignoredTable: goose's bookkeeping, and SQLite's own and full-text tables
// (PostgreSQL searches Chinese with a trigram index on the table itself).
func ignoredTable(name string) bool {
	return name == "goose_db_version" || strings.HasPrefix(name, "sqlite_") || strings.Contains(name, "_fts")
}

func postgresSchema(t *testing.T, db *store.DB) schema {
	s := schema{}
	type col struct {
		TableName, ColumnName, IsNullable string
	}
	var cols []col
	if err := db.Gorm().Raw(`SELECT c.table_name, c.column_name, c.is_nullable FROM information_schema.columns c
		JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'`).Scan(&cols).Error; err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		if !ignoredTable(c.TableName) {
			s.add(c.TableName, fmt.Sprintf("column %s null=%v", c.ColumnName, c.IsNullable == "YES"))
		}
	}
	type index struct {
		Table, Columns string
		Primary        bool
		Partial        bool
		Expression     bool
	}
	var idx []index
	if err := db.Gorm().Raw(`SELECT t.relname AS "table", ix.indisprimary AS "primary", ix.indpred IS NOT NULL AS partial,
			0 = ANY (ix.indkey::int2[]) AS expression,
			(SELECT string_agg(a.attname, ',' ORDER BY k.n) FROM unnest(ix.indkey::int2[]) WITH ORDINALITY AS k(attnum, n)
				JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum) AS columns
		FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_namespace ns ON ns.oid = t.relnamespace
		WHERE ns.nspname = current_schema() AND ix.indisunique`).Scan(&idx).Error; err != nil {
		t.Fatal(err)
	}
	for _, i := range idx {
		if !ignoredTable(i.Table) {
			s.add(i.Table, indexLine(i.Primary, i.Partial, i.Expression, i.Columns))
		}
	}
	return s
}

func indexLine(primary, partial, expression bool, columns string) string {
	switch {
	case primary:
		return "primary key (" + columns + ")"
	case expression:
		return "unique index on an expression" + map[bool]string{true: " (partial)"}[partial]
	}
	return "unique (" + columns + ")" + map[bool]string{true: " (partial)"}[partial]
}

func sqliteSchema(t *testing.T, db *store.DB) schema {
	s := schema{}
	var tables []struct{ Name, SQL string }
	if err := db.Gorm().Raw(`SELECT name, sql FROM sqlite_master WHERE type = 'table'`).Scan(&tables).Error; err != nil {
		t.Fatal(err)
	}
	for _, tb := range tables {
		if ignoredTable(tb.Name) || strings.HasPrefix(strings.ToUpper(tb.SQL), "CREATE VIRTUAL TABLE") {
			continue
		}
		var cols []struct {
			Name    string
			NotNull int
			PK      int
		}
		if err := db.Gorm().Raw(`SELECT name, "notnull" AS not_null, pk FROM pragma_table_info(?)`, tb.Name).Scan(&cols).Error; err != nil {
			t.Fatal(err)
		}
		var pk []string
		for _, c := range cols {
			// A primary key column is never NULL in PostgreSQL; SQLite says
			// so only when the column also says NOT NULL.
			s.add(tb.Name, fmt.Sprintf("column %s null=%v", c.Name, c.NotNull == 0 && c.PK == 0))
			if c.PK > 0 {
				for len(pk) < c.PK {
					pk = append(pk, "")
				}
				pk[c.PK-1] = c.Name
			}
		}
		if len(pk) > 0 {
			s.add(tb.Name, indexLine(true, false, false, strings.Join(pk, ",")))
		}
		var idx []struct {
			Name    string
			Unique  int
			Origin  string
			Partial int
		}
		if err := db.Gorm().Raw(`SELECT name, "unique", origin, partial FROM pragma_index_list(?)`, tb.Name).Scan(&idx).Error; err != nil {
			t.Fatal(err)
		}
		for _, i := range idx {
			if i.Unique == 0 || i.Origin == "pk" {
				continue
			}
			var cols []struct {
				Name *string
				Cid  int
			}
			if err := db.Gorm().Raw(`SELECT name, cid FROM pragma_index_info(?) ORDER BY seqno`, i.Name).Scan(&cols).Error; err != nil {
				t.Fatal(err)
			}
			var names []string
			expression := false
			for _, c := range cols {
				if c.Name == nil || c.Cid < 0 {
					expression = true
					continue
				}
				names = append(names, *c.Name)
			}
			s.add(tb.Name, indexLine(false, i.Partial == 1, expression, strings.Join(names, ",")))
		}
	}
	return s
}
