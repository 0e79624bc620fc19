package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

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
