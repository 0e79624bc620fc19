// Package storetest gives tests a fresh, migrated database per test on every
// driver: an SQLite file in a temp dir always, and a PostgreSQL database
// created for the test (and dropped after) on the server at TEST_DATABASE_URL.
package storetest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"io"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/kcyj2035/portfolio/internal/store"
)

// Driver is one database a test runs against.
type Driver struct {
	Name string // "sqlite" or "postgres": the subtest name
	open func(t testing.TB, log *slog.Logger) *store.DB
}

// Open returns a fresh migrated database, closed (and dropped) when t ends.
func (d Driver) Open(t testing.TB) *store.DB { return d.open(t, quietLogger()) }

// OpenLogged is Open with the store's log (SQL errors, slow statements) sent
// to log: for tests of what is logged.
func (d Driver) OpenLogged(t testing.TB, log *slog.Logger) *store.DB { return d.open(t, log) }

// Drivers lists the drivers to test. Without TEST_DATABASE_URL it fails the
// test loudly, unless PORTFOLIO_TEST_SQLITE_ONLY=1 asks for SQLite only.
func Drivers(t testing.TB) []Driver {
	ds := []Driver{{Name: "sqlite", open: openSQLite}}
	switch {
	case os.Getenv("TEST_DATABASE_URL") != "":
		ds = append(ds, Driver{Name: "postgres", open: openPostgres})
	case os.Getenv("PORTFOLIO_TEST_SQLITE_ONLY") == "1":
	default:
		t.Fatal("no PostgreSQL for the tests: run `make test` (it starts a throwaway cluster), " +
			"set TEST_DATABASE_URL, or set PORTFOLIO_TEST_SQLITE_ONLY=1 to test SQLite only")
	}
	return ds
}

// Each runs fn once per driver as a subtest named after the driver, with a fresh database.
func Each(t *testing.T, fn func(t *testing.T, db *store.DB)) {
	for _, d := range Drivers(t) {
		t.Run(d.Name, func(t *testing.T) { fn(t, d.Open(t)) })
	}
}

func quietLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func migrate(t testing.TB, db *store.DB) {
	if _, err := db.MigrateUp(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", db.Dialect(), err)
	}
}

func openSQLite(t testing.TB, log *slog.Logger) *store.DB {
	path := filepath.Join(t.TempDir(), "test.db")
	db, err := store.Open(context.Background(), store.Config{SQLitePath: path, Logger: log})
	if err != nil {
		t.Fatalf("open sqlite: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	migrate(t, db)
	return db
}

func openPostgres(t testing.TB, log *slog.Logger) *store.DB {
	db, err := store.Open(context.Background(), store.Config{URL: PostgresURL(t), Logger: log})
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(func() { _ = db.Close() })
	migrate(t, db)
	return db
}

// PostgresURL creates an empty database on TEST_DATABASE_URL's server, drops
// it when the test ends (connections and all), and returns its URL: for tests
// that start processes of their own on it.
func PostgresURL(t testing.TB) string {
	admin := os.Getenv("TEST_DATABASE_URL")
	if admin == "" {
		t.Fatal("TEST_DATABASE_URL is not set")
	}
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	name := "t_" + hex.EncodeToString(b)
	adminDB, err := store.Open(context.Background(), store.Config{URL: admin, Logger: quietLogger(), MaxOpenConns: 1})
	if err != nil {
		t.Fatalf("connect to TEST_DATABASE_URL: %v", err)
	}
	if err := adminDB.Gorm().Exec("CREATE DATABASE " + name).Error; err != nil {
		t.Fatalf("create database: %v", err)
	}
	t.Cleanup(func() {
		if err := adminDB.Gorm().Exec(fmt.Sprintf("DROP DATABASE IF EXISTS %s WITH (FORCE)", name)).Error; err != nil {
			t.Logf("drop test database %s: %v", name, err)
		}
		_ = adminDB.Close()
	})
	u, err := url.Parse(admin)
	if err != nil {
		t.Fatal(err)
	}
	u.Path = "/" + name
	return u.String()
}
