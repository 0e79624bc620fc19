package seed_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/seed"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

func newApp(t *testing.T, db *store.DB) *app.App {
	t.Helper()
	a, err := app.New(db, app.Options{Blobs: apitest.Blobs(t), JWTSecret: []byte("seed-test-secret-seed-test-secret!!"), BcryptCost: 4,
		Clock: domain.NewManualClock(time.Date(2026, 12, 2, 9, 0, 0, 0, time.UTC)), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Prepare(context.Background(), "", ""); err != nil {
		t.Fatal(err)
	}
	return a
}

func count(t *testing.T, db *store.DB, table, where string, args ...any) int64 {
	t.Helper()
	var n int64
	q := db.Gorm().Table(table)
	if where != "" {
		q = q.Where(where, args...)
	}
	if err := q.Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

// The scale seeder writes N times the city's data through the real schema, in
// proportion, consistent (counters, references, one bid per organization), with
// the audit chain continued and valid; the demo accounts are there once, and a
// second run or a demo start adds nothing.
func TestScaleSeed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		var progress strings.Builder
		rep, err := seed.Scale(ctx, a, 0.01, false, &progress)
		if err != nil {
			t.Fatal(err)
		}
		for table, want := range map[string]int64{"challenges": 500 + 8, "projects": 200 + 7} {
			// The demo's own rows come on top of the synthetic ones.
			if got := count(t, db, table, ""); got < want-8 || got > want+8 {
				t.Errorf("%s: %d rows, want about %d", table, got, want)
			}
		}
		if rep.Organizations != 200 || rep.Challenges != 500 || rep.Projects != 200 || rep.Notifications != 2000 ||
			rep.AuditRecords != 10_000 || rep.Bids < 4_000 || rep.Bids > 6_000 || !strings.Contains(progress.String(), "audit_records") {
			t.Fatalf("report: %+v\n%s", rep, progress.String())
		}
		if got := count(t, db, "bids", ""); got < int64(rep.Bids) {
			t.Errorf("%d bids in the table, %d written", got, rep.Bids)
		}
		// Each challenge's live count equals a recount of its bids.
		if n := count(t, db, "challenges c", "c.live_bids <> (SELECT COUNT(*) FROM bids b WHERE b.challenge_id = c.id AND b.status <> 'withdrawn')"); n != 0 {
			t.Errorf("%d challenges whose live bid count is not a recount", n)
		}
		// Every awarded challenge names a bid of its own, and its project if it has one names it back.
		if n := count(t, db, "challenges c", "c.status = 'awarded' AND NOT EXISTS (SELECT 1 FROM bids b WHERE b.id = c.awarded_bid_id AND b.challenge_id = c.id AND b.status = 'awarded')"); n != 0 {
			t.Errorf("%d awarded challenges without their awarded bid", n)
		}
		if n := count(t, db, "projects p", "p.challenge_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM challenges c WHERE c.id = p.challenge_id AND c.project_id = p.id)"); n != 0 {
			t.Errorf("%d projects whose challenge does not name them", n)
		}
		if n := count(t, db, "challenges", "status = 'draft'"); n < 20 {
			t.Errorf("only %d drafts", n)
		}
		v, err := a.Audit.Verify(ctx)
		if err != nil || !v.OK || v.Unsealed != 0 || v.Checked != count(t, db, "audit_records", "") {
			t.Fatalf("verify after seeding: %+v %v", v, err)
		}
		// Again, and a demo start: nothing more.
		before := count(t, db, "users", "")
		if rep, err := seed.Scale(ctx, a, 0.01, false, nil); err != nil || !rep.Skipped {
			t.Fatalf("second run: %+v %v", rep, err)
		}
		if loaded, err := seed.Demo(ctx, a); err != nil || loaded {
			t.Fatalf("demo on a seeded database: loaded %v, %v", loaded, err)
		}
		if after := count(t, db, "users", ""); after != before {
			t.Fatalf("%d users, then %d", before, after)
		}
		if n := count(t, db, "users", "email LIKE ?", "%@demo.kcyj2035.cn"); n != 14 {
			t.Errorf("%d demo accounts", n)
		}
		// The application reads the synthetic rows as its own: lists, pages, bids, figures, export.
		pm, err := a.Accounts.Login(ctx, domain.Origin{}, "pm@demo.kcyj2035.cn", seed.DemoPassword)
		if err != nil {
			t.Fatalf("the demo program manager cannot sign in: %v", err)
		}
		get := func(token, path string) []byte {
			t.Helper()
			req := httptest.NewRequest(http.MethodGet, path, nil)
			if token != "" {
				req.Header.Set("Authorization", "Bearer "+token)
			}
			rec := httptest.NewRecorder()
			a.Server.Handler().ServeHTTP(rec, req)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s: %d %s", path, rec.Code, rec.Body.String())
			}
			return rec.Body.Bytes()
		}
		var awarded, project string
		db.Gorm().Table("challenges").Where("status = 'awarded' AND project_id IS NOT NULL").Order("id").Limit(1).Pluck("id", &awarded)
		db.Gorm().Table("projects").Where("origin = 'challenge'").Order("id").Limit(1).Pluck("id", &project)
		var page struct {
			Items      []json.RawMessage `json:"items"`
			NextCursor string            `json:"next_cursor"`
		}
		if err := json.Unmarshal(get("", "/api/v1/challenges?limit=100"), &page); err != nil || len(page.Items) != 100 || page.NextCursor == "" {
			t.Fatalf("board: %d items, cursor %q, %v", len(page.Items), page.NextCursor, err)
		}
		for _, path := range []string{"/api/v1/challenges?limit=100&after=" + page.NextCursor, "/api/v1/challenges/" + awarded,
			"/api/v1/challenges/" + awarded + "/bids", "/api/v1/projects?limit=100", "/api/v1/projects/" + project,
			"/api/v1/portfolio/summary", "/api/v1/audit?limit=100", "/api/v1/organizations?limit=100", "/api/v1/users?limit=100"} {
			get(pm.AccessToken, path)
		}
		if body := get(pm.AccessToken, "/api/v1/portfolio/export?what=challenges"); len(body) < 10_000 {
			t.Errorf("the export of the challenges is %d bytes", len(body))
		}
	})
}

// Real data is never mixed with made-up rows unless asked.
func TestScaleSeedRefusesRealData(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		a := newApp(t, db)
		if _, err := a.Orgs.Create(ctx, domain.System(), org.Draft{Name: "宁波真实企业有限公司", Type: "enterprise", Tier: "high_tech", Country: "CN",
			CreditCode: org.WithCheckChar("91330200MA2999999"), District: "haishu"}, org.StatusVerified); err != nil {
			t.Fatalf("%+v", err)
		}
		_, err := seed.Scale(ctx, a, 0.01, false, nil)
		if err == nil || !strings.Contains(err.Error(), "--force") {
			t.Fatalf("seeding over real data: %v", err)
		}
		if n := count(t, db, "challenges", ""); n != 0 {
			t.Fatalf("a refused seeding left %d challenges", n)
		}
		if _, err := seed.Scale(ctx, a, 0.01, true, nil); err != nil {
			t.Fatalf("forced: %v", err)
		}
		for _, bad := range []float64{0, -1, 0.001, 21} {
			if _, err := seed.Scale(ctx, a, bad, true, nil); err == nil {
				t.Errorf("--scale %v accepted", bad)
			}
		}
	})
}
