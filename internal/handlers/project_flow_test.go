package handlers_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

type projectResp struct {
	ID      string `json:"id"`
	Code    string `json:"code"`
	Stage   string `json:"stage"`
	Version int    `json:"version"`
	TRL     int    `json:"trl"`
	Members []struct {
		OrganizationID string `json:"organization_id"`
		Role           string `json:"role"`
	} `json:"members"`
}

func unmetConditions(t *testing.T, r *at.Response) []string {
	t.Helper()
	at.Expect(t, r, 422)
	var p struct {
		Errors []struct{ Field, Message string } `json:"errors"`
	}
	r.JSON(t, &p)
	var keys []string
	for _, e := range p.Errors {
		keys = append(keys, strings.TrimPrefix(e.Field, "gate."))
	}
	sort.Strings(keys)
	return keys
}

// TestProjectLifecycle takes a project from proposal to completed through every
// gate with real evidence, over HTTP.
func TestProjectLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		lead, pm := w.Institute, w.PM
		provider := w.EnterpriseOther // a port operator offering a trial site

		var p projectResp
		at.Expect(t, env.Post(lead.Token, "/api/v1/projects", at.ProposalBody("港口智能巡检机器人")), 201).JSON(t, &p)
		if p.Stage != "proposal" || p.Code != "" || len(p.Members) != 1 || p.Members[0].Role != "lead" {
			t.Fatalf("proposal = %+v", p)
		}
		// The lead edits its proposal; then the program manager approves it and it gets its code.
		at.Expect(t, env.Patch(lead.Token, "/api/v1/projects/"+p.ID, map[string]any{"budget": 15_000_000}), 200).JSON(t, &p)
		at.Expect(t, env.Patch(lead.Token, "/api/v1/projects/"+p.ID, map[string]any{"trl": 9}), 403)
		at.Expect(t, w.Move(p.ID, "proposal", "research", p.Version-1, "", ""), 409) // stale version
		at.Expect(t, w.Move(p.ID, "research", "validation", p.Version, "", ""), 409) // wrong from
		at.Expect(t, w.Move(p.ID, "proposal", "completed", p.Version, "", ""), 422)  // not a move
		at.Expect(t, env.Post(lead.Token, "/api/v1/projects/"+p.ID+"/transitions", map[string]any{"from": "proposal", "to": "research", "version": p.Version}), 403)
		at.Expect(t, w.Move(p.ID, "proposal", "research", p.Version, "", "立项评审意见：同意立项"), 200).JSON(t, &p)
		if p.Stage != "research" || !strings.HasPrefix(p.Code, fmt.Sprintf("YJ2035-%d-", env.Clock.Now().Year())) {
			t.Fatalf("approved = %+v", p)
		}
		at.Expect(t, env.Patch(lead.Token, "/api/v1/projects/"+p.ID, map[string]any{"budget": 1}), 409)

		// Research: a milestone, KPIs; the gate lists every unmet condition.
		var m struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
		}
		at.Expect(t, env.Post(lead.Token, "/api/v1/projects/"+p.ID+"/milestones", map[string]any{"title": "样机研制",
			"due_date": "2027-03-31", "stage": "research", "deliverable": "样机与测试报告"}), 201).JSON(t, &m)
		at.Expect(t, env.Post(lead.Token, "/api/v1/projects/"+p.ID+"/kpis", map[string]any{"name": "巡检覆盖率", "target": 95, "unit": "%"}), 201)
		if got := unmetConditions(t, w.Move(p.ID, "research", "validation", p.Version, "", "")); strings.Join(got, ",") != "research_milestones_done,scenario_accepted,trl_5" {
			t.Fatalf("unmet = %v", got)
		}
		var gate struct {
			To         string `json:"to"`
			Ready      bool   `json:"ready"`
			Conditions []struct {
				Key string `json:"key"`
				Met bool   `json:"met"`
			} `json:"conditions"`
		}
		at.Expect(t, env.Get(lead.Token, "/api/v1/projects/"+p.ID+"/gate"), 200).JSON(t, &gate)
		if gate.To != "validation" || gate.Ready || len(gate.Conditions) != 3 {
			t.Fatalf("gate checklist = %+v", gate)
		}
		// The milestone: done by the lead (not by the PM), accepted by the PM (not by the lead).
		at.Expect(t, env.Patch(pm.Token, "/api/v1/projects/"+p.ID+"/milestones/"+m.ID, map[string]any{"status": "done"}), 403)
		at.Expect(t, env.Patch(lead.Token, "/api/v1/projects/"+p.ID+"/milestones/"+m.ID, map[string]any{"status": "done"}), 200)
		at.Expect(t, env.Patch(lead.Token, "/api/v1/projects/"+p.ID+"/milestones/"+m.ID, map[string]any{"status": "accepted"}), 403)
		at.Expect(t, env.Patch(pm.Token, "/api/v1/projects/"+p.ID+"/milestones/"+m.ID, map[string]any{"status": "planned"}), 200) // sent back
		at.Expect(t, env.Patch(lead.Token, "/api/v1/projects/"+p.ID+"/milestones/"+m.ID, map[string]any{"status": "done"}), 200)
		at.Expect(t, env.Patch(pm.Token, "/api/v1/projects/"+p.ID+"/milestones/"+m.ID, map[string]any{"status": "accepted"}), 200)
		at.Expect(t, env.Patch(lead.Token, "/api/v1/projects/"+p.ID+"/milestones/"+m.ID, map[string]any{"title": "改"}), 409)

		// An application scenario: offered, applied to, accepted.
		var sc struct{ ID string }
		at.Expect(t, env.Post(provider.Token, "/api/v1/scenarios", map[string]any{"title": "梅山港区集装箱码头巡检试验段",
			"description": "提供 2 公里码头岸线用于巡检机器人试验。", "field_id": "artificial_intelligence", "capacity": "2 km",
			"available_from": "2026-12-01", "available_to": "2027-12-31"}), 201).JSON(t, &sc)
		var app struct{ ID string }
		at.Expect(t, env.Post(w.InstituteOther.Token, "/api/v1/scenarios/"+sc.ID+"/applications", map[string]any{"project_id": p.ID, "plan": "x"}), 404)
		at.Expect(t, env.Post(lead.Token, "/api/v1/scenarios/"+sc.ID+"/applications", map[string]any{"project_id": p.ID,
			"plan": "分两期在码头开展白天与夜间巡检试验。"}), 201).JSON(t, &app)
		at.Expect(t, env.Post(lead.Token, "/api/v1/scenario-applications/"+app.ID+"/accept", nil), 403)
		at.Expect(t, env.Post(provider.Token, "/api/v1/scenario-applications/"+app.ID+"/accept", nil), 200)
		// The provider sees the applications to its scenario, each naming its project.
		var apps struct {
			Items []struct {
				ID, Status    string
				ProjectTitle  string `json:"project_title"`
				ProjectLeadID string `json:"project_lead_id"`
			}
		}
		at.Expect(t, env.Get(provider.Token, "/api/v1/scenarios/"+sc.ID+"/applications"), 200).JSON(t, &apps)
		if len(apps.Items) != 1 || apps.Items[0].ID != app.ID || apps.Items[0].Status != "accepted" || apps.Items[0].ProjectTitle == "" || apps.Items[0].ProjectLeadID == "" {
			t.Fatalf("the provider's applications = %+v", apps.Items)
		}
		// The project's own list names each scenario it applied to.
		var own struct {
			Items []struct {
				ScenarioTitle string `json:"scenario_title"`
			}
		}
		at.Expect(t, env.Get(lead.Token, "/api/v1/projects/"+p.ID+"/scenario-applications"), 200).JSON(t, &own)
		if len(own.Items) != 1 || own.Items[0].ScenarioTitle != "梅山港区集装箱码头巡检试验段" {
			t.Fatalf("the project's applications = %+v", own.Items)
		}
		at.Expect(t, env.Post(lead.Token, "/api/v1/scenario-applications/"+app.ID+"/result", map[string]any{"result": "passed", "report": "r"}), 409) // not in validation yet
		if got := unmetConditions(t, w.Move(p.ID, "research", "validation", p.Version, "", "")); strings.Join(got, ",") != "trl_5" {
			t.Fatalf("unmet after milestone and scenario = %v", got)
		}
		at.Expect(t, env.Patch(pm.Token, "/api/v1/projects/"+p.ID, map[string]any{"trl": 5}), 200).JSON(t, &p)
		at.Expect(t, w.Move(p.ID, "research", "validation", p.Version, "", "样机测试报告 TR-2027-01"), 200).JSON(t, &p)

		// Validation: a return to research and back, then the trial passes.
		at.Expect(t, w.Move(p.ID, "validation", "research", p.Version, "", ""), 422) // a return needs a reason
		at.Expect(t, w.Move(p.ID, "validation", "research", p.Version, "样机可靠性不足，退回攻关", ""), 200).JSON(t, &p)
		at.Expect(t, w.Move(p.ID, "research", "validation", p.Version, "", "整改报告"), 200).JSON(t, &p)
		if got := unmetConditions(t, w.Move(p.ID, "validation", "industrialization", p.Version, "", "")); strings.Join(got, ",") != "trial_passed,trl_7" {
			t.Fatalf("unmet = %v", got)
		}
		at.Expect(t, env.Post(lead.Token, "/api/v1/scenario-applications/"+app.ID+"/result", map[string]any{"result": "passed",
			"report": "连续 30 天巡检无故障，识别准确率 97%。"}), 200)
		at.Expect(t, env.Patch(pm.Token, "/api/v1/projects/"+p.ID, map[string]any{"trl": 7}), 200).JSON(t, &p)
		at.Expect(t, w.Move(p.ID, "validation", "industrialization", p.Version, "", "场景试验报告"), 200).JSON(t, &p)

		// Industrialization → completed needs the acceptance note and TRL 8.
		if got := unmetConditions(t, w.Move(p.ID, "industrialization", "completed", p.Version, "", "")); strings.Join(got, ",") != "acceptance_note,trl_8" {
			t.Fatalf("unmet = %v", got)
		}
		at.Expect(t, env.Patch(pm.Token, "/api/v1/projects/"+p.ID, map[string]any{"trl": 8}), 200).JSON(t, &p)
		at.Expect(t, w.Move(p.ID, "industrialization", "completed", p.Version, "", "验收意见：各项指标达到任务书要求，同意通过验收。"), 200).JSON(t, &p)
		if p.Stage != "completed" {
			t.Fatalf("final stage %s", p.Stage)
		}
		roles := map[string]string{}
		for _, mem := range p.Members {
			roles[mem.OrganizationID] = mem.Role
		}
		if roles[provider.OrgID] != "scenario_provider" {
			t.Fatalf("the scenario provider is not a member: %v", roles)
		}

		// The history has every move with who, when, reason and evidence.
		var h struct {
			Items []struct {
				From, To, Reason, Evidence string
				ActorID                    string `json:"actor_id"`
				OccurredAt                 string `json:"occurred_at"`
			} `json:"items"`
		}
		at.Expect(t, env.Get(lead.Token, "/api/v1/projects/"+p.ID+"/history"), 200).JSON(t, &h)
		var moves []string
		for _, x := range h.Items {
			moves = append(moves, x.From+"→"+x.To)
			if x.ActorID == "" || x.OccurredAt == "" {
				t.Fatalf("history entry without who or when: %+v", x)
			}
		}
		want := "→proposal,proposal→research,research→validation,validation→research,research→validation,validation→industrialization,industrialization→completed"
		if strings.Join(moves, ",") != want {
			t.Fatalf("history = %v", moves)
		}
		last := h.Items[len(h.Items)-1]
		if last.ActorID != pm.ID || !strings.Contains(last.Evidence, "验收意见") || h.Items[3].Reason != "样机可靠性不足，退回攻关" {
			t.Fatalf("history details = %+v", h.Items)
		}
		if k := notificationKinds(t, env, lead); k["project.stage_changed"] != 6 {
			t.Fatalf("lead notified of %d stage changes, want 6", k["project.stage_changed"])
		}
		if env.AuditCount("project.transition") != 6 {
			t.Fatal("stage moves are not all audited")
		}
		// Not visible to a non-member.
		at.Expect(t, env.Get(w.EnterpriseOther.Token, "/api/v1/projects/"+p.ID), 200) // the provider is a member now
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/projects/"+p.ID), 404)
	})
}

