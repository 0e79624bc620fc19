package handlers_test

import (
	"context"
	"sync"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/handlers"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestReports: a duty, its reminder (once, whatever the number of sweeping
// processes), overdue, submission with KPI actuals, return, resubmission,
// acceptance, and the figures.
func TestReports(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "报告测试项目")
		base := "/api/v1/projects/" + pid
		var k kpiView
		at.Expect(t, env.Post(w.Institute.Token, base+"/kpis", map[string]any{"name": "发明专利", "target": 5, "unit": "件"}), 201).JSON(t, &k)
		due := env.Clock.Now().AddDate(0, 0, 10).In(time.FixedZone("CST", 8*3600)).Format("2006-01-02")
		at.Expect(t, env.Post(w.PM.Token, base+"/reports", map[string]any{"kind": "fortnightly", "title": "", "due_date": "2020-01-01"}), 422)
		var r reportView
		at.Expect(t, env.Post(w.PM.Token, base+"/reports", map[string]any{"kind": "interim", "title": "中期检查报告", "due_date": due}), 201).JSON(t, &r)
		if r.Status != "due" || r.Overdue {
			t.Fatalf("new duty %+v", r)
		}
		reminders := func() int64 {
			var n int64
			if err := db.Gorm().Raw("SELECT COUNT(*) FROM notifications WHERE kind = 'report.reminder'").Scan(&n).Error; err != nil {
				t.Fatal(err)
			}
			return n
		}
		// Eight days before: not yet. Seven days before: once, with three
		// processes sweeping at the same moment, and never again.
		w.Advance(2 * 24 * time.Hour)
		if n, err := env.App.Projects.RemindReports(context.Background()); err != nil || n != 0 {
			t.Fatalf("reminded eight days before: %d %v", n, err)
		}
		w.Advance(24 * time.Hour)
		others := []*app.App{env.App}
		for range 2 {
			other, err := app.New(db, app.Options{Blobs: at.Blobs(t), JWTSecret: []byte("test-secret-test-secret-test-secret!"), BcryptCost: 4,
				Clock: env.Clock, Logger: at.Discard(), HTTP: handlers.Deps{}})
			if err != nil {
				t.Fatal(err)
			}
			others = append(others, other)
		}
		var wg sync.WaitGroup
		sent := make([]int, len(others))
		for i, a := range others {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := a.Projects.RemindReports(context.Background())
				if err != nil {
					t.Error(err)
				}
				sent[i] = n
			}()
		}
		wg.Wait()
		users := int64(1) // the institute's one user
		if total := sent[0] + sent[1] + sent[2]; total != 1 || reminders() != users {
			t.Fatalf("reminders sent %v, notifications %d: want exactly one", sent, reminders())
		}
		if n, _ := env.App.Projects.RemindReports(context.Background()); n != 0 || reminders() != users {
			t.Fatalf("reminded again: %d", n)
		}
		// Overdue after the due date, in the report and in the figures.
		w.Advance(8 * 24 * time.Hour)
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/reports/"+r.ID), 200).JSON(t, &r)
		if !r.Overdue {
			t.Fatal("not overdue after the due date")
		}
		var sum struct {
			Reports struct{ Due, Overdue, Submitted int64 } `json:"reports"`
		}
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/portfolio/summary"), 200).JSON(t, &sum)
		if sum.Reports.Due != 1 || sum.Reports.Overdue != 1 {
			t.Fatalf("figures %+v", sum.Reports)
		}
		// Submitted with a document and a KPI actual; returned; again; accepted.
		at.Expect(t, env.Upload(w.Institute.Token, "/api/v1/reports/"+r.ID+"/documents", "中期报告.pdf", "report", at.PDF), 201)
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/reports/"+r.ID+"/submit", map[string]any{"text": "完成配方定型", "spent": 2_500_000,
			"kpi_actuals": []map[string]any{{"kpi_id": k.ID, "value": 2}}}), 200).JSON(t, &r)
		if r.Status != "submitted" || r.Overdue {
			t.Fatalf("submitted %+v", r)
		}
		if kk := items[kpiView](t, env.Get(w.PM.Token, base+"/kpis")); *kk[0].Actual != 2 {
			t.Fatalf("the report's actual did not reach the KPI: %+v", kk[0])
		}
		at.Expect(t, env.Upload(w.Institute.Token, "/api/v1/reports/"+r.ID+"/documents", "补充.pdf", "report", at.PDF), 409)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/reports/"+r.ID+"/return", map[string]any{"reason": "请补充经费明细"}), 200).JSON(t, &r)
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/reports/"+r.ID+"/submit", map[string]any{"text": "已补充经费明细", "version": r.Version}), 200).JSON(t, &r)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/reports/"+r.ID+"/accept", nil), 200).JSON(t, &r)
		if r.Status != "accepted" {
			t.Fatalf("accepted %+v", r)
		}
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/reports/"+r.ID+"/submit", map[string]any{"text": "再交"}), 409)
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/portfolio/summary"), 200).JSON(t, &sum)
		if sum.Reports.Due != 0 || sum.Reports.Overdue != 0 || sum.Reports.Submitted != 0 {
			t.Fatalf("figures after acceptance %+v", sum.Reports)
		}
	})
}
