package main

import (
	"context"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestAuditChainAcrossProcesses: three server processes on one PostgreSQL
// database take 50 concurrent writers; one is killed (SIGKILL) in the middle
// of the load and started again. Every committed change keeps its audit
// record, the chain has no fork and no gap (seq 1…n), and it verifies with
// nothing left unsealed once the restarted process has resumed sealing.
func TestAuditChainAcrossProcesses(t *testing.T) {
	needPostgres(t)
	bin := buildBinary(t)
	url := storetest.PostgresURL(t)
	const email, password = "admin@chain.test", "Chain-test-2035"
	env := []string{"DATABASE_URL=" + url, "PORTFOLIO_JWT_SECRET=chain-test-secret-0123456789abcdef-0123",
		"PORTFOLIO_ADMIN_EMAIL=" + email, "PORTFOLIO_ADMIN_PASSWORD=" + password, "PORTFOLIO_DEMO=0",
		"PORTFOLIO_AUDIT_SEAL_EVERY=50ms"}
	addrs := []string{freeAddr(t), freeAddr(t), freeAddr(t)}
	servers := make([]*server, 3)
	servers[0] = startServer(t, bin, addrs[0], env...) // migrates and creates the admin first
	servers[1] = startServer(t, bin, addrs[1], env...)
	servers[2] = startServer(t, bin, addrs[2], env...)
	token := servers[0].login(t, email, password) // one secret: valid on every process

	const writers, perWriter = 50, 12
	var done, created atomic.Int64
	var killOnce sync.Once
	client := &http.Client{Timeout: 30 * time.Second}
	var wg sync.WaitGroup
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWriter; i++ {
				s := servers[(w+i)%3]
				status, _ := s.do(client, token, http.MethodPost, "/api/v1/fields", map[string]any{
					"id": fmt.Sprintf("chain_%d_%d", w, i), "parent_id": "digital", "name": fmt.Sprintf("链%d-%d", w, i),
					"name_en": "Chain", "priority_315": false})
				if status == http.StatusCreated {
					created.Add(1)
				}
				if done.Add(1) == writers*perWriter/3 {
					killOnce.Do(servers[1].kill) // mid-load: requests in flight on it are cut off
				}
			}
		}(w)
	}
	wg.Wait()
	if created.Load() < writers*perWriter/2 {
		t.Fatalf("only %d of %d writes succeeded", created.Load(), writers*perWriter)
	}
	servers[1] = startServer(t, bin, addrs[1], env...) // seals whatever is left, then keeps sealing

	db, err := store.Open(context.Background(), store.Config{URL: url, MaxOpenConns: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	verifyAuditChain(t, func(path string) (int, []byte) {
		return servers[2].do(client, token, http.MethodGet, path, nil)
	}, db)
	var total int64
	var fields, fieldRecords int64
	g := db.Gorm()
	g.Table("audit_records").Count(&total)
	g.Table("fields").Where("id LIKE 'chain\\_%'").Count(&fields)
	g.Table("audit_records").Where("entity = 'field' AND entity_id LIKE 'chain\\_%'").Count(&fieldRecords)
	if fields < created.Load() || fieldRecords != fields {
		t.Errorf("%d fields created (%d answered 201), %d audit records of them: every commit keeps its record",
			fields, created.Load(), fieldRecords)
	}
	t.Logf("%d writes answered 201 across 3 processes (one killed mid-load); %d records chained", created.Load(), total)
}
