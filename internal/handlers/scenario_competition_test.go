package handlers_test

import (
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestScenarioCompetition (以赛代招): a scenario's provider posts a challenge
// for it with a procurement commitment; each winner's project is accepted on
// the scenario at once and the commitment (shared among the winners) becomes
// an enterprise funding line of its own.
func TestScenarioCompetition(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		mine := at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/scenarios", scenarioBody()), 201).ID(t)
		theirs := at.Expect(t, env.Post(w.EnterpriseOther.Token, "/api/v1/scenarios", scenarioBody()), 201).ID(t)
		var own struct {
			Items []struct{ ID string } `json:"items"`
		}
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/scenarios?mine=true"), 200).JSON(t, &own)
		if len(own.Items) != 1 || own.Items[0].ID != mine {
			t.Fatalf("my scenarios %+v", own.Items)
		}
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/scenarios?mine=true"), 200).JSON(t, &own) // the bureau provides none here
		if len(own.Items) != 0 {
			t.Fatalf("the programme manager's scenarios %+v", own.Items)
		}
		body := at.ChallengeBody("港口无人集卡以赛代招")
		for _, bad := range []struct {
			set  map[string]any
			code string
		}{
			{map[string]any{"scenario_id": theirs}, "challenge.not_provider"},
			{map[string]any{"scenario_id": "no-such-scenario"}, "challenge.unknown_scenario"},
			{map[string]any{"procurement_commitment": 1_000_000}, "challenge.procurement_without_scenario"},
			{map[string]any{"scenario_id": mine, "procurement_commitment": -1}, "procurement_commitment"},
		} {
			b := map[string]any{}
			for k, v := range body {
				b[k] = v
			}
			for k, v := range bad.set {
				b[k] = v
			}
			r := at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges", b), 422)
			if !strings.Contains(string(r.Body), bad.code) {
				t.Fatalf("%v: %s", bad.set, r.Body)
			}
		}
		body["scenario_id"], body["procurement_commitment"] = mine, 4_000_001
		var c struct {
			ID                    string `json:"id"`
			ScenarioID            string `json:"scenario_id"`
			ProcurementCommitment int64  `json:"procurement_commitment"`
			EnterpriseCommitment  int64  `json:"enterprise_commitment"`
		}
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges", body), 201).JSON(t, &c)
		if c.ScenarioID != mine || c.ProcurementCommitment != 4_000_001 {
			t.Fatalf("created %+v", c)
		}
		// The owner cannot move it to a scenario another organization provides.
		at.Expect(t, env.Patch(w.Enterprise.Token, "/api/v1/challenges/"+c.ID, map[string]any{"scenario_id": theirs}), 422)
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges/"+c.ID+"/submit", nil), 200)
		approval := w.Approval(time.Hour)
		approval["max_winners"] = 2
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+c.ID+"/approve", approval), 200)
		bids := []string{w.Bid(w.Institute, c.ID), w.Bid(w.InstituteOther, c.ID)}
		w.Advance(time.Hour + time.Second)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+c.ID+"/reviewers",
			map[string]any{"user_ids": []string{w.Experts[1].ID, w.Experts[2].ID, w.Experts[3].ID}}), 200)
		for _, e := range w.Experts[1:4] {
			w.Score(e, bids, 30)
			at.Expect(t, env.Post(e.Token, "/api/v1/challenges/"+c.ID+"/scores/submit", nil), 204)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+c.ID+"/award", map[string]any{"bid_ids": bids}), 200)
		var out struct {
			Projects []struct {
				ID     string `json:"id"`
				Budget int64  `json:"budget"`
			} `json:"projects"`
		}
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges/"+c.ID+"/award/confirm", nil), 200).JSON(t, &out)
		if len(out.Projects) != 2 {
			t.Fatalf("projects %+v", out.Projects)
		}
		total := int64(0)
		for i, p := range out.Projects {
			total += p.Budget
			var apps struct {
				Items []struct {
					ScenarioID string `json:"scenario_id"`
					Status     string `json:"status"`
				} `json:"items"`
			}
			at.Expect(t, env.Get(w.PM.Token, "/api/v1/projects/"+p.ID+"/scenario-applications"), 200).JSON(t, &apps)
			if len(apps.Items) != 1 || apps.Items[0].ScenarioID != mine || apps.Items[0].Status != "accepted" {
				t.Fatalf("project %d on the scenario: %+v", i, apps.Items)
			}
			var lines struct {
				Items []struct {
					Source string `json:"source"`
					Amount int64  `json:"amount"`
				} `json:"items"`
			}
			at.Expect(t, env.Get(w.PM.Token, "/api/v1/projects/"+p.ID+"/funding"), 200).JSON(t, &lines)
			procurement := map[int]int64{0: 2_000_001, 1: 2_000_000}[i]
			found := false
			for _, l := range lines.Items {
				if l.Source == "enterprise" && l.Amount == procurement {
					found = true
				}
			}
			if !found {
				t.Fatalf("project %d has no procurement line of %d: %+v", i, procurement, lines.Items)
			}
		}
		if total != c.EnterpriseCommitment+3_000_000+4_000_001 {
			t.Fatalf("budgets add up to %d, want %d", total, c.EnterpriseCommitment+3_000_000+4_000_001)
		}
		// The provider sees the accepted applications on its scenario.
		var apps struct {
			Items []struct{ Status string } `json:"items"`
		}
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/scenarios/"+mine+"/applications"), 200).JSON(t, &apps)
		if len(apps.Items) != 2 {
			t.Fatalf("the provider's applications %+v", apps.Items)
		}
	})
}
