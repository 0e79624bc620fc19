package handlers_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

func auditTotal(t *testing.T, db *store.DB) int64 {
	t.Helper()
	var n int64
	if err := db.Gorm().Table("audit_records").Count(&n).Error; err != nil {
		t.Fatal(err)
	}
	return n
}

type verification struct {
	OK       bool   `json:"ok"`
	Checked  int64  `json:"checked"`
	FirstBad *int64 `json:"first_bad"`
	Reason   string `json:"reason"`
}

// verifyOverHTTP seals what was committed, then verifies.
func verifyOverHTTP(t *testing.T, env *at.Env, admin string) verification {
	t.Helper()
	env.SealAudit()
	var v verification
	at.Expect(t, env.Get(admin, "/api/v1/audit/verify"), 200).JSON(t, &v)
	return v
}

func TestAuditOneRecordPerChangeInItsTransaction(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		admin := env.NewCast().Admin
		id := env.Org("待审企业", org.TypeEnterprise, false)

		before := auditTotal(t, db)
		at.Expect(t, env.Post(admin.Token, "/api/v1/organizations/"+id+"/verify", nil), 200)
		if got := auditTotal(t, db) - before; got != 1 {
			t.Fatalf("verifying wrote %d audit records, want exactly 1", got)
		}
		var recs struct {
			Items []struct {
				ActorID   string         `json:"actor_id"`
				ActorRole string         `json:"actor_role"`
				ActorOrg  string         `json:"actor_org"`
				Action    string         `json:"action"`
				EntityID  string         `json:"entity_id"`
				ClientIP  string         `json:"client_ip"`
				RequestID string         `json:"request_id"`
				Changes   map[string]any `json:"changes"`
			}
		}
		at.Expect(t, env.Get(admin.Token, "/api/v1/audit?entity=organization&entity_id="+id), 200).JSON(t, &recs)
		if len(recs.Items) != 2 { // created by the harness, then verified
			t.Fatalf("records for the organization: %d, want 2", len(recs.Items))
		}
		r := recs.Items[0]
		if r.Action != "organization.verify" || r.ActorID != admin.ID || r.ActorRole != "admin" || r.ActorOrg != admin.OrgID ||
			r.EntityID != id || r.ClientIP != "127.0.0.1" || r.RequestID == "" || r.Changes["status"] == nil {
			t.Fatalf("record = %+v", r)
		}

		// A refused change writes no change record (only the denial).
		before = auditTotal(t, db)
		at.Expect(t, env.Post(admin.Token, "/api/v1/organizations/"+id+"/verify", nil), 409)
		if got := auditTotal(t, db) - before; got != 0 {
			t.Fatalf("a refused verify wrote %d records", got)
		}

		// A rolled-back transaction leaves no record.
		before = auditTotal(t, db)
		err := db.InTx(context.Background(), func(ctx context.Context) error {
			if err := env.App.Audit.Record(ctx, domain.System(), audit.Entry{Action: "test.rollback", Entity: "x", EntityID: "1"}); err != nil {
				return err
			}
			return errors.New("boom")
		})
		if err == nil || auditTotal(t, db) != before {
			t.Fatalf("rolled-back change left a record (err %v)", err)
		}
		// Appending outside a transaction is refused (a programming error).
		if err := env.App.Audit.Record(context.Background(), domain.System(), audit.Entry{Action: "x"}); err == nil {
			t.Fatal("audit append outside a transaction was accepted")
		}
		if v := verifyOverHTTP(t, env, admin.Token); !v.OK || v.Checked != auditTotal(t, db) {
			t.Fatalf("verify = %+v", v)
		}
	})
}

