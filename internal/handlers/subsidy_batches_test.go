package handlers_test

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

type batchJSON struct {
	ID          string `json:"id"`
	Status      string `json:"status"`
	Total       int64  `json:"total"`
	Requested   int64  `json:"requested"`
	Budget      int64  `json:"budget"`
	Scaled      bool   `json:"scaled"`
	Stale       bool   `json:"stale"`
	Enterprises int    `json:"enterprises"`
	Version     int    `json:"version"`
	ByDistrict  []struct {
		District    string `json:"district"`
		Name        string `json:"name"`
		Enterprises int    `json:"enterprises"`
		Total       int64  `json:"total"`
	} `json:"by_district"`
}

type lineJSON struct {
	OrganizationID string `json:"organization_id"`
	Tier           string `json:"tier"`
	TierChanged    bool   `json:"tier_changed"`
	RDExpense      int64  `json:"rd_expense"`
	Computed       int64  `json:"computed"`
	Amount         int64  `json:"amount"`
}

// enterpriseIn is a user of a new verified (or pending) enterprise of the
// tier in the district.
func enterpriseIn(env *at.Env, name, tier, district string, verified bool) *at.User {
	id := env.OrgIn(name, org.TypeEnterprise, verified, district)
	if err := env.DB.Gorm().Table("organizations").Where("id = ?", id).Update("tier", tier).Error; err != nil {
		env.T.Fatal(err)
	}
	return env.NewUser(domain.RoleEnterprise, id)
}

func declare(t *testing.T, env *at.Env, u *at.User, year int, expense int64) string {
	t.Helper()
	return at.Expect(t, env.Post(u.Token, "/api/v1/rd-declarations",
		map[string]any{"year": year, "rd_expense": expense, "revenue": expense * 10, "rd_staff": 20}), 201).ID(t)
}

func linesOf(t *testing.T, env *at.Env, token, batchID string) map[string]lineJSON {
	t.Helper()
	out := map[string]lineJSON{}
	after := ""
	for {
		var page struct {
			Items      []lineJSON `json:"items"`
			NextCursor *string    `json:"next_cursor"`
		}
		at.Expect(t, env.Get(token, "/api/v1/subsidy-batches/"+batchID+"/lines?limit=2&cursor="+after), 200).JSON(t, &page)
		for _, l := range page.Items {
			if _, dup := out[l.OrganizationID]; dup {
				t.Fatalf("line of %s twice", l.OrganizationID)
			}
			out[l.OrganizationID] = l
		}
		if page.NextCursor == nil {
			return out
		}
		after = *page.NextCursor
	}
}

