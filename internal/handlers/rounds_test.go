package handlers_test

import (
	"math"
	"strings"
	"sync"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

type rankedRound struct {
	Round     int     `json:"round"`
	MeanTotal float64 `json:"mean_total"`
}

type rankedItem struct {
	BidID         string        `json:"bid_id"`
	Round         int           `json:"round"`
	Rounds        []rankedRound `json:"rounds"`
	MeanTotal     float64       `json:"mean_total"`
	WeightedTotal float64       `json:"weighted_total"`
	Scores        []struct {
		Round int `json:"round"`
	} `json:"scores"`
}

// TestReviewRounds (以赛代评): rounds with weights and a shortlist set at
// approval; closing round 1 shortlists the best two by mean total, the ties
// at the boundary too; the shortlisted learn it, the others do not; round 2's
// experts see only the shortlisted; the ranking weighs the rounds; only a
// finalist can win.
func TestReviewRounds(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		fourth := env.NewUser(domain.RoleInstitute, env.Org("第四研究院", org.TypeResearchInstitute, true))
		w.Extra = append(w.Extra, fourth)
		id := w.Submitted(w.Enterprise, "两轮评审揭榜")
		approval := w.Approval(time.Hour)
		approval["max_winners"] = 2
		// The limits of a round plan, each refused naming the field.
		for _, bad := range []struct {
			rounds []map[string]any
			code   string
		}{
			{[]map[string]any{{"name": "初评", "weight": 40, "shortlist": 3}, {"name": "答辩", "weight": 50}}, "review.weights_sum"},
			{[]map[string]any{{"name": "初评", "weight": 40}, {"name": "答辩", "weight": 60}}, "review.shortlist"},
			{[]map[string]any{{"name": "初评", "weight": 40, "shortlist": 1}, {"name": "答辩", "weight": 60}}, "review.shortlist"},
			{[]map[string]any{{"name": "初评", "weight": 40, "shortlist": 3}, {"name": "答辩", "weight": 60, "shortlist": 2}}, "review.last_shortlist"},
			{[]map[string]any{{"name": " ", "weight": 40, "shortlist": 3}, {"name": "答辩", "weight": 60}}, "review.round_name"},
			{[]map[string]any{{"name": "初评", "weight": 0, "shortlist": 3}, {"name": "答辩", "weight": 100}}, "rounds[0].weight"},
		} {
			approval["rounds"] = bad.rounds
			r := at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/approve", approval), 422)
			if !strings.Contains(string(r.Body), bad.code) {
				t.Fatalf("%v: %s", bad.rounds, r.Body)
			}
		}
		approval["rounds"] = at.TwoRounds(2)
		var c struct {
			Rounds []struct {
				Name      string `json:"name"`
				Weight    int    `json:"weight"`
				Shortlist int    `json:"shortlist"`
			} `json:"rounds"`
			CurrentRound int `json:"current_round"`
			Version      int `json:"version"`
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/approve", approval), 200).JSON(t, &c)
		if len(c.Rounds) != 2 || c.Rounds[0].Shortlist != 2 || c.Rounds[1].Weight != 60 || c.CurrentRound != 1 {
			t.Fatalf("approved %+v", c)
		}
		bidders := []*at.User{w.Institute, w.InstituteOther, w.EnterpriseOther, fourth}
		var bids []string
		for _, b := range bidders {
			bids = append(bids, w.Bid(b, id))
		}
		w.Advance(time.Hour + time.Second)
		// Round 2 has not begun.
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/reviewers",
			map[string]any{"user_ids": []string{w.Experts[1].ID, w.Experts[2].ID, w.Experts[3].ID}, "round": 2}), 409)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/reviewers",
			map[string]any{"user_ids": []string{w.Experts[0].ID, w.Experts[1].ID, w.Experts[2].ID}}), 200)
		// Round 1: bid 0 best (80), bids 1 and 2 tied at the boundary (70), bid 3 last (60).
		round1 := []int{40, 30, 30, 20}
		score := func(e *at.User, bid string, technical, round int, want int) {
			t.Helper()
			body := map[string]any{"technical": technical, "feasibility": 20, "team": 15, "budget": 5}
			if round > 0 {
				body["round"] = round
			}
			at.Expect(t, env.Do(at.Request{Method: "PUT", Path: "/api/v1/bids/" + bid + "/score", Token: e.Token, Body: body}), want)
		}
		for _, e := range w.Experts[:3] {
			for i, b := range bids {
				score(e, b, round1[i], 0, 200)
			}
		}
		for _, e := range w.Experts[:2] {
			at.Expect(t, env.Post(e.Token, "/api/v1/challenges/"+id+"/scores/submit", nil), 204)
		}
		// An expert missing: the round cannot close, and the ranking is not ready.
		r := at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/rounds/1/close", map[string]any{}), 409)
		if !strings.Contains(string(r.Body), "not every expert") {
			t.Fatalf("close with an expert missing: %s", r.Body)
		}
		at.Expect(t, env.Post(w.Experts[2].Token, "/api/v1/challenges/"+id+"/scores/submit", map[string]any{"round": 1}), 204)
		// The program manager's work list: a round to close, then (closed) experts to assign for the next.
		pmCounts := func() (assign, ready int64) {
			t.Helper()
			var out struct {
				Items []struct {
					Key   string `json:"key"`
					Count int64  `json:"count"`
				} `json:"items"`
			}
			at.Expect(t, env.Get(w.PM.Token, "/api/v1/workbench"), 200).JSON(t, &out)
			for _, it := range out.Items {
				switch it.Key {
				case "challenges_to_assign":
					assign = it.Count
				case "rankings_ready":
					ready = it.Count
				}
			}
			return assign, ready
		}
		if assign, ready := pmCounts(); assign != 0 || ready != 1 {
			t.Fatalf("round 1 complete: to assign %d, ready %d", assign, ready)
		}
		var ranking struct {
			Items []rankedItem `json:"items"`
		}
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/challenges/"+id+"/ranking"), 200).JSON(t, &ranking)
		if len(ranking.Items) != 4 || ranking.Items[0].BidID != bids[0] || len(ranking.Items[0].Rounds) != 1 ||
			ranking.Items[0].Rounds[0].MeanTotal != 80 || ranking.Items[0].WeightedTotal != 32 {
			t.Fatalf("round-1 ranking %+v", ranking.Items)
		}
		// The award follows the final round.
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/award", map[string]any{"bid_ids": bids[:2]}), 409)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/rounds/2/close", map[string]any{}), 409)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/rounds/9/close", map[string]any{}), 422)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/rounds/x/close", map[string]any{}), 422)
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges/"+id+"/rounds/1/close", map[string]any{}), 403)

		at.Expect(t, env.Get(w.PM.Token, "/api/v1/challenges/"+id), 200).JSON(t, &c)
		// Two closings of one round at once: one shortlists, the other is refused.
		var wg sync.WaitGroup
		codes := make([]int, 2)
		bodies := make([]string, 2)
		for i := range codes {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/rounds/1/close", map[string]any{"version": c.Version})
				codes[i], bodies[i] = r.Status, string(r.Body)
			}(i)
		}
		wg.Wait()
		var closed struct {
			Shortlisted []string `json:"shortlisted"`
			Challenge   struct {
				CurrentRound int `json:"current_round"`
			} `json:"challenge"`
		}
		won := 0
		for i, code := range codes {
			switch code {
			case 200:
				won++
				at.Expect(t, &at.Response{Status: 200, Body: []byte(bodies[i])}, 200).JSON(t, &closed)
			case 409:
			default:
				t.Fatalf("closing: %d %s", code, bodies[i])
			}
		}
		if won != 1 {
			t.Fatalf("two closings: %v %v", codes, bodies)
		}
		if len(closed.Shortlisted) != 3 || closed.Challenge.CurrentRound != 2 {
			t.Fatalf("shortlisted %+v (ties at the boundary go through)", closed)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/rounds/1/close", map[string]any{}), 409)
		if assign, ready := pmCounts(); assign != 1 || ready != 0 {
			t.Fatalf("round 1 closed: to assign %d, ready %d", assign, ready)
		}
		// The shortlisted are told; the fourth is not, and cannot tell from the challenge.
		for i, u := range bidders {
			if k := notificationKinds(t, env, u); (i < 3) != (k["bid.shortlisted"] == 1) {
				t.Fatalf("bidder %d told %v", i, k)
			}
		}
		var seen map[string]any
		at.Expect(t, env.Get(fourth.Token, "/api/v1/challenges/"+id), 200).JSON(t, &seen)
		if _, ok := seen["current_round"]; ok {
			t.Fatalf("a bidder sees the round under review: %v", seen["current_round"])
		}
		// Round 1's scores are final.
		score(w.Experts[0], bids[0], 10, 1, 409)
		// Round 2: two experts of round 1 and a new one.
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/reviewers",
			map[string]any{"user_ids": []string{w.Experts[1].ID, w.Experts[2].ID}, "round": 2}), 422) // too few
		var assigned struct {
			Items []struct {
				ExpertID string `json:"expert_id"`
				Round    int    `json:"round"`
			} `json:"items"`
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/reviewers",
			map[string]any{"user_ids": []string{w.Experts[1].ID, w.Experts[2].ID, w.Experts[3].ID}}), 200).JSON(t, &assigned)
		if len(assigned.Items) != 6 {
			t.Fatalf("assignments of both rounds: %+v", assigned.Items)
		}
		if assign, ready := pmCounts(); assign != 0 || ready != 0 {
			t.Fatalf("round 2 under review: to assign %d, ready %d", assign, ready)
		}
		// The new expert sees the shortlisted bids only.
		newcomer := w.Experts[3]
		at.Expect(t, env.Get(newcomer.Token, "/api/v1/bids/"+bids[3]), 404)
		at.Expect(t, env.Get(newcomer.Token, "/api/v1/bids/"+bids[2]), 200)
		var list struct {
			Items []struct{ ID string } `json:"items"`
		}
		at.Expect(t, env.Get(newcomer.Token, "/api/v1/challenges/"+id+"/bids"), 200).JSON(t, &list)
		if len(list.Items) != 3 {
			t.Fatalf("round-2 expert lists %d bids", len(list.Items))
		}
		var tasks struct {
			Items []struct {
				Round    int                   `json:"round"`
				Bids     []struct{ ID string } `json:"bids"`
				MyScores []struct{}            `json:"my_scores"`
			} `json:"items"`
		}
		at.Expect(t, env.Get(w.Experts[1].Token, "/api/v1/reviews"), 200).JSON(t, &tasks)
		if len(tasks.Items) != 1 || tasks.Items[0].Round != 2 || len(tasks.Items[0].Bids) != 3 || len(tasks.Items[0].MyScores) != 0 {
			t.Fatalf("a round-2 task %+v", tasks.Items)
		}
		score(newcomer, bids[3], 30, 0, 404) // not shortlisted
		// Round 2: bid 2 best (80), bid 0 next (70), bid 1 last (60): bid 2 (.4×70 + .6×80 = 76) overtakes bid 0 (.4×80 + .6×70 = 74).
		round2 := map[string]int{bids[0]: 30, bids[1]: 20, bids[2]: 40}
		for _, e := range w.Experts[1:4] {
			for b, tech := range round2 {
				score(e, b, tech, 0, 200)
			}
			at.Expect(t, env.Post(e.Token, "/api/v1/challenges/"+id+"/scores/submit", nil), 204)
		}
		// A round-1-only expert has nothing to submit in round 2.
		at.Expect(t, env.Post(w.Experts[0].Token, "/api/v1/challenges/"+id+"/scores/submit", nil), 409)
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/challenges/"+id+"/ranking"), 200).JSON(t, &ranking)
		want := []string{bids[2], bids[0], bids[1], bids[3]}
		for i, it := range ranking.Items {
			if it.BidID != want[i] {
				t.Fatalf("ranking order %v, want %v", ranking.Items, want)
			}
			sum := 0.0
			for _, rd := range it.Rounds {
				sum += map[int]float64{1: 0.4, 2: 0.6}[rd.Round] * rd.MeanTotal
			}
			if math.Abs(sum-it.WeightedTotal) > 1e-9 {
				t.Fatalf("weighted %v of %+v", it.WeightedTotal, it)
			}
		}
		if ranking.Items[0].Round != 2 || len(ranking.Items[0].Rounds) != 2 || ranking.Items[0].WeightedTotal != 0.4*70+0.6*80 ||
			ranking.Items[3].Round != 1 || len(ranking.Items[3].Rounds) != 1 || len(ranking.Items[0].Scores) != 6 {
			t.Fatalf("final ranking %+v", ranking.Items)
		}
		// Only a finalist wins; two winners of the finalists.
		r = at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/award", map[string]any{"bid_ids": []string{bids[2], bids[3]}}), 422)
		if !strings.Contains(string(r.Body), "award.not_shortlisted") {
			t.Fatalf("a bid left out in round 1 wins: %s", r.Body)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+id+"/award", map[string]any{"bid_ids": []string{bids[2], bids[0]}}), 200)
		var confirmed struct {
			Projects []struct{ ID string } `json:"projects"`
		}
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges/"+id+"/award/confirm", nil), 200).JSON(t, &confirmed)
		if len(confirmed.Projects) != 2 {
			t.Fatalf("projects %+v", confirmed.Projects)
		}
		for i, u := range bidders {
			k := notificationKinds(t, env, u)
			if won := i == 0 || i == 2; won != (k["bid.awarded"] == 1) || won == (k["bid.not_awarded"] == 1) {
				t.Fatalf("bidder %d told %v", i, k)
			}
		}
		// The ranking stays readable once decided.
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/challenges/"+id+"/ranking"), 200)
	})
}
