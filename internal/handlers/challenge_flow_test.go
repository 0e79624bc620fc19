package handlers_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

type challengeResp struct {
	ID           string `json:"id"`
	Status       string `json:"status"`
	StatusReason string `json:"status_reason"`
	Version      int    `json:"version"`
	BidCount     *int   `json:"bid_count"`
	ProjectID    string `json:"project_id"`
	AwardedBidID string `json:"awarded_bid_id"`
}

func notificationKinds(t *testing.T, env *at.Env, u *at.User) map[string]int {
	t.Helper()
	var page struct {
		Items []struct {
			Kind string `json:"kind"`
		} `json:"items"`
	}
	at.Expect(t, env.Get(u.Token, "/api/v1/notifications?limit=100"), 200).JSON(t, &page)
	kinds := map[string]int{}
	for _, n := range page.Items {
		kinds[n.Kind]++
	}
	return kinds
}

// TestChallengeWholeFlow walks 企业出题 → 政府立题 → 协同破题 → 以赛代评 → 挂帅 over HTTP.
func TestChallengeWholeFlow(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		owner, pm := w.Enterprise, w.PM
		foreign := env.NewUser(domain.RoleInstitute, foreignOrg(t, env))
		partner := w.EnterpriseOther

		// Draft → submit → return → resubmit → approve.
		var c challengeResp
		at.Expect(t, env.Post(owner.Token, "/api/v1/challenges", map[string]any{"title": "深远海高压海缆绝缘新材料"}), 201).JSON(t, &c)
		if c.Status != "draft" || c.Version != 1 {
			t.Fatalf("new draft = %+v", c)
		}
		// An incomplete draft cannot be submitted; every missing field is named.
		r := at.Expect(t, env.Post(owner.Token, "/api/v1/challenges/"+c.ID+"/submit", nil), 422)
		if n := len(r.Map(t)["errors"].([]any)); n < 8 {
			t.Fatalf("incomplete draft: %d problems listed, want every missing field: %s", n, r.Body)
		}
		body := at.ChallengeBody("深远海高压海缆绝缘新材料")
		body["global"] = true
		body["version"] = 1
		at.Expect(t, env.Patch(owner.Token, "/api/v1/challenges/"+c.ID, body), 200).JSON(t, &c)
		at.Expect(t, env.Post(owner.Token, "/api/v1/challenges/"+c.ID+"/submit", map[string]int{"version": c.Version}), 200).JSON(t, &c)
		at.Expect(t, env.Post(pm.Token, "/api/v1/challenges/"+c.ID+"/return", map[string]any{"reason": "请补充技术指标的检测方法"}), 200).JSON(t, &c)
		if c.Status != "draft" || c.StatusReason != "请补充技术指标的检测方法" {
			t.Fatalf("returned = %+v", c)
		}
		at.Expect(t, env.Post(owner.Token, "/api/v1/challenges/"+c.ID+"/submit", nil), 200)
		// The deadline must be in the future.
		at.Expect(t, env.Post(pm.Token, "/api/v1/challenges/"+c.ID+"/approve", map[string]any{"category": "key_technology",
			"funding_cap": 3_000_000, "bid_deadline": env.Clock.Now().Add(-time.Hour).Format(time.RFC3339)}), 422)
		at.Expect(t, env.Post(pm.Token, "/api/v1/challenges/"+c.ID+"/approve", w.Approval(48*time.Hour)), 200).JSON(t, &c)
		if c.Status != "published" {
			t.Fatalf("approved = %+v", c)
		}
		// Anonymous visitors see it on the board.
		board := at.Expect(t, env.Get("", "/api/v1/challenges?status=published"), 200).Map(t)
		if !containsID(board["items"], c.ID) {
			t.Fatal("the published challenge is not on the public board")
		}

		// Q&A: asked by an institute, answered by the owner, public without the asker.
		var q struct {
			ID string `json:"id"`
		}
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/challenges/"+c.ID+"/questions", map[string]string{"text": "是否接受联合体揭榜？"}), 201).JSON(t, &q)
		at.Expect(t, env.Post(owner.Token, "/api/v1/challenges/"+c.ID+"/questions", map[string]string{"text": "自问"}), 403)
		anonQ := at.Expect(t, env.Get("", "/api/v1/challenges/"+c.ID+"/questions"), 200).Map(t)
		if len(anonQ["items"].([]any)) != 0 {
			t.Fatal("an unanswered question is public")
		}
		at.Expect(t, env.Post(owner.Token, "/api/v1/challenges/"+c.ID+"/questions/"+q.ID+"/answer", map[string]string{"text": "接受，需明确牵头单位。"}), 200)
		anonQ = at.Expect(t, env.Get("", "/api/v1/challenges/"+c.ID+"/questions"), 200).Map(t)
		items := anonQ["items"].([]any)
		if len(items) != 1 || items[0].(map[string]any)["answer"] != "接受，需明确牵头单位。" {
			t.Fatalf("answered questions = %v", anonQ)
		}
		if strings.Contains(string(env.Get("", "/api/v1/challenges/"+c.ID+"/questions").Body), w.Institute.OrgID) {
			t.Fatal("the asker's identity is public")
		}

		// Three bids: an institute, a foreign institute, a university with a partner.
		b1 := w.Bid(w.Institute, c.ID)
		b2 := w.Bid(foreign, c.ID)
		b3 := w.Bid(w.InstituteOther, c.ID, partner.OrgID)
		// A second bid of the same organization is a conflict.
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/challenges/"+c.ID+"/bids", at.BidBody()), 409)
		// No acceptance of the terms, no bid.
		noTerms := at.BidBody()
		noTerms["accept_terms"] = false
		late := env.NewUser(domain.RoleEnterprise, env.Org("迟到企业", org.TypeEnterprise, true))
		at.Expect(t, env.Post(late.Token, "/api/v1/challenges/"+c.ID+"/bids", noTerms), 422)
		at.Expect(t, env.Post(owner.Token, "/api/v1/challenges/"+c.ID+"/bids", at.BidBody()), 403)
		// The owner sees only the count.
		at.Expect(t, env.Get(owner.Token, "/api/v1/challenges/"+c.ID), 200).JSON(t, &c)
		if c.BidCount == nil || *c.BidCount != 3 {
			t.Fatalf("owner's bid count = %v", c.BidCount)
		}
		at.Expect(t, env.Get(owner.Token, "/api/v1/bids/"+b1), 404)

		// The deadline passes (no background work has run): reads say closed, late bids are refused.
		w.Advance(49 * time.Hour)
		late = env.Login(late.Email, late.ID, late.OrgID, late.Role)
		foreign = env.Login(foreign.Email, foreign.ID, foreign.OrgID, foreign.Role)
		at.Expect(t, env.Get("", "/api/v1/challenges/"+c.ID), 200).JSON(t, &c)
		if c.Status != "closed" {
			t.Fatalf("after the deadline the challenge is %s", c.Status)
		}
		at.Expect(t, env.Post(late.Token, "/api/v1/challenges/"+c.ID+"/bids", at.BidBody()), 409)
		at.Expect(t, env.Patch(w.Institute.Token, "/api/v1/bids/"+b1, map[string]any{"budget": 1}), 409)
		if k := notificationKinds(t, env, owner); k["challenge.closed"] != 1 || k["challenge.approved"] != 1 || k["challenge.returned"] != 1 {
			t.Fatalf("owner's notifications = %v", k)
		}

		// Experts: one refused for a conflict of interest (works for a bidder's partner).
		conflicted := env.NewUser(domain.RoleExpert, partner.OrgID)
		r = at.Expect(t, env.Post(pm.Token, "/api/v1/challenges/"+c.ID+"/reviewers",
			map[string]any{"user_ids": []string{w.Experts[0].ID, conflicted.ID, w.Experts[1].ID, w.Experts[2].ID}}), 422)
		if !strings.Contains(string(r.Body), "conflict of interest") || !strings.Contains(string(r.Body), "user_ids[1]") {
			t.Fatalf("conflict refusal: %s", r.Body)
		}
		at.Expect(t, env.Post(pm.Token, "/api/v1/challenges/"+c.ID+"/reviewers",
			map[string]any{"user_ids": []string{w.Experts[0].ID, w.Experts[1].ID, w.Experts[2].ID}}), 200)
		at.Expect(t, env.Get(pm.Token, "/api/v1/challenges/"+c.ID), 200).JSON(t, &c)
		if c.Status != "in_review" {
			t.Fatalf("after assignment: %s", c.Status)
		}
		if k := notificationKinds(t, env, w.Experts[0]); k["review.assigned"] != 1 {
			t.Fatalf("expert notifications = %v", k)
		}

		// Scores: out of range refused; ranking 409 until every expert submitted.
		at.Expect(t, env.Do(at.Request{Method: "PUT", Path: "/api/v1/bids/" + b1 + "/score", Token: w.Experts[0].Token,
			Body: map[string]any{"technical": 41, "feasibility": 31, "team": 21, "budget": 11}}), 422)
		at.Expect(t, env.Do(at.Request{Method: "PUT", Path: "/api/v1/bids/" + b1 + "/score", Token: w.Experts[3].Token,
			Body: map[string]any{"technical": 30, "feasibility": 20, "team": 10, "budget": 5}}), 404) // not assigned
		marks := map[string][]int{b1: {38, 36, 37}, b2: {30, 31, 29}, b3: {35, 34, 33}}
		for i, e := range w.Experts[:3] {
			for _, b := range []string{b1, b2, b3} {
				at.Expect(t, env.Do(at.Request{Method: "PUT", Path: "/api/v1/bids/" + b + "/score", Token: e.Token,
					Body: map[string]any{"technical": marks[b][i], "feasibility": 25, "team": 15, "budget": 8, "comment": "评审意见"}}), 200)
			}
			if i < 2 {
				at.Expect(t, env.Get(pm.Token, "/api/v1/challenges/"+c.ID+"/ranking"), 409)
			}
			// An expert sees only their own scores.
			var rev struct {
				Items []struct {
					MyScores []struct {
						ExpertID string `json:"expert_id"`
					} `json:"my_scores"`
					Bids []any `json:"bids"`
				} `json:"items"`
			}
			at.Expect(t, env.Get(e.Token, "/api/v1/reviews"), 200).JSON(t, &rev)
			if len(rev.Items) != 1 || len(rev.Items[0].Bids) != 3 || len(rev.Items[0].MyScores) != 3 {
				t.Fatalf("expert %d review = %+v", i, rev)
			}
			for _, s := range rev.Items[0].MyScores {
				if s.ExpertID != e.ID {
					t.Fatal("an expert sees another expert's score")
				}
			}
			at.Expect(t, env.Get(e.Token, "/api/v1/challenges/"+c.ID+"/ranking"), 403)
			at.Expect(t, env.Post(e.Token, "/api/v1/challenges/"+c.ID+"/scores/submit", nil), 204)
			// Locked after submission.
			at.Expect(t, env.Do(at.Request{Method: "PUT", Path: "/api/v1/bids/" + b1 + "/score", Token: e.Token,
				Body: map[string]any{"technical": 1, "feasibility": 1, "team": 1, "budget": 1}}), 409)
		}
		var ranking struct {
			Items []struct {
				BidID     string  `json:"bid_id"`
				MeanTotal float64 `json:"mean_total"`
				Scores    []any   `json:"scores"`
			} `json:"items"`
		}
		at.Expect(t, env.Get(owner.Token, "/api/v1/challenges/"+c.ID+"/ranking"), 200).JSON(t, &ranking)
		if len(ranking.Items) != 3 || ranking.Items[0].BidID != b1 || ranking.Items[1].BidID != b3 || ranking.Items[2].BidID != b2 {
			t.Fatalf("ranking order = %+v", ranking.Items)
		}
		if ranking.Items[0].MeanTotal != 37+25+15+8 || len(ranking.Items[0].Scores) != 3 {
			t.Fatalf("ranking head = %+v", ranking.Items[0])
		}
		if k := notificationKinds(t, env, owner); k["challenge.ranking_ready"] != 1 {
			t.Fatalf("owner not told the ranking is ready: %v", k)
		}

		// Award: proposed by the PM, confirmed by the owner; bidders learn nothing before.
		at.Expect(t, env.Post(pm.Token, "/api/v1/challenges/"+c.ID+"/award", map[string]any{"bid_id": b3}), 200)
		var bid struct {
			Status string `json:"status"`
		}
		at.Expect(t, env.Get(w.InstituteOther.Token, "/api/v1/bids/"+b3), 200).JSON(t, &bid)
		if bid.Status != "submitted" || notificationKinds(t, env, w.InstituteOther)["challenge.awarded"] != 0 {
			t.Fatal("a bidder learned of the proposal before it was final")
		}
		if strings.Contains(string(env.Get(w.InstituteOther.Token, "/api/v1/challenges/"+c.ID).Body), "proposed_bid_id") {
			t.Fatal("the proposal is visible to a bidder")
		}
		at.Expect(t, env.Post(w.EnterpriseOther.Token, "/api/v1/challenges/"+c.ID+"/award/confirm", nil), 403)
		var confirmed struct {
			Challenge challengeResp `json:"challenge"`
			Project   struct {
				ID      string `json:"id"`
				Code    string `json:"code"`
				Stage   string `json:"stage"`
				Origin  string `json:"origin"`
				LeadID  string `json:"lead_id"`
				Members []struct {
					OrganizationID string `json:"organization_id"`
					Role           string `json:"role"`
				} `json:"members"`
				Funding []struct {
					Source string `json:"source"`
					Amount int64  `json:"amount"`
				} `json:"funding"`
			} `json:"project"`
		}
		at.Expect(t, env.Post(owner.Token, "/api/v1/challenges/"+c.ID+"/award/confirm", nil), 200).JSON(t, &confirmed)
		p := confirmed.Project
		if confirmed.Challenge.Status != "awarded" || confirmed.Challenge.ProjectID != p.ID || confirmed.Challenge.AwardedBidID != b3 {
			t.Fatalf("confirmed challenge = %+v", confirmed.Challenge)
		}
		if p.Stage != "research" || p.Origin != "challenge" || p.LeadID != w.InstituteOther.OrgID ||
			!strings.HasPrefix(p.Code, fmt.Sprintf("YJ2035-%d-", env.Clock.Now().Year())) {
			t.Fatalf("project = %+v", p)
		}
		roles := map[string]string{}
		for _, m := range p.Members {
			roles[m.OrganizationID] = m.Role
		}
		if len(roles) != 3 || roles[w.InstituteOther.OrgID] != "lead" || roles[partner.OrgID] != "partner" || roles[owner.OrgID] != "demand_side" {
			t.Fatalf("project members = %v", roles)
		}
		funding := map[string]int64{}
		for _, f := range p.Funding {
			funding[f.Source] = f.Amount
		}
		if len(funding) != 2 || funding["enterprise"] != 8_000_000 || funding["municipal"] != 3_000_000 {
			t.Fatalf("funding lines = %v", funding)
		}
		at.Expect(t, env.Get(partner.Token, "/api/v1/projects/"+p.ID), 200)
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/projects/"+p.ID), 404)

		// Outcomes: all at once, when final.
		at.Expect(t, env.Get(w.InstituteOther.Token, "/api/v1/bids/"+b3), 200).JSON(t, &bid)
		if bid.Status != "awarded" {
			t.Fatalf("winning bid = %s", bid.Status)
		}
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/bids/"+b1), 200).JSON(t, &bid)
		if bid.Status != "not_awarded" {
			t.Fatalf("losing bid = %s", bid.Status)
		}
		// Each bidder is told its own outcome; the owner the award.
		for u, kind := range map[*at.User]string{w.Institute: "bid.not_awarded", foreign: "bid.not_awarded",
			w.InstituteOther: "bid.awarded", owner: "challenge.awarded"} {
			if notificationKinds(t, env, u)[kind] != 1 {
				t.Fatalf("%s was not told the outcome (%s)", u.Email, kind)
			}
		}
		at.Expect(t, env.Post(owner.Token, "/api/v1/challenges/"+c.ID+"/award/confirm", nil), 409)

		// Every step is in the audit trail, which still verifies.
		for _, action := range []string{"challenge.create", "challenge.update", "challenge.submit", "challenge.return",
			"challenge.approve", "question.ask", "question.answer", "bid.create", "challenge.close",
			"challenge.assign_reviewers", "bid.score", "challenge.submit_scores", "challenge.propose_award",
			"challenge.confirm_award", "project.create"} {
			if env.AuditCount(action) == 0 {
				t.Errorf("no audit record for %s", action)
			}
		}
		if v := verifyOverHTTP(t, env, w.Admin.Token); !v.OK {
			t.Fatalf("audit chain: %+v", v)
		}
	})
}

func foreignOrg(t *testing.T, env *at.Env) string {
	t.Helper()
	o, err := env.App.Orgs.Create(t.Context(), domain.System(), org.Draft{Name: fmt.Sprintf("Fraunhofer ILT %d", env.Unique()),
		Type: "research_institute", Country: "DE"}, org.StatusVerified)
	if err != nil {
		t.Fatal(err)
	}
	return o.ID
}

func containsID(items any, id string) bool {
	for _, it := range items.([]any) {
		if it.(map[string]any)["id"] == id {
			return true
		}
	}
	return false
}
