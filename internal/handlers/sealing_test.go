package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

type sealState struct {
	OK               bool    `json:"ok"`
	Checked          int64   `json:"checked"`
	Unsealed         int64   `json:"unsealed"`
	OldestUnsealedAt *string `json:"oldest_unsealed_at"`
}

// Records are written unsealed with their change and join the chain when the
// sealer runs: the verifier reports them apart until then, the trail lists
// them without a position, the database refuses any change but sealing, and
// a sealer starting up seals what an earlier process left.
func TestAuditSealing(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		admin := env.NewCast().Admin
		total := auditTotal(t, db)
		var v sealState
		at.Expect(t, env.Get(admin.Token, "/api/v1/audit/verify"), 200).JSON(t, &v)
		if !v.OK || v.Checked != 0 || v.Unsealed != total || v.OldestUnsealedAt == nil {
			t.Fatalf("before sealing: %+v (%d records)", v, total)
		}
		var page struct {
			Items []struct {
				ID   string  `json:"id"`
				Seq  *int64  `json:"seq"`
				Hash *string `json:"hash"`
			} `json:"items"`
		}
		at.Expect(t, env.Get(admin.Token, "/api/v1/audit?limit=5"), 200).JSON(t, &page)
		if len(page.Items) != 5 || page.Items[0].Seq != nil || page.Items[0].Hash != nil || page.Items[0].ID == "" {
			t.Fatalf("unsealed records listed as %+v", page.Items)
		}

		// Only sealing, once, is allowed; an unsealed record's content is as fixed as a sealed one's.
		for _, sql := range []string{
			"UPDATE audit_records SET action = 'forged' WHERE seq IS NULL",
			"UPDATE audit_records SET seq = 999999, prev_hash = 'x', hash = 'y', changes = '{}' WHERE id = (SELECT MIN(id) FROM audit_records)",
			"UPDATE audit_records SET seq = 999999 WHERE id = (SELECT MIN(id) FROM audit_records)",
			"DELETE FROM audit_records WHERE seq IS NULL",
		} {
			if err := db.Gorm().Exec(sql).Error; err == nil {
				t.Errorf("%q succeeded", sql)
			}
		}

		// A sealer starting up seals what is pending without being woken.
		ctx, cancel := context.WithCancel(context.Background())
		defer cancel()
		stopped := make(chan struct{})
		go func() {
			defer close(stopped)
			env.App.Audit.RunSealer(ctx, time.Hour, nil, slog.New(slog.NewTextHandler(io.Discard, nil)))
		}()
		for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
			v = sealState{}
			at.Expect(t, env.Get(admin.Token, "/api/v1/audit/verify"), 200).JSON(t, &v)
			if v.Unsealed == 0 || time.Now().After(deadline) {
				break
			}
		}
		cancel()
		<-stopped
		if !v.OK || v.Unsealed != 0 || v.Checked != total || v.OldestUnsealedAt != nil {
			t.Fatalf("after the sealer started: %+v (%d records)", v, total)
		}
		if err := db.Gorm().Exec("UPDATE audit_records SET seq = seq + 1000000, prev_hash = prev_hash, hash = hash WHERE seq = 1").Error; err == nil {
			t.Error("a sealed record was sealed again")
		}
	})
}

// The migration to sealing keeps an existing chain verifiable both ways, and
// going back refuses while records wait to be sealed (the old schema cannot
// hold them) rather than drop them.
func TestAuditSealingMigration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		admin := env.NewCast().Admin
		ctx := context.Background()
		if _, err := db.MigrateDownTo(ctx, 7); err != nil { // the migrations after sealing
			t.Fatal(err)
		}
		if _, err := db.MigrateDown(ctx); err == nil {
			t.Fatal("migrating down with unsealed records succeeded")
		}
		env.SealAudit()
		total := auditTotal(t, db)
		if down, err := db.MigrateDown(ctx); err != nil || len(down) != 1 {
			t.Fatalf("down: %v %v", down, err)
		}
		if n := auditTotal(t, db); n != total {
			t.Fatalf("%d records after migrating down, want %d", n, total)
		}
		if _, err := db.MigrateUp(ctx); err != nil {
			t.Fatal(err)
		}
		at.Expect(t, env.Post(admin.Token, "/api/v1/fields", map[string]any{"id": "after_migration", "parent_id": "digital",
			"name": "迁移后", "name_en": "After", "priority_315": false}), 201)
		if v := verifyOverHTTP(t, env, admin.Token); !v.OK || v.Checked != total+1 {
			t.Fatalf("after down and up again and one more write: %+v (want %d)", v, total+1)
		}
	})
}
