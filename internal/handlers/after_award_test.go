package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/handlers"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

type kpiView struct {
	ID        string   `json:"id"`
	Name      string   `json:"name"`
	Target    float64  `json:"target"`
	Actual    *float64 `json:"actual"`
	Progress  *float64 `json:"progress"`
	Unit      string   `json:"unit"`
	Direction string   `json:"direction"`
	Version   int      `json:"version"`
}

func items[T any](t *testing.T, r *at.Response) []T {
	t.Helper()
	var v struct {
		Items []T `json:"items"`
	}
	r.JSON(t, &v)
	return v.Items
}

// TestAwardCarriesThePlanOver: in the award's transaction the winning bid's
// milestones become the project's (due the bid's month after the award) and
// the challenge's indicators its KPIs (number, unit, direction); the budget
// is the funding created with the project, the bid's figure its proposed
// budget — so the research gate's "milestones done" has milestones to count.
func TestAwardCarriesThePlanOver(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		_, pid := w.Awarded(w.Enterprise, "海缆绝缘料揭榜", w.Institute)
		awardDay := env.Clock.Now().In(time.FixedZone("CST", 8*3600))
		ms := items[struct {
			Title, DueDate, Stage, Status, Deliverable string
		}](t, at.Expect(t, env.Get(w.Institute.Token, "/api/v1/projects/"+pid+"/milestones"), 200))
		if len(ms) != 2 || ms[0].Title != "配方定型" || ms[1].Title != "中试样品" || ms[0].Stage != "research" || ms[0].Status != "planned" {
			t.Fatalf("milestones %+v", ms)
		}
		raw := items[map[string]any](t, env.Get(w.Institute.Token, "/api/v1/projects/"+pid+"/milestones"))
		if raw[0]["due_date"] != awardDay.AddDate(0, 8, 0).Format("2006-01-02") || raw[1]["due_date"] != awardDay.AddDate(0, 18, 0).Format("2006-01-02") {
			t.Fatalf("due dates %v %v", raw[0]["due_date"], raw[1]["due_date"])
		}
		kpis := items[kpiView](t, at.Expect(t, env.Get(w.Institute.Token, "/api/v1/projects/"+pid+"/kpis"), 200))
		if len(kpis) != 2 || kpis[0].Name != "击穿场强" || kpis[0].Target != 45 || kpis[0].Unit != "kV/mm" || kpis[0].Direction != "at_least" ||
			kpis[0].Actual != nil || kpis[0].Progress != nil || kpis[1].Target != 30 {
			t.Fatalf("KPIs %+v", kpis)
		}
		var p struct {
			Budget         int64 `json:"budget"`
			ProposedBudget int64 `json:"proposed_budget"`
		}
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/projects/"+pid), 200).JSON(t, &p)
		if p.Budget != 8_000_000+3_000_000 || p.ProposedBudget != 9_500_000 {
			t.Fatalf("budget %d, proposed %d", p.Budget, p.ProposedBudget)
		}
		// The research gate now has the plan's milestones to check.
		gate := string(at.Expect(t, env.Get(w.PM.Token, "/api/v1/projects/"+pid+"/gate"), 200).Body)
		if !strings.Contains(gate, "milestones") {
			t.Fatalf("gate %s", gate)
		}
	})
}

