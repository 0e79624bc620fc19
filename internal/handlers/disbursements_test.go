package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestDisbursements: a line's disbursements never exceed it (422 naming the
// excess), it becomes disbursed when paid in full, a voucher must be the
// project's, and concurrent disbursements never overdraw it.
func TestDisbursements(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		pid := w.Approved(w.Institute, "拨付测试项目")
		var line struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/funding", map[string]any{"source": "municipal", "amount": 1_000_000, "status": "committed"}), 201).JSON(t, &line)
		pay := func(body map[string]any) *at.Response {
			return env.Post(w.PM.Token, "/api/v1/funding/"+line.ID+"/disbursements", body)
		}
		voucher := at.Expect(t, env.Upload(w.PM.Token, "/api/v1/projects/"+pid+"/documents", "拨付凭证.pdf", "voucher", at.PDF), 201).ID(t)
		other := w.Approved(w.Institute, "另一个项目")
		elsewhere := at.Expect(t, env.Upload(w.PM.Token, "/api/v1/projects/"+other+"/documents", "凭证.pdf", "voucher", at.PDF), 201).ID(t)
		// Dates from year 0 or 9999 are refused (outside review, finding 6),
		// nothing written.
		for date, code := range map[string]string{"0000-01-01": "date.range", "1999-12-31": "date.range", "9999-12-31": "date.future"} {
			if got := fmt.Sprint(problemCodes(t, pay(map[string]any{"amount": 1, "date": date}))); got != "[date:"+code+"]" {
				t.Errorf("a disbursement dated %s: %s", date, got)
			}
		}
		r0 := env.Post(w.Institute.Token, "/api/v1/projects/"+pid+"/milestones", map[string]any{"title": "远期", "due_date": "9999-01-01", "stage": "research"})
		if got := fmt.Sprint(problemCodes(t, r0)); got != "[due_date:date.range]" {
			t.Errorf("a milestone due in 9999: %s", got)
		}
		at.Expect(t, pay(map[string]any{"amount": 600_000, "date": "2026-11-20", "document_id": voucher}), 201)
		r := at.Expect(t, pay(map[string]any{"amount": 400_001}), 422)
		if !strings.Contains(string(r.Body), `"excess":1`) {
			t.Fatalf("the refusal does not name the excess: %s", r.Body)
		}
		at.Expect(t, pay(map[string]any{"amount": 1, "document_id": elsewhere}), 422)
		at.Expect(t, pay(map[string]any{"amount": 400_000}), 201)
		lines := items[struct {
			ID     string `json:"id"`
			Status string `json:"status"`
		}](t, env.Get(w.PM.Token, "/api/v1/projects/"+pid+"/funding"))
		if lines[0].Status != "disbursed" {
			t.Fatalf("paid in full but %s", lines[0].Status)
		}
		at.Expect(t, pay(map[string]any{"amount": 1}), 409)
		if n := len(items[map[string]any](t, env.Get(w.Admin.Token, "/api/v1/funding/"+line.ID+"/disbursements"))); n != 2 {
			t.Fatalf("%d disbursements", n)
		}

		// Concurrent: two of 600,000 on a line of 1,000,000 — one wins.
		at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/funding", map[string]any{"source": "enterprise", "amount": 1_000_000, "status": "committed"}), 201).JSON(t, &line)
		got := race(env, 4, func(int) at.Request {
			return at.Request{Method: http.MethodPost, Path: "/api/v1/funding/" + line.ID + "/disbursements", Token: w.PM.Token,
				Body: map[string]any{"amount": 600_000}}
		})
		if got[201] != 1 || got[422] != 3 {
			t.Fatalf("four disbursements of 600,000 at once on 1,000,000: %v", got)
		}
		// The budget: committed + disbursed never above it (12,000,000 proposed).
		r = at.Expect(t, env.Post(w.PM.Token, "/api/v1/projects/"+pid+"/funding", map[string]any{"source": "national", "amount": 10_000_001, "status": "committed"}), 422)
		if !strings.Contains(string(r.Body), "funding.over_budget") || !strings.Contains(string(r.Body), `"excess":1`) {
			t.Fatalf("over budget: %s", r.Body)
		}
	})
}
