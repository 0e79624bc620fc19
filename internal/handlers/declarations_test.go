package handlers_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestDeclarations: one per enterprise and year, its own to read and edit,
// every one for the bureau, and the import keyed by credit code.
func TestDeclarations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		e := enterpriseIn(env, "申报企业", "high_tech", "yinzhou", true)
		id := declare(t, env, e, 2026, 3_000_000)
		at.Expect(t, env.Post(e.Token, "/api/v1/rd-declarations", map[string]any{"year": 2026, "rd_expense": 1, "revenue": 1, "rd_staff": 1}), 409)
		at.Expect(t, env.Post(w.Institute.Token, "/api/v1/rd-declarations", map[string]any{"year": 2026, "rd_expense": 1, "revenue": 1, "rd_staff": 1}), 403)
		r := env.Post(e.Token, "/api/v1/rd-declarations", map[string]any{"year": 2019, "rd_expense": -1})
		if r.Status != 422 || !strings.Contains(string(r.Body), `"field":"year"`) || !strings.Contains(string(r.Body), `"field":"revenue"`) {
			t.Fatalf("bad declaration: %s", r)
		}
		var d struct {
			Version   int    `json:"version"`
			RDExpense int64  `json:"rd_expense"`
			Source    string `json:"source"`
			Tier      string `json:"tier"`
		}
		at.Expect(t, env.Patch(e.Token, "/api/v1/rd-declarations/"+id, map[string]any{"rd_expense": 3_500_000, "version": 1}), 200).JSON(t, &d)
		if d.Version != 2 || d.RDExpense != 3_500_000 || d.Tier != "high_tech" || d.Source != "declared" {
			t.Fatalf("edited %+v", d)
		}
		at.Expect(t, env.Patch(e.Token, "/api/v1/rd-declarations/"+id, map[string]any{"rd_expense": 1, "version": 1}), 409)
		at.Expect(t, env.Patch(e.Token, "/api/v1/rd-declarations/"+id, map[string]any{"year": 2027}), 422)
		at.Expect(t, env.Get(w.Enterprise.Token, "/api/v1/rd-declarations/"+id), 404)
		at.Expect(t, env.Patch(w.Enterprise.Token, "/api/v1/rd-declarations/"+id, map[string]any{"rd_staff": 1}), 404)
		declare(t, env, w.Enterprise, 2026, 2_000_000)
		count := func(token, query string) int {
			var page struct {
				Items []map[string]any `json:"items"`
			}
			at.Expect(t, env.Get(token, "/api/v1/rd-declarations"+query), 200).JSON(t, &page)
			return len(page.Items)
		}
		if count(e.Token, "") != 1 || count(w.PM.Token, "?year=2026") != 2 || count(w.PM.Token, "?district=yinzhou") != 1 ||
			count(w.PM.Token, "?q=申报企业") != 1 || count(w.PM.Token, "?year=2025") != 0 || count(w.Admin.Token, "?tier=high_tech") != 2 {
			t.Fatal("declaration lists and filters")
		}
		at.Expect(t, env.Get(w.PM.Token, "/api/v1/rd-declarations?tier=emperor"), 400)

		// The import: all or nothing, every bad row named; a year's existing
		// declaration is replaced by its row.
		code := func(orgID string) string {
			var c string
			db.Gorm().Table("organizations").Where("id = ?", orgID).Pluck("credit_code", &c)
			return c
		}
		pendingOrg := env.Org("待审导入", org.TypeEnterprise, false)
		other := enterpriseIn(env, "导入企业", "tech_sme", "cixi", true)
		importRows := func(rows [][]string, dry bool) *at.Response {
			path := "/api/v1/imports/rd-declarations"
			if dry {
				path += "?dry_run=true"
			}
			return upload(env, w.PM.Token, path, workbook(t, declarationHeader, rows))
		}
		bad := importRows([][]string{
			{code(e.OrgID), "2026", "4000000", "40000000", "30"},
			{"91330200MA0000000X", "2026", "1", "1", "1"},
			{code(w.Institute.OrgID), "2026", "1", "1", "1"},
			{code(pendingOrg), "2026", "1", "1", "1"},
			{code(other.OrgID), "二〇二六", "-5", "x", "1.5"},
			{code(e.OrgID), "2026", "1", "1", "1"},
		}, false)
		if bad.Status != 422 {
			t.Fatalf("bad workbook: %s", bad)
		}
		for _, f := range []string{"rows[3].credit_code", "rows[4].credit_code", "rows[5].credit_code", "rows[6].year", "rows[6].rd_expense",
			"rows[6].revenue", "rows[6].rd_staff", "rows[7].credit_code"} {
			if !strings.Contains(string(bad.Body), `"field":"`+f+`"`) {
				t.Errorf("the refusal does not name %s: %s", f, bad.Body)
			}
		}
		good := [][]string{{code(e.OrgID), "2026", "4,000,000", "40000000", "30"}, {code(other.OrgID), "2026", "1200000", "9000000", "7"}}
		var res struct {
			Rows, Imported int
			DryRun         bool `json:"dry_run"`
		}
		at.Expect(t, importRows(good, true), 200).JSON(t, &res)
		if res.Rows != 2 || res.Imported != 0 || !res.DryRun || count(w.PM.Token, "?year=2026") != 2 {
			t.Fatalf("dry run %+v", res)
		}
		at.Expect(t, importRows(good, false), 200).JSON(t, &res)
		if res.Imported != 2 || count(w.PM.Token, "?year=2026") != 3 {
			t.Fatalf("import %+v", res)
		}
		at.Expect(t, env.Get(e.Token, "/api/v1/rd-declarations/"+id), 200).JSON(t, &d)
		if d.RDExpense != 4_000_000 || d.Version != 3 || d.Source != "imported" {
			t.Fatalf("the import did not replace the declaration: %+v", d)
		}
		if env.AuditCount("rd_declaration.import") != 1 {
			t.Fatal("the import is not audited")
		}
		at.Expect(t, env.Get(e.Token, "/api/v1/imports/rd-declarations/template"), 200)
	})
}

