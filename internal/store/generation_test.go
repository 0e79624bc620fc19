package store_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain/reference"

	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// The generation moves on with committed changes only: a transaction that
// only read (the audit sealer finding nothing, a refused request) or rolled
// back leaves the figures' caches valid.
func TestGenerationCountsCommittedChanges(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		g := db.Gorm()
		step := func(name string, want uint64, fn func() error) {
			t.Helper()
			before := db.Generation()
			if err := fn(); err != nil && !errors.Is(err, errRollback) {
				t.Fatalf("%s: %v", name, err)
			}
			if got := db.Generation() - before; got != want {
				t.Errorf("%s moved the generation by %d, want %d", name, got, want)
			}
		}
		insert := func(ctx context.Context, id string) error {
			return db.InTx(ctx, func(ctx context.Context) error {
				now := time.Now()
				return db.Reference().CreateField(ctx, reference.Field{ID: id, Name: "领域", NameEn: "Field", Version: 1, CreatedAt: now, UpdatedAt: now})
			})
		}
		step("a read-only transaction", 0, func() error {
			return db.InTx(ctx, func(ctx context.Context) error {
				_, err := db.Reference().ListFields(ctx)
				return err
			})
		})
		step("an advisory lock and a read", 0, func() error {
			_, err := db.AuditLog().Seal(ctx, 10)
			return err
		})
		step("a committed insert", 1, func() error { return insert(ctx, "gen_one") })
		step("a rolled-back insert", 0, func() error {
			return db.InTx(ctx, func(ctx context.Context) error {
				if err := insert(ctx, "gen_two"); err != nil {
					return err
				}
				return errRollback
			})
		})
		step("an update outside a transaction", 1, func() error {
			return g.Exec("UPDATE fields SET name = ? WHERE id = ?", "改名", "gen_one").Error
		})
		step("an update of nothing", 0, func() error {
			return g.Exec("UPDATE fields SET name = ? WHERE id = ?", "改名", "no_such").Error
		})
	})
}

var errRollback = errors.New("roll back")