// TestFundingRulesOverHTTP: every rule refuses with 422 naming it, and accepts at the limit.
func TestFundingRulesOverHTTP(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		id := w.Approved(w.Institute, "资金规则测试项目")
		add := func(body map[string]any) *at.Response {
			return env.Post(w.PM.Token, "/api/v1/projects/"+id+"/funding", body)
		}
		var line struct {
			ID      string `json:"id"`
			Version int    `json:"version"`
		}
		at.Expect(t, add(map[string]any{"source": "municipal", "amount": 49_999_999, "status": "planned"}), 201).JSON(t, &line) // planned: not held to the budget
		r := at.Expect(t, add(map[string]any{"source": "municipal", "amount": 2}), 422)
		if !strings.Contains(string(r.Body), "50,000,000") {
			t.Fatalf("the refusal does not name the rule: %s", r.Body)
		}
		at.Expect(t, add(map[string]any{"source": "municipal", "amount": 1}), 201) // exactly 50,000,000
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+line.ID, map[string]any{"amount": 50_000_000}), 422)

		// Matching: at most national + provincial.
		id2 := w.Approved(w.Institute, "配套资金测试项目")
		add2 := func(body map[string]any) *at.Response {
			return env.Post(w.PM.Token, "/api/v1/projects/"+id2+"/funding", body)
		}
		at.Expect(t, add2(map[string]any{"source": "municipal", "amount": 1, "matching": true}), 422)
		at.Expect(t, add2(map[string]any{"source": "national", "amount": 3_000_000}), 201)
		var prov struct {
			ID string `json:"id"`
		}
		at.Expect(t, add2(map[string]any{"source": "provincial", "amount": 2_000_000}), 201).JSON(t, &prov)
		at.Expect(t, add2(map[string]any{"source": "municipal", "amount": 5_000_000, "matching": true, "status": "committed"}), 201).JSON(t, &line)
		r = at.Expect(t, add2(map[string]any{"source": "municipal", "amount": 1, "matching": true}), 422)
		if !strings.Contains(string(r.Body), "1:1") {
			t.Fatalf("the refusal does not name the rule: %s", r.Body)
		}
		// Lowering the provincial line below the matching is refused too.
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+prov.ID, map[string]any{"amount": 1_999_999}), 422)
		at.Expect(t, add2(map[string]any{"source": "enterprise", "amount": 1, "matching": true}), 422)

		// A tranche tied to a milestone is disbursed only after the milestone is accepted.
		var m struct{ ID string }
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/projects/"+id2+"/milestones", map[string]any{"title": "中期检查",
			"due_date": "2027-06-30", "stage": "research"}), 201).JSON(t, &m)
		var tranche struct {
			ID string `json:"id"`
		}
		at.Expect(t, add2(map[string]any{"source": "enterprise", "amount": 1_000_000, "status": "committed", "milestone_id": m.ID}), 201).JSON(t, &tranche)
		at.Expect(t, add2(map[string]any{"source": "enterprise", "amount": 1, "status": "disbursed", "milestone_id": m.ID}), 422)
		r = at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+tranche.ID, map[string]any{"status": "disbursed"}), 422)
		if !strings.Contains(string(r.Body), "accepted") {
			t.Fatalf("the refusal does not name the rule: %s", r.Body)
		}
		at.Expect(t, env.Patch(w.Institute.Token, "/api/v1/projects/"+id2+"/milestones/"+m.ID, map[string]any{"status": "done"}), 200)
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+tranche.ID, map[string]any{"status": "disbursed"}), 422)
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/projects/"+id2+"/milestones/"+m.ID, map[string]any{"status": "accepted"}), 200)
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+tranche.ID, map[string]any{"status": "disbursed"}), 200)
		at.Expect(t, env.Patch(w.PM.Token, "/api/v1/funding/"+tranche.ID, map[string]any{"status": "committed"}), 409) // only forward

		// 拨改投: a committed municipal line becomes an investment line of a financial organization.
		fund, err := env.App.Orgs.Create(t.Context(), domain.System(), org.Draft{Name: "宁波天使投资引导基金测试", Type: "financial",
			CreditCode: org.WithCheckChar("91330200MA5000001"), Country: "CN"}, org.StatusVerified)
		if err != nil {
			t.Fatal(err)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/funding/"+line.ID+"/convert", map[string]any{"investor_id": w.Enterprise.OrgID}), 422)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/funding/"+prov.ID+"/convert", map[string]any{"investor_id": fund.ID}), 422) // provincial
		var inv struct {
			Source, Status  string
			InvestorID      string `json:"investor_id"`
			ConvertedFromID string `json:"converted_from_id"`
			Amount          int64
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/funding/"+line.ID+"/convert", map[string]any{"investor_id": fund.ID}), 200).JSON(t, &inv)
		if inv.Source != "investment" || inv.InvestorID != fund.ID || inv.ConvertedFromID != line.ID || inv.Amount != 5_000_000 {
			t.Fatalf("converted line = %+v", inv)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/funding/"+line.ID+"/convert", map[string]any{"investor_id": fund.ID}), 409)
		// The replaced matching line no longer counts: matching room is back.
		at.Expect(t, add2(map[string]any{"source": "municipal", "amount": 5_000_000, "matching": true}), 201)
		var lines struct {
			Items []struct {
				ID         string     `json:"id"`
				ReplacedAt *time.Time `json:"replaced_at"`
			} `json:"items"`
		}
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/projects/"+id2+"/funding"), 200).JSON(t, &lines)
		if len(lines.Items) != 6 {
			t.Fatalf("%d funding lines listed, want 6 (the replaced one too)", len(lines.Items))
		}
		// The replaced line says so; no other does.
		for _, l := range lines.Items {
			if (l.ID == line.ID) != (l.ReplacedAt != nil) {
				t.Errorf("line %s: replaced_at = %v", l.ID, l.ReplacedAt)
			}
		}
		at.Expect(t, env.Get(w.EnterpriseOther.Token, "/api/v1/projects/"+id2+"/funding"), 404)
		at.Expect(t, add2(map[string]any{"source": "investment", "amount": 1}), 422)
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/projects/"+id2+"/funding", map[string]any{"source": "national", "amount": 1}), 403)
	})
}