// TestKPIActuals: values over time; the actual is the latest by date; the
// progress is capped at 1 and reads the direction; refusals name the field.
func TestKPIActuals(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "指标测试项目")
		base := "/api/v1/projects/" + pid + "/kpis"
		var up, down kpiView
		at.Expect(t, env.Post(w.Institute.Token, base, map[string]any{"name": "击穿场强", "target": 45, "unit": "kV/mm"}), 201).JSON(t, &up)
		at.Expect(t, env.Post(w.PM.Token, base, map[string]any{"name": "介质损耗", "target": 0.5, "unit": "%", "direction": "at_most"}), 201).JSON(t, &down)
		if up.Direction != "at_least" || down.Direction != "at_most" {
			t.Fatalf("directions %s %s", up.Direction, down.Direction)
		}
		record := func(u *at.User, id string, body map[string]any) *at.Response {
			return env.Post(u.Token, base+"/"+id+"/actuals", body)
		}
		get := func(id string) kpiView {
			for _, k := range items[kpiView](t, env.Get(w.PM.Token, base)) {
				if k.ID == id {
					return k
				}
			}
			t.Fatalf("KPI %s gone", id)
			return kpiView{}
		}
		at.Expect(t, record(w.Institute, up.ID, map[string]any{"value": 36, "date": "2026-11-10", "source": "第一批样品检测"}), 201)
		if k := get(up.ID); *k.Actual != 36 || *k.Progress != 0.8 {
			t.Fatalf("after 36 of 45: %+v", k)
		}
		at.Expect(t, record(w.PM, up.ID, map[string]any{"value": 50, "date": "2026-11-15"}), 201)
		at.Expect(t, record(w.Institute, up.ID, map[string]any{"value": 40, "date": "2026-11-12"}), 201) // an earlier date: history
		if k := get(up.ID); *k.Actual != 50 || *k.Progress != 1 {
			t.Fatalf("the latest by date, capped: %+v", k)
		}
		at.Expect(t, record(w.Institute, down.ID, map[string]any{"value": 1}), 201)
		if k := get(down.ID); *k.Progress != 0.5 {
			t.Fatalf("at most 0.5, actual 1: %+v", k)
		}
		hist := items[struct {
			Value  float64
			Date   string
			Source string
		}](t, at.Expect(t, env.Get(w.Enterprise.Token, base+"/"+up.ID+"/actuals"), 404)) // not a member
		_ = hist
		hist = items[struct {
			Value  float64
			Date   string
			Source string
		}](t, at.Expect(t, env.Get(w.Institute.Token, base+"/"+up.ID+"/actuals"), 200))
		if len(hist) != 3 || hist[0].Date != "2026-11-10" || hist[2].Date != "2026-11-15" || hist[0].Source != "第一批样品检测" {
			t.Fatalf("history %+v", hist)
		}
		for body, field := range map[string]string{`{"date":"2026-11-10"}`: "value", `{"value":1,"date":"2099-01-01"}`: "date",
			`{"value":1,"date":"11/10"}`: "date", `{"value":1e300}`: "value"} {
			r := env.Post(w.Institute.Token, base+"/"+up.ID+"/actuals", body)
			if r.Status != 422 || !strings.Contains(string(r.Body), `"field":"`+field+`"`) {
				t.Errorf("%s: %d %s, want 422 on %s", body, r.Status, r.Body, field)
			}
		}
		// Once under way, a target moves by a change request (program managers excepted).
		at.Expect(t, env.Patch(w.Institute.Token, base+"/"+up.ID, map[string]any{"target": 40}), 409)
		// As before, an actual may come with a PATCH (or a POST): today's value, kept in the history.
		var k kpiView
		at.Expect(t, env.Patch(w.Institute.Token, base+"/"+down.ID, map[string]any{"actual": 0.4}), 200).JSON(t, &k)
		if *k.Actual != 0.4 || *k.Progress != 1 {
			t.Fatalf("PATCH actual: %+v", k)
		}
		at.Expect(t, env.Post(w.PM.Token, base, map[string]any{"name": "样机", "target": 2, "actual": 1}), 201).JSON(t, &k)
		if *k.Actual != 1 || *k.Progress != 0.5 || len(items[map[string]any](t, env.Get(w.PM.Token, base+"/"+k.ID+"/actuals"))) != 1 {
			t.Fatalf("POST with an actual: %+v", k)
		}
	})
}

type changeView struct {
	ID             string `json:"id"`
	Status         string `json:"status"`
	Version        int    `json:"version"`
	ProjectVersion int    `json:"project_version"`
	DecisionReason string `json:"decision_reason"`
}

