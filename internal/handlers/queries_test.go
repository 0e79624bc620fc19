package handlers_test

import (
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"gorm.io/gorm"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// countQueries counts the SQL statements GORM runs while fn runs.
func countQueries(t *testing.T, db *store.DB, fn func()) int64 {
	t.Helper()
	var n atomic.Int64
	name := fmt.Sprintf("test:count:%d", time.Now().UnixNano())
	inc := func(*gorm.DB) { n.Add(1) }
	cb := db.Gorm().Callback()
	for _, err := range []error{
		cb.Query().After("gorm:query").Register(name, inc),
		cb.Row().After("gorm:row").Register(name, inc),
		cb.Raw().After("gorm:raw").Register(name, inc),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	defer func() {
		_ = cb.Query().Remove(name)
		_ = cb.Row().Remove(name)
		_ = cb.Raw().Remove(name)
	}()
	fn()
	return n.Load()
}

// TestListsCostConstantQueries: a page of 2 and a page of 40 cost the same
// number of statements (no query per item).
func TestListsCostConstantQueries(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		for i := 0; i < 40; i++ {
			id := w.Published(w.Enterprise, fmt.Sprintf("查询计数挑战%02d", i), 48*time.Hour)
			w.Bid(w.Institute, id)
			// Each named by its lead, provider or members: the names cost one query per page.
			w.Proposal(w.Institute, fmt.Sprintf("查询计数项目%02d", i))
			at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/scenarios", scenarioBody()), 201)
			at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/consortia", consortiumBody("task_oriented")), 201)
		}
		for _, tc := range []struct {
			who  *at.User
			path string
		}{
			{w.PM, "/api/v1/challenges?limit=%d"}, // with bid counts
			{w.Enterprise, "/api/v1/challenges?mine=true&limit=%d"},
			{w.Admin, "/api/v1/audit?limit=%d"},
			{w.Admin, "/api/v1/users?limit=%d"},
			{w.Admin, "/api/v1/organizations?limit=%d"},
			{w.Enterprise, "/api/v1/notifications?limit=%d"},
			{w.PM, "/api/v1/projects?limit=%d"},
			{w.Institute, "/api/v1/bids?limit=%d"},
			{w.Institute, "/api/v1/scenarios?limit=%d"},
			{w.PM, "/api/v1/consortia?limit=%d"},
		} {
			small := countQueries(t, db, func() { at.Expect(t, env.Get(tc.who.Token, fmt.Sprintf(tc.path, 2)), 200) })
			large := countQueries(t, db, func() { at.Expect(t, env.Get(tc.who.Token, fmt.Sprintf(tc.path, 40)), 200) })
			if small != large || small == 0 {
				t.Errorf("%s: %d statements for 2 items, %d for 40", tc.path, small, large)
			}
		}
		// The expert's review list: three challenges cost what one costs.
		one, _ := w.InReview(w.Enterprise, "评审列表一", w.Institute)
		_ = one
		q1 := countQueries(t, db, func() { at.Expect(t, env.Get(w.Expert.Token, "/api/v1/reviews"), 200) })
		w.InReview(w.Enterprise, "评审列表二", w.Institute, w.InstituteOther)
		w.InReview(w.Enterprise, "评审列表三", w.Institute)
		q3 := countQueries(t, db, func() { at.Expect(t, env.Get(w.Expert.Token, "/api/v1/reviews"), 200) })
		if q1 != q3 {
			t.Errorf("/reviews: %d statements for one assignment, %d for three", q1, q3)
		}
	})
}