// TestProjectConcurrency: 20 moves from one version, one wins; 50 approvals
// of different projects get 50 distinct consecutive codes.
func TestProjectConcurrency(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		id := w.Approved(w.Institute, "并发阶段变更")
		v := w.Version(id)
		got := race(env, 20, func(int) at.Request {
			return at.Request{Method: http.MethodPost, Path: "/api/v1/projects/" + id + "/transitions", Token: w.PM.Token,
				Body: map[string]any{"from": "research", "to": "terminated", "version": v, "reason": "并发终止"}}
		})
		if got[200] != 1 || got[409] != 19 {
			t.Fatalf("statuses = %v", got)
		}
		if n := countRows(t, db, "project_stage_history", "project_id = ? AND to_stage = 'terminated'", id); n != 1 {
			t.Fatalf("%d history rows for one move", n)
		}

		var ids []string
		for i := 0; i < 50; i++ {
			ids = append(ids, w.Proposal(w.Institute, fmt.Sprintf("并发立项项目%02d", i)))
		}
		got = race(env, 50, func(i int) at.Request {
			return at.Request{Method: http.MethodPost, Path: "/api/v1/projects/" + ids[i] + "/transitions", Token: w.PM.Token,
				Body: map[string]any{"from": "proposal", "to": "research", "version": 1}}
		})
		if got[200] != 50 {
			t.Fatalf("statuses = %v", got)
		}
		var codes []string
		if err := db.Gorm().Table("projects").Where("id IN ?", ids).Order("code").Pluck("code", &codes).Error; err != nil {
			t.Fatal(err)
		}
		year := env.Clock.Now().Year()
		// The first project above took code 1.
		for i, c := range codes {
			if want := fmt.Sprintf("YJ2035-%d-%04d", year, i+2); c != want {
				t.Fatalf("code %d = %s, want %s (codes: %v)", i, c, want, codes)
			}
		}
	})
}

// TestProjectListCarriesRelatedIDs: a project in a list carries every related
// id its detail carries (challenge_id was missing), with the same values.
func TestProjectListCarriesRelatedIDs(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		_, pid := w.Awarded(w.Enterprise, "关联编号测试", w.Institute, w.InstituteOther)
		detail := at.Expect(t, env.Get(w.PM.Token, "/api/v1/projects/"+pid), 200).Map(t)
		if detail["challenge_id"] == nil {
			t.Fatalf("the detail has no challenge_id: %v", detail)
		}
		var item map[string]any
		for _, it := range at.Expect(t, env.Get(w.PM.Token, "/api/v1/projects?limit=100"), 200).Map(t)["items"].([]any) {
			if m := it.(map[string]any); m["id"] == pid {
				item = m
			}
		}
		if item == nil {
			t.Fatal("the project is not in the list")
		}
		for k, v := range detail {
			if strings.HasSuffix(k, "_id") && item[k] != v {
				t.Errorf("list item %s = %v, detail %v", k, item[k], v)
			}
		}
	})
}