// TestChangeRequests: the lead asks; one waits at a time; approval applies
// every change at once and is refused on a stale project; nothing half-done.
func TestChangeRequests(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "变更测试项目")
		base := "/api/v1/projects/" + pid
		at.Expect(t, env.Post(w.PM.Token, base+"/members", map[string]any{"organization_id": w.Enterprise.OrgID, "role": "partner"}), 201)
		var m struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
		}
		at.Expect(t, env.Post(w.Institute.Token, base+"/milestones", map[string]any{"title": "样机", "due_date": "2027-03-31", "stage": "research"}), 201).JSON(t, &m)
		var k kpiView
		at.Expect(t, env.Post(w.Institute.Token, base+"/kpis", map[string]any{"name": "巡检覆盖率", "target": 90, "unit": "%"}), 201).JSON(t, &k)
		ask := func(changes map[string]any) *at.Response {
			return env.Post(w.Institute.Token, base+"/change-requests", map[string]any{"reason": "扩大试验范围", "changes": changes, "version": w.Version(pid)})
		}
		// Refusals name each field.
		for changes, field := range map[string]string{
			`{"remove_members":["` + w.Institute.OrgID + `"]}`:                                    "changes.remove_members[0]",
			`{"milestones":[{"id":"nope","due_date":"2027-01-01"}]}`:                              "changes.milestones[0].id",
			`{"add_members":[{"organization_id":"` + w.Enterprise.OrgID + `","role":"partner"}]}`: "changes.add_members[0].organization_id",
			`{"kpis":[{"id":"` + k.ID + `","target":1e300}]}`:                                     "changes.kpis[0].target",
			`{}`: "changes",
		} {
			body := fmt.Sprintf(`{"reason":"理由","changes":%s,"version":%d}`, changes, w.Version(pid))
			r := env.Post(w.Institute.Token, base+"/change-requests", body)
			if r.Status != 422 || !strings.Contains(string(r.Body), `"field":"`+field+`"`) {
				t.Errorf("%s: %d %s, want 422 on %s", changes, r.Status, r.Body, field)
			}
		}
		at.Expect(t, env.Post(w.Enterprise.Token, base+"/change-requests", map[string]any{"reason": "x", "changes": map[string]any{"budget": 1}, "version": w.Version(pid)}), 403)
		at.Expect(t, env.Post(w.Institute.Token, base+"/change-requests", map[string]any{"reason": "x", "changes": map[string]any{"budget": 1}, "version": 1}), 409)

		changes := map[string]any{"budget": 15_000_000, "milestones": []map[string]any{{"id": m.ID, "due_date": "2027-06-30"}},
			"add_members":    []map[string]any{{"organization_id": w.EnterpriseOther.OrgID, "role": "investor"}},
			"remove_members": []string{w.Enterprise.OrgID}, "kpis": []map[string]any{{"id": k.ID, "target": 95}}}
		var cr changeView
		at.Expect(t, ask(changes), 201).JSON(t, &cr)
		at.Expect(t, ask(map[string]any{"budget": 1}), 409) // one pending at a time
		before := w.Version(pid)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/change-requests/"+cr.ID+"/approve", map[string]any{"version": cr.Version}), 200).JSON(t, &cr)
		if cr.Status != "approved" {
			t.Fatalf("status %s", cr.Status)
		}
		var p struct {
			Budget  int64 `json:"budget"`
			Version int   `json:"version"`
			Members []struct {
				OrganizationID string `json:"organization_id"`
				Role           string `json:"role"`
			} `json:"members"`
		}
		at.Expect(t, env.Get(w.PM.Token, base), 200).JSON(t, &p)
		roles := map[string]string{}
		for _, x := range p.Members {
			roles[x.OrganizationID] = x.Role
		}
		if p.Budget != 15_000_000 || p.Version != before+1 || roles[w.EnterpriseOther.OrgID] != "investor" || roles[w.Enterprise.OrgID] != "" {
			t.Fatalf("after approval: %+v", p)
		}
		got := items[map[string]any](t, env.Get(w.PM.Token, base+"/milestones"))
		if got[0]["due_date"] != "2027-06-30" {
			t.Fatalf("milestone %v", got[0])
		}
		if kk := items[kpiView](t, env.Get(w.PM.Token, base+"/kpis")); kk[0].Target != 95 {
			t.Fatalf("KPI %+v", kk[0])
		}
		hist := string(env.Get(w.PM.Token, base+"/history").Body)
		if !strings.Contains(hist, "change_request:"+cr.ID) {
			t.Fatalf("history %s", hist)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/change-requests/"+cr.ID+"/approve", nil), 409) // decided already

		// Stale: the project changed after the request; nothing is applied.
		var stale changeView
		at.Expect(t, ask(map[string]any{"budget": 16_000_000}), 201).JSON(t, &stale)
		at.Expect(t, env.Patch(w.PM.Token, base, map[string]any{"trl": 4}), 200)
		r := at.Expect(t, env.Post(w.PM.Token, "/api/v1/change-requests/"+stale.ID+"/approve", nil), 409)
		if !strings.Contains(string(r.Body), "changed since the request") {
			t.Fatalf("409 without saying why: %s", r.Body)
		}
		at.Expect(t, env.Get(w.PM.Token, base), 200).JSON(t, &p)
		if p.Budget != 15_000_000 {
			t.Fatalf("a refused approval applied its budget: %d", p.Budget)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/change-requests/"+stale.ID+"/reject", map[string]any{"reason": "请按最新计划重新申请"}), 200).JSON(t, &stale)
		if stale.Status != "rejected" || stale.DecisionReason != "请按最新计划重新申请" {
			t.Fatalf("rejected %+v", stale)
		}
		// Withdrawn by the lead; a budget under the committed funding is refused.
		at.Expect(t, env.Post(w.PM.Token, base+"/funding", map[string]any{"source": "enterprise", "amount": 14_000_000, "status": "committed"}), 201)
		r = ask(map[string]any{"budget": 13_999_999})
		if r.Status != 422 || !strings.Contains(string(r.Body), "change.budget_below_funding") {
			t.Fatalf("budget under the funding: %d %s", r.Status, r.Body)
		}
		var wd changeView
		at.Expect(t, ask(map[string]any{"budget": 14_000_000}), 201).JSON(t, &wd)
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/change-requests/"+wd.ID+"/withdraw", nil), 200)
		if n := len(items[changeView](t, env.Get(w.Enterprise.Token, base+"/change-requests"))); n != 0 {
			t.Fatalf("a removed member still reads the project's requests (%d)", n)
		}
		if list := items[changeView](t, env.Get(w.Institute.Token, base+"/change-requests")); len(list) != 3 || list[0].Status != "withdrawn" {
			t.Fatalf("history of requests %+v", list)
		}
	})
}

