package handlers_test

import (
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
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
