package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"math"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

type summaryResp struct {
	Projects struct {
		Total       int64            `json:"total"`
		ByStage     map[string]int64 `json:"by_stage"`
		ByCategory  map[string]int64 `json:"by_category"`
		ByField     map[string]int64 `json:"by_field"`
		ByDistrict  map[string]int64 `json:"by_district"`
		Priority315 int64            `json:"priority_315"`
		Share315    float64          `json:"share_315"`
		Target315   float64          `json:"target_315"`
		Meets315    bool             `json:"meets_315_target"`
	} `json:"projects"`
	Funding *struct {
		Total    int64            `json:"total"`
		BySource map[string]int64 `json:"by_source"`
		ByStatus map[string]int64 `json:"by_status"`
	} `json:"funding"`
	Challenges struct {
		Total            int64            `json:"total"`
		ByStatus         map[string]int64 `json:"by_status"`
		BidsPerChallenge struct {
			Mean float64 `json:"mean"`
			Max  int64   `json:"max"`
		} `json:"bids_per_challenge"`
		FailureRate       float64  `json:"failure_rate"`
		MedianDaysToAward *float64 `json:"median_days_to_award"`
	} `json:"challenges"`
	Consortia struct {
		Total   int64            `json:"total"`
		ByModel map[string]int64 `json:"by_model"`
	} `json:"consortia"`
}

func summary(t *testing.T, env *at.Env, token, query string) summaryResp {
	t.Helper()
	var s summaryResp
	at.Expect(t, env.Get(token, "/api/v1/portfolio/summary"+query), 200).JSON(t, &s)
	return s
}

func sameCounts(t *testing.T, what string, got, want map[string]int64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s = %v, want %v", what, got, want)
		return
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %v, want %v", what, got, want)
			return
		}
	}
}