// TestChangeRequestRaces: two approvals of one request, and two requests of
// one project, each have exactly one winner.
func TestChangeRequestRaces(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		for round := range 3 {
			pid := w.Approved(w.Institute, fmt.Sprintf("并发变更项目%d", round))
			v := w.Version(pid)
			got := race(env, 6, func(i int) at.Request {
				return at.Request{Method: http.MethodPost, Path: "/api/v1/projects/" + pid + "/change-requests", Token: w.Institute.Token,
					Body: map[string]any{"reason": "并发申请", "changes": map[string]any{"budget": 13_000_000 + i}, "version": v}}
			})
			if got[201] != 1 || got[409] != 5 {
				t.Fatalf("six requests at once: %v, want one 201 and five 409", got)
			}
			crs := items[changeView](t, env.Get(w.PM.Token, "/api/v1/projects/"+pid+"/change-requests"))
			got = race(env, 6, func(int) at.Request {
				return at.Request{Method: http.MethodPost, Path: "/api/v1/change-requests/" + crs[0].ID + "/approve", Token: w.PM.Token}
			})
			if got[200] != 1 || got[409] != 5 {
				t.Fatalf("six approvals at once: %v, want one 200 and five 409", got)
			}
			if n := env.AuditCount("change_request.approve"); n != int64(round+1) {
				t.Fatalf("approvals recorded: %d", n)
			}
		}
	})
}

type reportView struct {
	ID      string `json:"id"`
	Status  string `json:"status"`
	Overdue bool   `json:"overdue"`
	Version int    `json:"version"`
}

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

// TestOutputsInTheFigures: outputs count by type, landmark, field and year,
// for every reader, and are exported.
func TestOutputsInTheFigures(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "成果测试项目")
		add := func(body map[string]any) *at.Response {
			return env.Post(w.Institute.Token, "/api/v1/projects/"+pid+"/outputs", body)
		}
		at.Expect(t, add(map[string]any{"type": "patent", "title": "一种交联聚乙烯绝缘料", "reference": "ZL202610000001.2", "date": "2026-06-01", "landmark": true}), 201)
		at.Expect(t, add(map[string]any{"type": "paper", "title": "海缆绝缘老化机理", "reference": "10.1000/hv.2026.1", "date": "2025-12-30"}), 201)
		at.Expect(t, add(map[string]any{"type": "poem", "title": "", "date": "2099-01-01"}), 422)
		var sum struct {
			Outputs struct {
				Total    int64            `json:"total"`
				ByType   map[string]int64 `json:"by_type"`
				Landmark int64            `json:"landmark"`
				ByField  map[string]int64 `json:"by_field"`
				ByYear   map[string]int64 `json:"by_year"`
			} `json:"outputs"`
		}
		at.Expect(t, env.Get("", "/api/v1/portfolio/summary"), 200).JSON(t, &sum)
		o := sum.Outputs
		if o.Total != 2 || o.ByType["patent"] != 1 || o.ByType["paper"] != 1 || o.Landmark != 1 || o.ByYear["2026"] != 1 ||
			o.ByYear["2025"] != 1 || o.ByField["digital"] != 2 {
			t.Fatalf("output figures %+v", o)
		}
		r := at.Expect(t, env.Get(w.PM.Token, "/api/v1/portfolio/export?what=outputs"), 200)
		if r.Header.Get("Content-Type") != "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" || len(r.Body) < 1000 {
			t.Fatalf("export: %v %d bytes", r.Header, len(r.Body))
		}
	})
}

