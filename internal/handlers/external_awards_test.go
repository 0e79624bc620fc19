package handlers_test

import (
	"net/http"
	"strings"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestExternalAwards: 省市联动 — an award brings its line and the 1:1
// municipal matching in one transaction, capped by 5000万, and says so.
func TestExternalAwards(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "省市联动项目")
		budget := func() int64 {
			var p struct {
				Budget  int64 `json:"budget"`
				Version int   `json:"version"`
			}
			at.Expect(t, env.Get(w.PM.Token, "/api/v1/projects/"+pid), 200).JSON(t, &p)
			return p.Budget
		}
		before := budget()
		type result struct {
			Award struct {
				ID             string  `json:"id"`
				MatchingLineID *string `json:"matching_line_id"`
				CappedReason   string  `json:"capped_reason"`
			} `json:"award"`
			FundingLine struct {
				Source string `json:"source"`
				Amount int64  `json:"amount"`
				Status string `json:"status"`
			} `json:"funding_line"`
			MatchingLine *struct {
				Source   string `json:"source"`
				Amount   int64  `json:"amount"`
				Matching bool   `json:"matching"`
			} `json:"matching_line"`
			Capped       bool   `json:"capped"`
			CappedReason string `json:"capped_reason"`
			Requested    int64  `json:"matching_requested"`
		}
		award := func(body map[string]any) (result, *at.Response) {
			var r result
			resp := env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/external-awards", body)
			if resp.Status == 201 {
				resp.JSON(t, &r)
			}
			return r, resp
		}
		r, resp := award(map[string]any{"level": "provincial", "programme": "尖兵", "amount": 10_000_000, "awarded_on": "2026-11-20"})
		if resp.Status != 201 || r.FundingLine.Source != "provincial" || r.FundingLine.Status != "committed" || r.MatchingLine == nil ||
			r.MatchingLine.Amount != 10_000_000 || !r.MatchingLine.Matching || r.Capped || r.Requested != 10_000_000 {
			t.Fatalf("award: %s", resp)
		}
		if got := budget(); got != before+20_000_000 {
			t.Fatalf("budget %d, want %d", got, before+20_000_000)
		}
		// Declined: no matching line.
		r, resp = award(map[string]any{"level": "national", "programme": "国家重点研发计划", "amount": 3_000_000, "awarded_on": "2026-11-21", "match": false})
		if resp.Status != 201 || r.MatchingLine != nil || r.Capped || r.Award.MatchingLineID != nil {
			t.Fatalf("declined: %s", resp)
		}
		// The 5000万 ceiling: 35,000,000 planned municipal money leaves 5,000,000 for matching.
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/funding", map[string]any{"source": "municipal", "amount": 35_000_000}), 201)
		r, resp = award(map[string]any{"level": "national", "programme": "国家重大专项", "amount": 8_000_000, "awarded_on": "2026-11-22"})
		if resp.Status != 201 || r.MatchingLine == nil || r.MatchingLine.Amount != 5_000_000 || !r.Capped || r.CappedReason != "municipal_cap" {
			t.Fatalf("capped: %s", resp)
		}
		// At the ceiling: no matching line at all, and the answer says why.
		r, resp = award(map[string]any{"level": "provincial", "programme": "领雁", "amount": 1_000_000, "awarded_on": "2026-11-23"})
		if resp.Status != 201 || r.MatchingLine != nil || !r.Capped || r.CappedReason != "municipal_cap" {
			t.Fatalf("at the ceiling: %s", resp)
		}
		var municipal int64
		db.Gorm().Table("funding_lines").Where("project_id = ? AND source = 'municipal'", pid).Select("COALESCE(SUM(amount), 0)").Scan(&municipal)
		if municipal != domain.MaxMunicipalSubsidy {
			t.Fatalf("municipal money %d, want the ceiling", municipal)
		}
		// Refusals, and who may.
		for body, field := range map[string]string{
			`{"level":"galactic","programme":"x","amount":1,"awarded_on":"2026-11-01"}`: "level",
			`{"level":"national","programme":"","amount":1,"awarded_on":"2026-11-01"}`:  "programme",
			`{"level":"national","programme":"x","amount":0,"awarded_on":"2026-11-01"}`: "amount",
			`{"level":"national","programme":"x","amount":1,"awarded_on":"2026-13-01"}`: "awarded_on",
			`{"level":"national","programme":"x","amount":1}`:                           "awarded_on",
		} {
			resp := env.Do(at.Request{Method: http.MethodPost, Path: "/api/v1/projects/" + pid + "/external-awards", Token: w.PM.Token, Body: body})
			if resp.Status != 422 || !strings.Contains(string(resp.Body), `"field":"`+field+`"`) {
				t.Errorf("%s: %s, want 422 on %s", body, resp, field)
			}
		}
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/projects/"+pid+"/external-awards",
			map[string]any{"level": "national", "programme": "x", "amount": 1, "awarded_on": "2026-11-01"}), 403)
		proposal := w.Proposal(w.Institute, "申报中的项目")
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+proposal+"/external-awards",
			map[string]any{"level": "national", "programme": "x", "amount": 1, "awarded_on": "2026-11-01"}), 409)
		awards := items[map[string]any](t, at.Expect(t, env.Get(w.Institute.Token, "/api/v1/projects/"+pid+"/external-awards"), 200))
		if len(awards) != 4 {
			t.Fatalf("%d awards listed", len(awards))
		}
		at.Expect(t, env.Get(w.EnterpriseOther.Token, "/api/v1/projects/"+pid+"/external-awards"), 404)
		if env.AuditCount("external_award.create") != 4 {
			t.Fatal("awards are not audited")
		}
		if !strings.Contains(string(at.Expect(t, env.Get(w.Institute.Token, "/api/v1/notifications"), 200).Body), "project.external_award") {
			t.Fatal("the lead is not told of the award")
		}
	})
}
