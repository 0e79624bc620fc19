package store_test

import (
	"context"
	"strings"
	"testing"

	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// Migrations go down and up again cleanly on both drivers.
func TestMigrationsRoundTrip(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		ctx := context.Background()
		st, err := db.MigrationStatus(ctx)
		if err != nil || len(st) == 0 || !strings.HasPrefix(st[0], "applied") {
			t.Fatalf("status = %v, %v", st, err)
		}
		for {
			down, err := db.MigrateDown(ctx)
			if err != nil {
				if strings.Contains(err.Error(), "no migrations to run") || len(down) == 0 {
					break
				}
				t.Fatalf("down: %v", err)
			}
		}
		var n int64
		if err := db.Gorm().Raw("SELECT COUNT(*) FROM organizations").Scan(&n).Error; err == nil {
			t.Fatal("organizations table still exists after migrating down")
		}
		up, err := db.MigrateUp(ctx)
		if err != nil || len(up) == 0 {
			t.Fatalf("up again: %v %v", up, err)
		}
		if up, err := db.MigrateUp(ctx); err != nil || len(up) != 0 {
			t.Fatalf("a second up should do nothing: %v %v", up, err)
		}
	})
}

func TestOpenRefusesOtherURLs(t *testing.T) {
	_, err := store.Open(context.Background(), store.Config{URL: "mysql://x"})
	if err == nil || !strings.Contains(err.Error(), "postgres://") {
		t.Fatalf("err = %v", err)
	}
}
