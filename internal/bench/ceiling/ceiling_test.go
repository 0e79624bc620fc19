package ceiling_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"gorm.io/gorm"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/bench/ceiling"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// capture returns the statements GORM ran while fn ran.
func capture(t *testing.T, db *store.DB, fn func()) []string {
	t.Helper()
	var sqls []string
	name := fmt.Sprintf("test:capture:%d", time.Now().UnixNano())
	cb := db.Gorm().Callback()
	record := func(tx *gorm.DB) { sqls = append(sqls, tx.Statement.SQL.String()) }
	if err := cb.Query().After("gorm:query").Register(name, record); err != nil {
		t.Fatal(err)
	}
	if err := cb.Row().After("gorm:row").Register(name, record); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cb.Query().Remove(name); _ = cb.Row().Remove(name) }()
	fn()
	return sqls
}

type page struct {
	Items []struct {
		ID        string `json:"id"`
		OwnerName string `json:"owner_name"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

// The bare board runs the application's own statements and answers the same
// rows: the ratio between them measures the application, not a different query.
func TestBareBoardRunsTheApplicationsSQL(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		for i := range 5 {
			w.Published(w.Enterprise, fmt.Sprintf("上限对照挑战%02d", i), 48*time.Hour)
		}
		w.Draft(w.Enterprise, "上限对照草稿")
		pg := db.Dialect() == store.Postgres
		sqls := capture(t, db, func() { at.Expect(t, env.Get("", "/api/v1/challenges?limit=3"), 200) })
		want := []string{fmt.Sprintf(ceiling.BoardSQL(pg, false), 4), ceiling.NamesSQL(pg, 1)}
		if pg {
			want[0] = ceiling.BoardSQL(pg, false)
		}
		if !slices.Equal(sqls, want) {
			t.Fatalf("the application ran\n%q\nthe ceiling runs\n%q", sqls, want)
		}
		sqls = capture(t, db, func() {
			_, _ = db.Challenges().List(context.Background(), challenge.Filter{}, domain.Page{Limit: 4, After: "x"})
		})
		want[0] = ceiling.BoardSQL(pg, true)
		if !pg {
			want[0] = fmt.Sprintf(want[0], 4)
		}
		if len(sqls) != 1 || sqls[0] != want[0] {
			t.Fatalf("next page: the application ran %q, the ceiling runs %q", sqls, want[0])
		}

		dsn := db.Source()
		st, err := ceiling.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		bare := httptest.NewServer(ceiling.Server(st))
		defer bare.Close()
		var app, got page
		at.Expect(t, env.Get("", "/api/v1/challenges?limit=3"), 200).JSON(t, &app)
		r, err := http.Get(bare.URL + "/board?limit=3")
		if err != nil {
			t.Fatal(err)
		}
		defer r.Body.Close()
		if err := json.NewDecoder(r.Body).Decode(&got); err != nil {
			t.Fatal(err)
		}
		if len(got.Items) != 3 || len(app.Items) != 3 {
			t.Fatalf("%d and %d items", len(got.Items), len(app.Items))
		}
		for i := range got.Items {
			if got.Items[i].ID != app.Items[i].ID || got.Items[i].OwnerName == "" {
				t.Fatalf("item %d: bare %+v, application %+v", i, got.Items[i], app.Items[i])
			}
		}

		// The raw commits land: a challenge and an audit record each.
		before := count(t, db, "audit_records")
		// Bounded by count, not time (the minute is only a guard).
		n, err := ceiling.Commits(context.Background(), dsn, w.Enterprise.OrgID, w.Enterprise.ID, 4, time.Minute, 40)
		if err != nil || n != 40 {
			t.Fatalf("commits: %d, %v", n, err)
		}
		// A commit cut off by the end of the measurement may land unreported: at most one per writer.
		if got := count(t, db, "audit_records") - before; got < n || got > n+4 {
			t.Fatalf("%d commits wrote %d audit records", n, got)
		}
	})
}

func count(t *testing.T, db *store.DB, table string) int64 {
	t.Helper()
	var n int64
	if err := db.Gorm().Table(table).Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}
