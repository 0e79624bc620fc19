package handlers_test

import (
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestSeveralWinners (赛马): approval allows up to max_winners; the award
// names at most that many; confirmation makes one project per winner (the
// money shared among them) and tells every bidder its outcome at once.
func TestSeveralWinners(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		id := w.Submitted(w.Enterprise, "赛马揭榜")
		approval := w.Approval(time.Hour)
		approval["max_winners"] = 11
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/approve", approval), 422)
		approval["max_winners"] = 2
		var c struct {
			MaxWinners           int      `json:"max_winners"`
			WinnerBidIDs         []string `json:"winner_bid_ids"`
			ProjectIDs           []string `json:"project_ids"`
			ProjectID            string   `json:"project_id"`
			EnterpriseCommitment int64    `json:"enterprise_commitment"`
			Version              int      `json:"version"`
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/approve", approval), 200).JSON(t, &c)
		if c.MaxWinners != 2 {
			t.Fatalf("max_winners %d", c.MaxWinners)
		}
		bidders := []*at.User{w.Institute, w.InstituteOther, w.EnterpriseOther}
		var bids []string
		for _, b := range bidders {
			bids = append(bids, w.Bid(b, id))
		}
		w.Advance(time.Hour + time.Second)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/reviewers",
			map[string]any{"user_ids": []string{w.Experts[0].ID, w.Experts[1].ID, w.Experts[2].ID}}), 200)
		for _, e := range w.Experts[:3] {
			for i, b := range bids {
				at.Expect(t, env.Do(at.Request{Method: "PUT", Path: "/api/v1/bids/" + b + "/score", Token: e.Token,
					Body: map[string]any{"technical": 35 - 5*i, "feasibility": 25, "team": 15, "budget": 8}}), 200)
			}
			at.Expect(t, env.Post(e.Token, "/api/v1/challenges/"+id+"/scores/submit", nil), 204)
		}
		r := at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/award", map[string]any{"bid_ids": bids}), 422)
		if !strings.Contains(string(r.Body), "award.too_many_winners") {
			t.Fatalf("three winners of two: %s", r.Body)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/award", map[string]any{"bid_ids": []string{bids[0], bids[0]}}), 422)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/award", map[string]any{"bid_ids": []string{bids[0], "nope"}}), 422)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/award", map[string]any{"bid_ids": []string{bids[0], bids[1]}}), 200).JSON(t, &c)
		if len(c.WinnerBidIDs) != 2 {
			t.Fatalf("proposed %v", c.WinnerBidIDs)
		}
		// A proposal is not an outcome: a bidder does not see it.
		var seen struct {
			WinnerBidIDs []string `json:"winner_bid_ids"`
		}
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/challenges/"+id), 200).JSON(t, &seen)
		if len(seen.WinnerBidIDs) != 0 {
			t.Fatalf("a bidder sees the proposal: %v", seen.WinnerBidIDs)
		}
		var out struct {
			Challenge struct {
				ProjectIDs   []string `json:"project_ids"`
				WinnerBidIDs []string `json:"winner_bid_ids"`
				ProjectID    string   `json:"project_id"`
			} `json:"challenge"`
			Project  struct{ ID string } `json:"project"`
			Projects []struct {
				ID     string `json:"id"`
				LeadID string `json:"lead_id"`
				Budget int64  `json:"budget"`
			} `json:"projects"`
		}
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges/"+id+"/award/confirm", nil), 200).JSON(t, &out)
		if len(out.Projects) != 2 || out.Project.ID != out.Projects[0].ID || out.Challenge.ProjectID != out.Projects[0].ID ||
			len(out.Challenge.ProjectIDs) != 2 || out.Projects[0].LeadID != w.Institute.OrgID || out.Projects[1].LeadID != w.InstituteOther.OrgID {
			t.Fatalf("confirmed %+v", out)
		}
		// The money is shared: the two projects' budgets add up to one award's.
		if out.Projects[0].Budget+out.Projects[1].Budget != c.EnterpriseCommitment+3_000_000 || out.Projects[0].Budget < out.Projects[1].Budget {
			t.Fatalf("budgets %d + %d, want %d", out.Projects[0].Budget, out.Projects[1].Budget, c.EnterpriseCommitment+3_000_000)
		}
		status := map[string]string{}
		var page struct {
			Items []struct{ ID, Status string } `json:"items"`
		}
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/challenges/"+id+"/bids"), 200).JSON(t, &page)
		for _, b := range page.Items {
			status[b.ID] = b.Status
		}
		if status[bids[0]] != "awarded" || status[bids[1]] != "awarded" || status[bids[2]] != "not_awarded" {
			t.Fatalf("bid outcomes %v", status)
		}
		for i, u := range bidders {
			k := notificationKinds(t, env, u)
			if i < 2 && (k["bid.awarded"] != 1 || k["bid.not_awarded"] != 0) || i == 2 && (k["bid.not_awarded"] != 1 || k["bid.awarded"] != 0) {
				t.Fatalf("bidder %d told %v", i, k)
			}
		}
	})
}