// TestDisbursements: a line's disbursements never exceed it (422 naming the
// excess), it becomes disbursed when paid in full, a voucher must be the
// project's, and concurrent disbursements never overdraw it.
func TestDisbursements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "拨付测试项目")
		var line struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/funding", map[string]any{"source": "municipal", "amount": 1_000_000, "status": "committed"}), 201).JSON(t, &line)
		pay := func(body map[string]any) *at.Response {
			return env.Post(w.PM.Token, "/api/v1/funding/"+line.ID+"/disbursements", body)
		}
		voucher := at.Expect(t, env.Upload(w.PM.Token, "/api/v1/projects/"+pid+"/documents", "拨付凭证.pdf", "voucher", at.PDF), 201).ID(t)
		other := w.Approved(w.Institute, "另一个项目")
		elsewhere := at.Expect(t, env.Upload(w.PM.Token, "/api/v1/projects/"+other+"/documents", "凭证.pdf", "voucher", at.PDF), 201).ID(t)
		// Dates from year 0 or 9999 are refused (outside review, finding 6),
		// nothing written.
		for date, code := range map[string]string{"0000-01-01": "date.range", "1999-12-31": "date.range", "9999-12-31": "date.future"} {
			if got := fmt.Sprint(problemCodes(t, pay(map[string]any{"amount": 1, "date": date}))); got != "[date:"+code+"]" {
				t.Errorf("a disbursement dated %s: %s", date, got)
			}
		}
		r0 := env.Post(w.Institute.Token, "/api/v1/projects/"+pid+"/milestones", map[string]any{"title": "远期", "due_date": "9999-01-01", "stage": "research"})
		if got := fmt.Sprint(problemCodes(t, r0)); got != "[due_date:date.range]" {
			t.Errorf("a milestone due in 9999: %s", got)
		}
		at.Expect(t, pay(map[string]any{"amount": 600_000, "date": "2026-11-20", "document_id": voucher}), 201)
		r := at.Expect(t, pay(map[string]any{"amount": 400_001}), 422)
		if !strings.Contains(string(r.Body), `"excess":1`) {
			t.Fatalf("the refusal does not name the excess: %s", r.Body)
		}
		at.Expect(t, pay(map[string]any{"amount": 1, "document_id": elsewhere}), 422)
		at.Expect(t, pay(map[string]any{"amount": 400_000}), 201)
		lines := items[struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}](t, env.Get(w.PM.Token, "/api/v1/projects/"+pid+"/funding"))
		if lines[0].Status != "disbursed" {
			t.Fatalf("paid in full but %s", lines[0].Status)
		}
		at.Expect(t, pay(map[string]any{"amount": 1}), 409)
		if n := len(items[map[string]any](t, env.Get(w.Admin.Token, "/api/v1/funding/"+line.ID+"/disbursements"))); n != 2 {
			t.Fatalf("%d disbursements", n)
		}

		// Concurrent: two of 600,000 on a line of 1,000,000 — one wins.
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/funding", map[string]any{"source": "enterprise", "amount": 1_000_000, "status": "committed"}), 201).JSON(t, &line)
		got := race(env, 4, func(int) at.Request {
			return at.Request{Method: http.MethodPost, Path: "/api/v1/funding/" + line.ID + "/disbursements", Token: w.PM.Token,
				Body: map[string]any{"amount": 600_000}}
		})
		if got[201] != 1 || got[422] != 3 {
			t.Fatalf("four disbursements of 600,000 at once on 1,000,000: %v", got)
		}
		// The budget: committed + disbursed never above it (12,000,000 proposed).
		r = at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/funding", map[string]any{"source": "national", "amount": 10_000_001, "status": "committed"}), 422)
		if !strings.Contains(string(r.Body), "funding.over_budget") || !strings.Contains(string(r.Body), `"excess":1`) {
			t.Fatalf("over budget: %s", r.Body)
		}
	})
}
