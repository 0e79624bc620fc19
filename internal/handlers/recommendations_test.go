package handlers_test

import (
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestRecommendations: recommended → awarded (which records the award) or not_awarded.
func TestRecommendations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "推荐申报项目")
		rec := func(programme string) string {
			return at.Expect(t, env.Post(w.PM.Token, "/api/v1/recommendations",
				map[string]any{"project_id": pid, "level": "national", "programme": programme, "year": 2026}), 201).ID(t)
		}
		a, b := rec("国家重点研发计划"), rec("国家自然科学基金")
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/recommendations",
			map[string]any{"project_id": pid, "level": "national", "programme": "国家重点研发计划", "year": 2026}), 409)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/recommendations",
			map[string]any{"project_id": "nope", "level": "national", "programme": "x", "year": 2026}), 404)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/recommendations/"+a+"/outcome", map[string]any{"awarded": true}), 422) // no amount
		var out struct {
			Recommendation struct {
				Status  string `json:"status"`
				AwardID string `json:"award_id"`
				Version int    `json:"version"`
			} `json:"recommendation"`
			Award *struct {
				MatchingLine *struct {
					Amount int64 `json:"amount"`
				} `json:"matching_line"`
			} `json:"award"`
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/recommendations/"+a+"/outcome", map[string]any{"awarded": true, "amount": 2_000_000, "version": 2}), 409)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/recommendations/"+a+"/outcome", map[string]any{"awarded": true, "amount": 2_000_000, "version": 1}), 200).JSON(t, &out)
		if out.Recommendation.Status != "awarded" || out.Recommendation.AwardID == "" || out.Award == nil || out.Award.MatchingLine == nil ||
			out.Award.MatchingLine.Amount != 2_000_000 {
			t.Fatalf("awarded outcome %+v", out)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/recommendations/"+a+"/outcome", map[string]any{"awarded": false}), 409)
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/recommendations/"+b+"/outcome", map[string]any{"awarded": false}), 200).JSON(t, &out)
		if out.Recommendation.Status != "not_awarded" || out.Award != nil {
			t.Fatalf("not awarded %+v", out)
		}
		var page struct {
			Items []struct {
				ProjectTitle string `json:"project_title"`
				Status       string `json:"status"`
			} `json:"items"`
		}
		at.Expect(t, env.Get(w.Admin.Token, "/api/v1/recommendations?status=awarded"), 200).JSON(t, &page)
		if len(page.Items) != 1 || page.Items[0].ProjectTitle == "" {
			t.Fatalf("recommendations %+v", page)
		}
		awards := items[map[string]any](t, at.Expect(t, env.Get(w.PM.Token, "/api/v1/projects/"+pid+"/external-awards"), 200))
		if len(awards) != 1 || awards[0]["recommendation_id"] != a {
			t.Fatalf("the award outcome did not record the award: %+v", awards)
		}
	})
}
