package handlers_test

import (
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestYearlyTargets: program managers set a year's targets; everyone reads
// each against the actual value the database computes from the data.
func TestYearlyTargets(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		type target struct {
			Key    string   `json:"key"`
			Target *float64 `json:"target"`
			Actual float64  `json:"actual"`
		}
		read := func() map[string]target {
			m := map[string]target{}
			for _, x := range items[target](t, at.Expect(t, env.Get("", "/api/v1/portfolio/targets?year=2026"), 200)) {
				m[x.Key] = x
			}
			return m
		}
		before := read()
		if len(before) != 7 || before["new_projects"].Target != nil {
			t.Fatalf("before any target: %+v", before)
		}
		// The data of 2026 (the test clock's year): two projects started, one in
		// a 315 field of two created, a challenge published, a landmark output, matching funds.
		pid := w.Approved(w.Institute, "年度目标项目") // artificial_intelligence: a 315 field
		w.Approved(w.InstituteOther, "年度目标项目二")  // the same field
		w.Proposal(w.Institute, "未立项的申报")        // created, not started
		w.Published(w.Enterprise, "年度目标揭榜", 240*time.Hour)
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/projects/"+pid+"/outputs", map[string]any{"type": "patent",
			"title": "标志性专利", "date": "2026-11-01", "landmark": true}), 201)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/funding", map[string]any{"source": "national", "amount": 1_000_000, "status": "committed"}), 201)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/funding", map[string]any{"source": "municipal", "amount": 700_000, "matching": true, "status": "committed"}), 201)
		body := map[string]any{"items": []map[string]any{{"key": "new_projects", "target": 200}, {"key": "landmark_outputs", "target": 20},
			{"key": "share_315", "target": 80}}}
		at.Expect(t, env.Do(at.Request{Method: "PUT", Path: "/api/v1/portfolio/targets/2026", Token: w.PM.Token, Body: body}), 200)
		got := read()
		if *got["new_projects"].Target != 200 || got["new_projects"].Actual != before["new_projects"].Actual+2 ||
			got["landmark_outputs"].Actual != before["landmark_outputs"].Actual+1 ||
			got["challenges_published"].Actual != before["challenges_published"].Actual+1 ||
			got["matching_funds"].Actual != before["matching_funds"].Actual+700_000 || got["matching_funds"].Target != nil {
			t.Fatalf("after: %+v (before %+v)", got, before)
		}
		if s := got["share_315"].Actual; s <= 0 || s > 100 {
			t.Fatalf("share_315 %v", s)
		}
		// Replacing unsets what is left out; refusals name the item.
		at.Expect(t, env.Do(at.Request{Method: "PUT", Path: "/api/v1/portfolio/targets/2026", Token: w.Admin.Token,
			Body: map[string]any{"items": []map[string]any{{"key": "high_tech_enterprises", "target": 8500}}}}), 200)
		if got := read(); got["new_projects"].Target != nil || *got["high_tech_enterprises"].Target != 8500 {
			t.Fatalf("after replacing: %+v", got)
		}
		for bad, field := range map[string]string{
			`{"items":[{"key":"share_315","target":101}]}`:                                    "items[0].target",
			`{"items":[{"key":"new_projects","target":-1}]}`:                                  "items[0].target",
			`{"items":[{"key":"new_projects","target":1},{"key":"new_projects","target":2}]}`: "items[1].key",
			`{"items":[{"key":"gdp","target":1}]}`:                                            "items[0].key",
		} {
			r := env.Do(at.Request{Method: "PUT", Path: "/api/v1/portfolio/targets/2026", Token: w.PM.Token, Body: bad})
			if r.Status != 422 || !strings.Contains(string(r.Body), `"field":"`+field+`"`) {
				t.Errorf("%s: %d %s, want 422 on %s", bad, r.Status, r.Body, field)
			}
		}
		at.Expect(t, env.Do(at.Request{Method: "PUT", Path: "/api/v1/portfolio/targets/1999", Token: w.PM.Token, Body: body}), 422)
		at.Expect(t, env.Get("", "/api/v1/portfolio/targets?year=abc"), 400)
		if env.AuditCount("targets.set") != 2 {
			t.Fatal("the targets' changes are not audited")
		}
	})
}