// TestSubsidyBatch: 研值在线 from the policy to the enterprise's own line,
// at the limits of the rule.
func TestSubsidyBatch(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pm := w.PM
		const year = 2026
		// The policy: high-tech 20 %, tech SME 10 %, little giants 30 %
		// (leaders do not qualify), cap 1,000,000, minimum 1,000,000.
		policy := map[string]any{"rates": map[string]any{"tech_sme": 10, "high_tech": 20, "little_giant": 30},
			"cap_per_enterprise": 1_000_000, "min_expense": 1_000_000, "budget": 10_000_000}
		at.Expect(t, env.Post(pm.Token, "/api/v1/subsidy-batches", map[string]any{"year": year}), 422) // no policy yet
		at.Expect(t, env.Get(pm.Token, "/api/v1/subsidy-policies/2026"), 404)
		at.Expect(t, env.Put(pm.Token, "/api/v1/subsidy-policies/2026", policy), 200)

		atCap := enterpriseIn(env, "恰好封顶", "high_tech", "haishu", true)      // 5,000,000 × 20 % = 1,000,000 = cap
		overCap := enterpriseIn(env, "超过封顶", "little_giant", "haishu", true) // 9,000,000 × 30 % → cap
		atMin := enterpriseIn(env, "恰好门槛", "tech_sme", "zhenhai", true)      // 1,000,000 × 10 % = 100,000
		underMin := enterpriseIn(env, "低于门槛", "high_tech", "zhenhai", true)  // 999,999: no line
		leader := enterpriseIn(env, "领军企业", "leader", "beilun", true)        // no rate: no line
		changed := enterpriseIn(env, "层级变化", "high_tech", "beilun", true)    // declared high-tech, tech SME at computation
		pending := enterpriseIn(env, "待审企业补助", "high_tech", "beilun", false) // not verified: no line
		odd := enterpriseIn(env, "零头企业", "tech_sme", "beilun", true)         // 3,333,333 × 10 % = 333,333.3 → 333,333
		declare(t, env, atCap, year, 5_000_000)
		declare(t, env, overCap, year, 9_000_000)
		declare(t, env, atMin, year, 1_000_000)
		declare(t, env, underMin, year, 999_999)
		declare(t, env, leader, year, 50_000_000)
		changedDecl := declare(t, env, changed, year, 2_000_000)
		declare(t, env, pending, year, 5_000_000)
		declare(t, env, odd, year, 3_333_333)
		// The bureau recognises the enterprise as a tech SME after it declared.
		if err := db.Gorm().Table("organizations").Where("id = ?", changed.OrgID).
			Updates(map[string]any{"tier": "tech_sme", "updated_at": env.Clock.Now()}).Error; err != nil {
			t.Fatal(err)
		}
		env.Clock.Advance(time.Minute)

		var b batchJSON
		at.Expect(t, env.Post(pm.Token, "/api/v1/subsidy-batches", map[string]any{"year": year}), 201).JSON(t, &b)
		at.Expect(t, env.Post(pm.Token, "/api/v1/subsidy-batches", map[string]any{"year": year}), 409) // one per year
		want := map[string]int64{atCap.OrgID: 1_000_000, overCap.OrgID: 1_000_000, atMin.OrgID: 100_000, changed.OrgID: 200_000,
			odd.OrgID: 333_333}
		lines := linesOf(t, env, pm.Token, b.ID)
		if len(lines) != len(want) || b.Enterprises != len(want) {
			t.Fatalf("lines %+v, want %d", lines, len(want))
		}
		var sum int64
		for id, amount := range want {
			if l := lines[id]; l.Computed != amount || l.Amount != amount {
				t.Errorf("line of %s: %+v, want %d", id, l, amount)
			}
			sum += amount
		}
		if l := lines[changed.OrgID]; l.Tier != "tech_sme" || !l.TierChanged {
			t.Errorf("the tier at computation counts and the line says it changed: %+v", l)
		}
		if lines[atCap.OrgID].TierChanged {
			t.Error("an unchanged tier marked changed")
		}
		if b.Total != sum || b.Requested != sum || b.Scaled || b.Status != "draft" || b.Stale {
			t.Fatalf("batch %+v, want total %d unscaled", b, sum)
		}
		districts := map[string]int64{}
		var dsum int64
		for _, d := range b.ByDistrict {
			districts[d.District] = d.Total
			dsum += d.Total
		}
		if dsum != b.Total || districts["haishu"] != 2_000_000 || districts["zhenhai"] != 100_000 || b.ByDistrict[0].Name == "" {
			t.Fatalf("district totals %+v", b.ByDistrict)
		}

		// A budget one yuan short: every line scaled down pro rata, rounded
		// down; the total never exceeds the budget.
		policy["budget"] = sum - 1
		at.Expect(t, env.Put(pm.Token, "/api/v1/subsidy-policies/2026", map[string]any{"rates": policy["rates"],
			"cap_per_enterprise": 1_000_000, "min_expense": 1_000_000, "budget": sum - 1, "version": 1}), 200)
		at.Expect(t, env.Put(pm.Token, "/api/v1/subsidy-policies/2026", policy), 200)                                                                                       // no version: applies
		at.Expect(t, env.Put(pm.Token, "/api/v1/subsidy-policies/2026", map[string]any{"rates": policy["rates"], "cap_per_enterprise": 1, "budget": 1, "version": 1}), 409) // stale version
		at.Expect(t, env.Get(pm.Token, "/api/v1/subsidy-batches/"+b.ID), 200).JSON(t, &b)
		if !b.Stale {
			t.Fatal("a batch computed before the policy changed is not stale")
		}
		at.Expect(t, env.Post(pm.Token, "/api/v1/subsidy-batches/"+b.ID+"/approve", map[string]any{}), 409) // recompute first
		at.Expect(t, env.Post(pm.Token, "/api/v1/subsidy-batches/"+b.ID+"/recompute", map[string]any{"version": b.Version}), 200).JSON(t, &b)
		if !b.Scaled || b.Total > sum-1 || b.Requested != sum || b.Stale {
			t.Fatalf("scaled batch %+v (budget %d)", b, sum-1)
		}
		lines = linesOf(t, env, pm.Token, b.ID)
		var total int64
		for id, amount := range want {
			l := lines[id]
			if exp := amount * (sum - 1) / sum; l.Amount != exp || l.Computed != amount {
				t.Errorf("scaled line of %s: %+v, want %d", id, l, exp)
			}
			total += l.Amount
		}
		if total != b.Total {
			t.Fatalf("lines add up to %d, the batch says %d", total, b.Total)
		}

		// A declaration edited after computation makes the batch stale.
		env.Clock.Advance(time.Minute)
		at.Expect(t, env.Patch(changed.Token, "/api/v1/rd-declarations/"+changedDecl, map[string]any{"rd_expense": 2_500_000}), 200)
		env.Clock.Advance(time.Minute)
		at.Expect(t, env.Get(pm.Token, "/api/v1/subsidy-batches/"+b.ID), 200).JSON(t, &b)
		if !b.Stale {
			t.Fatal("a declaration edited after computation leaves the batch fresh")
		}

		// Concurrent recomputes of one version: one wins, no duplicate lines.
		version := b.Version
		var wg sync.WaitGroup
		statuses := make([]int, 6)
		for i := range statuses {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i] = env.Post(pm.Token, "/api/v1/subsidy-batches/"+b.ID+"/recompute", map[string]any{"version": version}).Status
			}()
		}
		wg.Wait()
		won := 0
		for _, s := range statuses {
			switch s {
			case http.StatusOK:
				won++
			case http.StatusConflict:
			default:
				t.Fatalf("a concurrent recompute answered %d", s)
			}
		}
		if won != 1 {
			t.Fatalf("%d recomputes of version %d won, want 1 (%v)", won, version, statuses)
		}
		var n int64
		db.Gorm().Table("subsidy_lines").Where("batch_id = ?", b.ID).Count(&n)
		if n != int64(len(want)) {
			t.Fatalf("%d lines after concurrent recomputes, want %d", n, len(want))
		}

		// Approve: declarations and the policy are final; publish tells the enterprises.
		at.Expect(t, env.Get(pm.Token, "/api/v1/subsidy-batches/"+b.ID), 200).JSON(t, &b)
		at.Expect(t, env.Post(pm.Token, "/api/v1/subsidy-batches/"+b.ID+"/publish", map[string]any{}), 409) // not approved yet
		at.Expect(t, env.Post(w.Admin.Token, "/api/v1/subsidy-batches/"+b.ID+"/approve", map[string]any{}), 403)
		at.Expect(t, env.Post(pm.Token, "/api/v1/subsidy-batches/"+b.ID+"/approve", map[string]any{"version": b.Version}), 200).JSON(t, &b)
		at.Expect(t, env.Patch(changed.Token, "/api/v1/rd-declarations/"+changedDecl, map[string]any{"rd_expense": 1}), 409)
		at.Expect(t, env.Post(atCap.Token, "/api/v1/rd-declarations", map[string]any{"year": year, "rd_expense": 1, "revenue": 1, "rd_staff": 1}), 409)
		late := enterpriseIn(env, "迟到企业", "high_tech", "haishu", true)
		at.Expect(t, env.Post(late.Token, "/api/v1/rd-declarations", map[string]any{"year": year, "rd_expense": 1, "revenue": 1, "rd_staff": 1}), 409)
		at.Expect(t, env.Put(pm.Token, "/api/v1/subsidy-policies/2026", policy), 409)
		at.Expect(t, env.Post(pm.Token, "/api/v1/subsidy-batches/"+b.ID+"/recompute", map[string]any{}), 409)
		if got := at.Expect(t, env.Get(atCap.Token, "/api/v1/my/subsidies"), 200); strings.Contains(string(got.Body), b.ID) {
			t.Fatal("an enterprise sees its line before the batch is published")
		}
		at.Expect(t, env.Post(pm.Token, "/api/v1/subsidy-batches/"+b.ID+"/publish", map[string]any{"version": b.Version}), 200).JSON(t, &b)
		if b.Status != "published" {
			t.Fatalf("published batch %+v", b)
		}
		type mine struct {
			BatchID     string `json:"batch_id"`
			Year        int    `json:"year"`
			Amount      int64  `json:"amount"`
			Tier        string `json:"tier"`
			TierChanged bool   `json:"tier_changed"`
		}
		final := linesOf(t, env, pm.Token, b.ID)
		got := items[mine](t, at.Expect(t, env.Get(changed.Token, "/api/v1/my/subsidies"), 200))
		if len(got) != 1 || got[0].BatchID != b.ID || got[0].Year != year || got[0].Amount != final[changed.OrgID].Amount ||
			got[0].Amount == 0 || got[0].Tier != "tech_sme" || got[0].TierChanged { // edited as a tech SME: no longer a change
			t.Fatalf("my subsidies %+v", got)
		}
		if got := items[mine](t, at.Expect(t, env.Get(underMin.Token, "/api/v1/my/subsidies"), 200)); len(got) != 0 {
			t.Fatalf("an enterprise without a line sees %+v", got)
		}
		if !strings.Contains(string(at.Expect(t, env.Get(atCap.Token, "/api/v1/notifications"), 200).Body), "subsidy.published") {
			t.Fatal("an enterprise with a line is not told of the publication")
		}
		if strings.Contains(string(at.Expect(t, env.Get(underMin.Token, "/api/v1/notifications"), 200).Body), "subsidy.published") {
			t.Fatal("an enterprise without a line is told of the publication")
		}
		// Enterprises subsidised count toward the year's target.
		targets := items[struct {
			Key    string  `json:"key"`
			Actual float64 `json:"actual"`
		}](t, at.Expect(t, env.Get("", "/api/v1/portfolio/targets?year=2026"), 200))
		for _, x := range targets {
			if x.Key == "subsidised_enterprises" && x.Actual != float64(len(want)) {
				t.Fatalf("subsidised enterprises %v, want %d", x.Actual, len(want))
			}
		}

		// The export: the lines and the district summary, in Chinese.
		r := at.Expect(t, env.Get(w.Admin.Token, "/api/v1/subsidy-batches/"+b.ID+"/export"), 200)
		f, err := excelize.OpenReader(bytes.NewReader(r.Body))
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if len(sheets) != 2 || sheets[0] != "2026年度研发后补助" || sheets[1] != "区县汇总" {
			t.Fatalf("sheets %v", sheets)
		}
		rows, _ := f.GetRows(sheets[0])
		if len(rows) != len(want)+1 || rows[0][0] != "企业名称" {
			t.Fatalf("line rows %v", rows)
		}
		sum2, _ := f.GetRows(sheets[1])
		if last := sum2[len(sum2)-1]; last[0] != "合计" || last[1] != fmt.Sprint(len(want)) {
			t.Fatalf("district summary %v", sum2)
		}
		if env.AuditCount("subsidy_batch.compute") != 1 || env.AuditCount("subsidy_batch.publish") != 1 ||
			env.AuditCount("subsidy_policy.set") != 3 {
			t.Fatal("the batch's steps are not all audited")
		}
	})
}