// TestPortfolioSummary checks every figure against a hand-computed expectation.
func TestPortfolioSummary(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		a := env.NewUser(domain.RoleInstitute, env.OrgIn("镇海研究院", org.TypeResearchInstitute, true, "zhenhai"))
		b := env.NewUser(domain.RoleEnterprise, env.OrgIn("北仑企业", org.TypeEnterprise, true, "beilun"))
		w.Extra = append(w.Extra, a, b)
		propose := func(u *at.User, title, field, category string) string {
			body := at.ProposalBody(title)
			body["field_id"], body["category"] = field, category
			return at.Expect(t, env.Post(u.Token, "/api/v1/projects", body), 201).ID(t)
		}
		approve := func(id string) { at.Expect(t, w.Move(id, "proposal", "research", 1, "", "同意"), 200) }
		propose(a, "芯片项目", "chips", "key_technology")                        // proposal, 315
		p2 := propose(a, "生物医药项目", "biomedicine", "application_demo")        // research, 315
		p3 := propose(b, "绿色石化项目", "green_petrochemicals", "key_technology") // terminated, not 315
		propose(b, "海洋材料项目", "marine_materials", "strategic_collaboration")  // proposal, 315
		p5 := propose(b, "智能制造项目", "smart_manufacturing", "key_technology")  // research, not 315
		approve(p2)
		approve(p3)
		approve(p5)
		at.Expect(t, w.Move(p3, "research", "terminated", w.Version(p3), "终止", ""), 200)
		fund := func(id string, body map[string]any) string {
			return at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+id+"/funding", body), 201).ID(t)
		}
		fund(p2, map[string]any{"source": "national", "amount": 3_000_000, "status": "committed"})
		fund(p2, map[string]any{"source": "municipal", "amount": 1_000_000, "matching": true})
		fund(p5, map[string]any{"source": "enterprise", "amount": 2_000_000, "status": "committed"})
		m := fund(p5, map[string]any{"source": "municipal", "amount": 500_000, "status": "committed"})
		investor, err := env.App.Orgs.Create(t.Context(), domain.System(), org.Draft{Name: "引导基金", Type: "financial",
			CreditCode: org.WithCheckChar("91330200MA8000001"), Country: "CN"}, org.StatusVerified)
		if err != nil {
			t.Fatal(err)
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/funding/"+m+"/convert", map[string]any{"investor_id": investor.ID}), 200)

		s := summary(t, env, "", "")
		p := s.Projects
		if p.Total != 5 || p.Priority315 != 3 || math.Abs(p.Share315-0.6) > 1e-9 || p.Target315 != 0.8 || p.Meets315 {
			t.Fatalf("project totals = %+v", p)
		}
		sameCounts(t, "by stage", p.ByStage, map[string]int64{"proposal": 2, "research": 2, "terminated": 1})
		sameCounts(t, "by category", p.ByCategory, map[string]int64{"key_technology": 3, "application_demo": 1, "strategic_collaboration": 1})
		sameCounts(t, "by field", p.ByField, map[string]int64{"digital": 2, "life_health": 1, "new_materials": 2})
		sameCounts(t, "by district", p.ByDistrict, map[string]int64{"zhenhai": 2, "beilun": 3})
		if s.Funding != nil {
			t.Fatal("anonymous callers see money")
		}
		at.Expect(t, env.Get(w.Institute.Token, "/api/v1/portfolio/summary"), 200)
		if summary(t, env, w.Institute.Token, "").Funding != nil {
			t.Fatal("an institute sees money")
		}
		f := summary(t, env, w.PM.Token, "").Funding
		if f == nil || f.Total != 6_500_000 {
			t.Fatalf("funding = %+v", f)
		}
		sameCounts(t, "by source", f.BySource, map[string]int64{"national": 3_000_000, "municipal": 1_000_000, "enterprise": 2_000_000, "investment": 500_000})
		sameCounts(t, "by status", f.ByStatus, map[string]int64{"committed": 5_500_000, "planned": 1_000_000})

		// Filters.
		for q, want := range map[string]int64{"?district=zhenhai": 2, "?field=digital": 2, "?category=key_technology": 3,
			"?year=2020": 0, "?field=new_materials&district=beilun": 2} {
			if got := summary(t, env, "", q).Projects.Total; got != want {
				t.Errorf("projects%s = %d, want %d", q, got, want)
			}
		}
		if g := summary(t, env, w.PM.Token, "?district=zhenhai").Funding; g.Total != 4_000_000 {
			t.Errorf("funding in zhenhai = %d, want 4,000,000", g.Total)
		}
		at.Expect(t, env.Get("", "/api/v1/portfolio/summary?year=abc"), 400)

		// Challenges: awarded (2 bids), failed (no bid), closed (3 bids), open (1 bid, sealed), submitted, draft.
		w.Awarded(w.Enterprise, "已挂帅挑战", w.Institute, w.InstituteOther)
		failed, _ := w.Closed(w.Enterprise, "流榜挑战")
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/challenges/"+failed+"/fail", map[string]any{"reason": "无人揭榜"}), 200)
		w.Closed(w.Enterprise, "已截止挑战", w.Institute, w.InstituteOther, w.EnterpriseOther)
		open := w.Published(w.Enterprise, "公开挑战", 240*time.Hour)
		w.Bid(w.Institute, open)
		w.Submitted(w.Enterprise, "待审挑战")
		w.Draft(w.Enterprise, "草稿挑战")

		c := summary(t, env, "", "").Challenges
		if c.Total != 4 {
			t.Fatalf("public challenges = %d, want 4", c.Total)
		}
		sameCounts(t, "challenges by status", c.ByStatus, map[string]int64{"published": 1, "closed": 1, "awarded": 1, "failed": 1})
		if math.Abs(c.BidsPerChallenge.Mean-5.0/3.0) > 1e-9 || c.BidsPerChallenge.Max != 3 {
			t.Fatalf("bids per challenge = %+v, want mean 5/3, max 3", c.BidsPerChallenge)
		}
		if c.FailureRate != 0.5 {
			t.Fatalf("failure rate = %v", c.FailureRate)
		}
		// Published, closed an hour and a second later, awarded at that moment.
		if c.MedianDaysToAward == nil || math.Abs(*c.MedianDaysToAward-3601.0/86400.0) > 1e-6 {
			t.Fatalf("median days to award = %v, want %v", c.MedianDaysToAward, 3601.0/86400.0)
		}
		pm := summary(t, env, w.PM.Token, "").Challenges
		sameCounts(t, "challenges by status for a PM", pm.ByStatus, map[string]int64{"published": 1, "closed": 1, "awarded": 1, "failed": 1, "submitted": 1})

		// Consortia by model.
		for _, model := range []string{"task_oriented", "task_oriented", "equity_linked"} {
			at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/consortia", consortiumBody(model)), 201)
		}
		k := summary(t, env, "", "").Consortia
		if k.Total != 3 {
			t.Fatalf("consortia = %+v", k)
		}
		sameCounts(t, "consortia by model", k.ByModel, map[string]int64{"task_oriented": 2, "equity_linked": 1})
	})
}

// A program manager's figures are exact even when another process wrote:
// two applications on one PostgreSQL database, one writes, the other's
// program manager sees it at once (its cache checks the database's commit
// marker). The embedded database belongs to one process.
func TestManagerFiguresSeeOtherProcessesWrites(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		if db.Dialect() != store.Postgres {
			t.Skip("the embedded database is one process's")
		}
		one := at.New(t, db)
		w := one.NewWorld()
		other, err := store.Open(context.Background(), store.Config{URL: db.Source(), Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		two := at.New(t, other)
		before := summary(t, one, w.PM.Token, "").Consortia.Total
		if again := summary(t, one, w.PM.Token, "").Consortia.Total; again != before {
			t.Fatalf("%d then %d consortia without a write", before, again)
		}
		at.Expect(t, two.Post(w.Enterprise.Token, "/api/v1/consortia", consortiumBody("task_oriented")), 201)
		if got := summary(t, one, w.PM.Token, "").Consortia.Total; got != before+1 {
			t.Fatalf("the other process's consortium is not counted: %d, want %d", got, before+1)
		}
	})
}
