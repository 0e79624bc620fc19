package handlers_test

import (
	"fmt"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// BenchmarkSubsidyCompute computes (一键生成) the batch of 2,300 enterprises'
// declarations — the seeds' 2,291 — through the API, on each database:
//
//	TEST_DATABASE_URL=… go test ./internal/handlers -run '^$' -bench SubsidyCompute -benchtime 5x
//
// Besides ns/op it reports the fraction of the 2 s budget one computation
// takes, and its ratio to reading the same 2,300 declarations with their
// organizations once (x-read), measured in the same run as the ceiling that
// no computation can beat.
func BenchmarkSubsidyCompute(b *testing.B) {
	const enterprises = 2300
	for _, d := range storetest.Drivers(b) {
		b.Run(d.Name, func(b *testing.B) {
			db := d.Open(b)
			env := at.New(b, db)
			pm := env.NewCast().PM
			seedDeclarations(b, db, pm.ID, enterprises, 2026)
			at.Expect(b, env.Put(pm.Token, "/api/v1/subsidy-policies/2026", map[string]any{
				"rates":              map[string]any{"tech_sme": 10, "high_tech": 15, "little_giant": 20, "leader": 20},
				"cap_per_enterprise": 2_000_000, "min_expense": 100_000, "budget": 360_000_000}), 200)
			var batch struct {
				ID          string `json:"id"`
				Enterprises int    `json:"enterprises"`
				Version     int    `json:"version"`
			}
			at.Expect(b, env.Post(pm.Token, "/api/v1/subsidy-batches", map[string]any{"year": 2026}), 201).JSON(b, &batch)
			if batch.Enterprises != enterprises {
				b.Fatalf("%d lines, want %d", batch.Enterprises, enterprises)
			}
			start := time.Now()
			var n int64
			if err := db.Gorm().Raw(`SELECT COUNT(*) FROM (SELECT d.organization_id, o.tier FROM rd_declarations d
				JOIN organizations o ON o.id = d.organization_id WHERE d.year = 2026) x`).Scan(&n).Error; err != nil || n != enterprises {
				b.Fatalf("read %d: %v", n, err)
			}
			read := time.Since(start)
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				r := at.Expect(b, env.Post(pm.Token, "/api/v1/subsidy-batches/"+batch.ID+"/recompute", map[string]any{}), 200)
				r.JSON(b, &batch)
			}
			b.StopTimer()
			per := b.Elapsed() / time.Duration(b.N)
			b.ReportMetric(per.Seconds()/2, "of-2s-budget")
			b.ReportMetric(float64(per)/float64(read), "x-read")
		})
	}
}

// seedDeclarations inserts n verified enterprises across the districts and
// tiers, each with a declaration for the year, straight into the database.
func seedDeclarations(b *testing.B, db *store.DB, userID string, n, year int) {
	tiers := []string{"tech_sme", "high_tech", "little_giant", "leader"}
	districts := []string{"haishu", "jiangbei", "zhenhai", "beilun", "yinzhou", "fenghua", "yuyao", "cixi", "ninghai", "xiangshan"}
	now := time.Now().UTC()
	var orgs, decls []map[string]any
	for i := 0; i < n; i++ {
		id := domain.NewID()
		orgs = append(orgs, map[string]any{"id": id, "name": fmt.Sprintf("基准企业%05d", i), "type": "enterprise",
			"tier": tiers[i%len(tiers)], "credit_code": fmt.Sprintf("BENCH%013d", i), "country": "CN",
			"district": districts[i%len(districts)], "status": "verified", "version": 1, "created_at": now, "updated_at": now})
		decls = append(decls, map[string]any{"id": domain.NewID(), "organization_id": id, "year": year,
			"rd_expense": int64(500_000 + i*7_919), "revenue": int64(50_000_000), "rd_staff": 20, "tier": tiers[i%len(tiers)],
			"source": "imported", "version": 1, "created_by": userID, "created_at": now, "updated_at": now})
	}
	for i := 0; i < n; i += 500 {
		j := min(i+500, n)
		if err := db.Gorm().Table("organizations").Create(orgs[i:j]).Error; err != nil {
			b.Fatal(err)
		}
		if err := db.Gorm().Table("rd_declarations").Create(decls[i:j]).Error; err != nil {
			b.Fatal(err)
		}
	}
}
