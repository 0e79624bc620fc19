package handlers_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestRefusedAttemptsAreBounded: a flood of requests with bad tokens writes
// at most two audit records per client address and minute — the first
// attempt at once, then one with the count — instead of one record each.
func TestRefusedAttemptsAreBounded(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		admin := env.NewCast().Admin
		before := env.AuditCount("access.denied")
		const flood = 300
		for i := 0; i < flood; i++ {
			for _, ip := range []string{"203.0.113.7", "198.51.100.9"} {
				r := env.Do(at.Request{Method: http.MethodGet, Path: fmt.Sprintf("/api/v1/projects?i=%d", i),
					Token: "bad-token", Remote: ip + ":5000"})
				if r.Status != http.StatusUnauthorized {
					t.Fatalf("bad token: %s", r)
				}
			}
		}
		// The first attempt of each address is on record at once.
		if n := env.AuditCount("access.denied") - before; n != 2 {
			t.Fatalf("%d records of the first attempts, want 2 (one per address)", n)
		}
		if n := env.AuditCount("access.denied.repeated"); n != 0 {
			t.Fatalf("%d counts written before the minute was over", n)
		}
		// The minute ends: one record per address carries the count.
		env.Clock.Advance(time.Minute)
		if err := env.App.Audit.FlushDenied(t.Context(), false); err != nil {
			t.Fatal(err)
		}
		var list struct {
			Items []struct {
				ClientIP string          `json:"client_ip"`
				Changes  json.RawMessage `json:"changes"`
			} `json:"items"`
		}
		at.Expect(t, env.Get(admin.Token, "/api/v1/audit?action=access.denied.repeated"), 200).JSON(t, &list)
		if len(list.Items) != 2 {
			t.Fatalf("%d count records, want 2", len(list.Items))
		}
		for _, it := range list.Items {
			var ch struct{ Count int }
			if err := json.Unmarshal(it.Changes, &ch); err != nil || ch.Count != flood-1 {
				t.Errorf("count record of %s: %s, want count %d", it.ClientIP, it.Changes, flood-1)
			}
		}
		// Nothing is left to write; the chain holds.
		if err := env.App.Audit.FlushDenied(t.Context(), true); err != nil {
			t.Fatal(err)
		}
		if n := env.AuditCount("access.denied.repeated"); n != 2 {
			t.Errorf("%d count records after a final flush, want 2", n)
		}
		env.SealAudit()
		v := at.Expect(t, env.Get(admin.Token, "/api/v1/audit/verify"), 200).Map(t)
		if v["ok"] != true {
			t.Errorf("the chain does not verify: %v", v)
		}
	})
}