// TestDeclarationEditRacesApproval: an edit of a declaration and the
// approval of its year's batch, sent at once, never both succeed — the
// edit sees the approval (409) or the approval sees the edit (the batch is
// stale: 409). Eight years, each raced once, on both databases.
func TestDeclarationEditRacesApproval(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		policy := map[string]any{"rates": map[string]any{"high_tech": 20}, "cap_per_enterprise": 1_000_000,
			"min_expense": 100_000, "budget": 10_000_000}
		firm := enterpriseIn(env, "竞态企业", "high_tech", "haishu", true)
		outcomes := map[string]int{}
		for year := 2030; year < 2038; year++ {
			at.Expect(t, env.Put(w.PM.Token, fmt.Sprintf("/api/v1/subsidy-policies/%d", year), policy), 200)
			id := declare(t, env, firm, year, 2_000_000)
			var b batchJSON
			at.Expect(t, env.Post(w.PM.Token, "/api/v1/subsidy-batches", map[string]any{"year": year}), 201).JSON(t, &b)
			env.Clock.Advance(time.Second) // the edit is later than the computation
			var wg sync.WaitGroup
			var edit, approve int
			wg.Add(2)
			go func() {
				defer wg.Done()
				edit = env.Patch(firm.Token, "/api/v1/rd-declarations/"+id, map[string]any{"rd_expense": 3_000_000}).Status
			}()
			go func() {
				defer wg.Done()
				approve = env.Post(w.PM.Token, "/api/v1/subsidy-batches/"+b.ID+"/approve", map[string]any{"version": b.Version}).Status
			}()
			wg.Wait()
			if edit == 200 && approve == 200 {
				t.Fatalf("%d: the edit and the approval both went through: lines of the old figures approved", year)
			}
			if !(edit == 200 && approve == 409 || edit == 409 && approve == 200) {
				t.Fatalf("%d: edit %d, approve %d", year, edit, approve)
			}
			outcomes[fmt.Sprintf("edit %d, approve %d", edit, approve)]++
		}
		t.Logf("outcomes: %v", outcomes)
	})
}
