package store_test

import (
	"context"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestProjectPerWinnerMigration: migration 15 keeps every project (and the
// rows that point at it) and turns "one project per challenge" into "one per
// challenge and lead"; down restores the old rule.
func TestProjectPerWinnerMigration(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		if _, err := db.MigrateDownTo(ctx, 14); err != nil {
			t.Fatal(err)
		}
		g := db.Gorm()
		now := time.Now().UTC()
		exec := func(q string, args ...any) error { return g.Exec(q, args...).Error }
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		org := func() string {
			id := domain.NewID()
			must(exec(`INSERT INTO organizations (id, name, type, status, created_at, updated_at) VALUES (?, ?, 'research_institute', 'verified', ?, ?)`,
				id, "单位"+id, now, now))
			return id
		}
		owner, a, b := org(), org(), org()
		user := domain.NewID()
		must(exec(`INSERT INTO users (id, email, password_hash, name, role, organization_id, created_at, updated_at)
			VALUES (?, ?, 'x', '用户', 'enterprise', ?, ?, ?)`, user, user+"@t.cn", owner, now, now))
		ch := domain.NewID()
		must(exec(`INSERT INTO challenges (id, owner_id, created_by, title, status, created_at, updated_at) VALUES (?, ?, ?, '榜单', 'awarded', ?, ?)`,
			ch, owner, user, now, now))
		project := func(lead string) error {
			id := domain.NewID()
			err := exec(`INSERT INTO projects (id, title, lead_org_id, origin, challenge_id, stage, created_at, updated_at)
				VALUES (?, '项目', ?, 'challenge', ?, 'research', ?, ?)`, id, lead, ch, now, now)
			if err == nil {
				must(exec(`INSERT INTO project_members (project_id, organization_id, role, created_at) VALUES (?, ?, 'lead', ?)`, id, lead, now))
			}
			return err
		}
		must(project(a))
		if project(b) == nil {
			t.Fatal("before migration 15 a second project of one challenge was accepted")
		}
		if _, err := db.MigrateUp(ctx); err != nil {
			t.Fatal(err)
		}
		var n int64
		g.Raw("SELECT COUNT(*) FROM projects p JOIN project_members m ON m.project_id = p.id WHERE p.challenge_id = ?", ch).Scan(&n)
		if n != 1 {
			t.Fatalf("after the migration %d projects with members, want the one", n)
		}
		must(project(b))
		if project(b) == nil {
			t.Fatal("two projects of one challenge and one lead")
		}
		// Down refuses while a challenge has several winners; with one it goes back.
		if _, err := db.MigrateDownTo(ctx, 14); err == nil {
			t.Fatal("down with two winners' projects succeeded")
		}
		must(exec("DELETE FROM project_members WHERE organization_id = ?", b))
		must(exec("DELETE FROM projects WHERE lead_org_id = ?", b))
		if _, err := db.MigrateDownTo(ctx, 14); err != nil {
			t.Fatal(err)
		}
		if project(b) == nil {
			t.Fatal("after down a second project of one challenge was accepted")
		}
		if _, err := db.MigrateUp(ctx); err != nil {
			t.Fatal(err)
		}
	})
}