// tamper runs sql with the append-only triggers out of the way, as an
// attacker with database access would.
func tamper(t *testing.T, db *store.DB, sql string) {
	t.Helper()
	g := db.Gorm()
	if db.Dialect() == store.Postgres {
		if err := g.Exec("ALTER TABLE audit_records DISABLE TRIGGER USER").Error; err != nil {
			t.Fatal(err)
		}
		defer g.Exec("ALTER TABLE audit_records ENABLE TRIGGER USER")
	} else {
		for _, tr := range []string{"audit_records_no_update", "audit_records_no_delete"} {
			if err := g.Exec("DROP TRIGGER " + tr).Error; err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := g.Exec(sql).Error; err != nil {
		t.Fatal(err)
	}
}

func TestAuditTamperingIsNamed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		admin := env.NewCast().Admin
		env.SealAudit()
		total := auditTotal(t, db)
		if total < 10 {
			t.Fatalf("only %d records", total)
		}
		// The application's database user cannot edit or remove records.
		for _, sql := range []string{"UPDATE audit_records SET action = 'x' WHERE seq = 3", "DELETE FROM audit_records WHERE seq = 3"} {
			if err := db.Gorm().Exec(sql).Error; err == nil {
				t.Fatalf("%q succeeded: the trail is not append-only", sql)
			}
		}
		if v := verifyOverHTTP(t, env, admin.Token); !v.OK {
			t.Fatalf("untouched chain: %+v", v)
		}
		tamper(t, db, `UPDATE audit_records SET changes = '{"status":"forged"}' WHERE seq = 7`)
		v := verifyOverHTTP(t, env, admin.Token)
		if v.OK || v.FirstBad == nil || *v.FirstBad != 7 || v.Checked != 6 {
			t.Fatalf("after editing record 7: %+v", v)
		}
	})
}

func TestAuditDeletionIsNamed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		admin := env.NewCast().Admin
		env.SealAudit()
		tamper(t, db, `DELETE FROM audit_records WHERE seq = 5`)
		v := verifyOverHTTP(t, env, admin.Token)
		if v.OK || v.FirstBad == nil || *v.FirstBad != 5 {
			t.Fatalf("after deleting record 5: %+v", v)
		}
	})
}

// 50 concurrent writers leave one unforked chain that verifies.
func TestAuditConcurrentWriters(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		admin := env.NewCast().Admin
		before := auditTotal(t, db)
		const writers = 50
		var wg sync.WaitGroup
		statuses := make([]int, writers)
		for i := 0; i < writers; i++ {
			wg.Add(1)
			go func(i int) {
				defer wg.Done()
				r := env.Post(admin.Token, "/api/v1/fields", map[string]any{"id": fmt.Sprintf("concurrent_%d", i),
					"parent_id": "digital", "name": fmt.Sprintf("并发%d", i), "name_en": "Concurrent", "priority_315": false})
				statuses[i] = r.Status
			}(i)
		}
		wg.Wait()
		for i, s := range statuses {
			if s != 201 {
				t.Fatalf("writer %d got %d", i, s)
			}
		}
		if got := auditTotal(t, db) - before; got != writers {
			t.Fatalf("%d records for %d writes", got, writers)
		}
		env.SealAudit()
		var seqs []int64
		db.Gorm().Table("audit_records").Order("seq").Pluck("seq", &seqs)
		for i, s := range seqs {
			if s != int64(i+1) {
				t.Fatalf("sequence has a gap or fork at %d: %d", i+1, s)
			}
		}
		if v := verifyOverHTTP(t, env, admin.Token); !v.OK || v.Checked != int64(len(seqs)) {
			t.Fatalf("verify after concurrent writes: %+v", v)
		}
	})
}

// TestAuditHidesOtherOrganizationsDrafts: the trail shows program managers
// and admins no more than the board does — another organization's draft
// (its title, its edits) stays out until it is submitted.
func TestAuditHidesOtherOrganizationsDrafts(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		w := env.NewWorld()
		title := "尚未提交的草稿标题"
		id := w.Draft(w.Enterprise, title)
		at.Expect(t, env.Patch(w.Enterprise.Token, "/api/v1/challenges/"+id, map[string]any{"title": title + "（修改）"}), 200)
		for _, u := range []*at.User{w.PM, w.Admin} {
			for _, path := range []string{"/api/v1/audit?limit=100", "/api/v1/audit?entity=challenge", "/api/v1/audit?entity_id=" + id} {
				if r := at.Expect(t, env.Get(u.Token, path), 200); strings.Contains(string(r.Body), title) || strings.Contains(string(r.Body), id) {
					t.Errorf("GET %s as %s shows the draft: %s", path, u.Role, r.Body)
				}
			}
		}
		// Submitted, it is the bureau's business: its whole history shows.
		at.Expect(t, env.Post(w.Enterprise.Token, "/api/v1/challenges/"+id+"/submit", nil), 200)
		r := at.Expect(t, env.Get(w.PM.Token, "/api/v1/audit?entity_id="+id), 200)
		if n := len(r.Map(t)["items"].([]any)); n != 3 {
			t.Errorf("after submission the PM sees %d records of the challenge, want 3 (create, update, submit): %s", n, r.Body)
		}
	})
}
