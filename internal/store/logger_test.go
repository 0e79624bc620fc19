package store_test

import (
	"bytes"
	"context"
	"log/slog"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcyj2035/portfolio/internal/store"
)

// TestAbandonedQueriesAreNotErrors: a query cut short because its request's
// client went away is not logged as a database error; a real error still is.
func TestAbandonedQueriesAreNotErrors(t *testing.T) {
	var buf bytes.Buffer
	db, err := store.Open(context.Background(), store.Config{
		SQLitePath: filepath.Join(t.TempDir(), "log.db"),
		Logger:     slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})),
	})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var n int
	if err := db.Gorm().WithContext(ctx).Raw("SELECT 1").Scan(&n).Error; err == nil {
		t.Fatal("a query on a cancelled context succeeded")
	}
	if strings.Contains(buf.String(), "level=ERROR") {
		t.Fatalf("the abandoned query was logged as an error:\n%s", buf.String())
	}
	_ = db.Gorm().Raw("SELECT * FROM no_such_table").Scan(&n).Error
	if !strings.Contains(buf.String(), "level=ERROR") || !strings.Contains(buf.String(), "no_such_table") {
		t.Fatalf("a real SQL error was not logged:\n%s", buf.String())
	}
}
