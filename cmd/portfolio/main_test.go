package main

import (
	"bytes"
	"context"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kcyj2035/portfolio/internal/store"
)

func runCmd(t *testing.T, args ...string) (string, error) {
	t.Helper()
	var out bytes.Buffer
	err := run(args, &out)
	return out.String(), err
}

// The binary's own commands on the embedded database: seed the demo, verify
// the audit chain, tamper with a record, and see the verifier name it.
func TestSeedAndAuditVerify(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("PORTFOLIO_DATA_DIR", dir)
	t.Setenv("DATABASE_URL", "")
	t.Setenv("PORTFOLIO_BCRYPT_COST", "4")
	t.Setenv("PORTFOLIO_LOG_LEVEL", "warn")

	out, err := runCmd(t, "migrate", "status")
	if err != nil || !strings.Contains(out, "00001_backbone.sql") {
		t.Fatalf("migrate status: %q %v", out, err)
	}
	if out, err = runCmd(t, "seed", "--demo"); err != nil || !strings.Contains(out, "demo data loaded") {
		t.Fatalf("seed: %q %v", out, err)
	}
	if out, err = runCmd(t, "seed", "--demo"); err != nil || !strings.Contains(out, "already present") {
		t.Fatalf("second seed: %q %v", out, err)
	}
	if out, err = runCmd(t, "audit", "verify"); err != nil || !strings.Contains(out, "audit chain ok") {
		t.Fatalf("verify: %q %v", out, err)
	}

	db, err := store.Open(context.Background(), store.Config{SQLitePath: filepath.Join(dir, "portfolio.db")})
	if err != nil {
		t.Fatal(err)
	}
	g := db.Gorm()
	for _, sql := range []string{"DROP TRIGGER audit_records_no_update",
		`UPDATE audit_records SET actor_id = 'someone-else' WHERE seq = 12`} {
		if err := g.Exec(sql).Error; err != nil {
			t.Fatal(err)
		}
	}
	_ = db.Close()

	out, err = runCmd(t, "audit", "verify")
	var code exitCode
	if !errors.As(err, &code) || code != 2 || !strings.Contains(out, "BROKEN at record 12") {
		t.Fatalf("verify after tampering: %q %v", out, err)
	}
}

func TestCommandErrors(t *testing.T) {
	if _, err := runCmd(t, "frobnicate"); err == nil {
		t.Fatal("an unknown command was accepted")
	}
	t.Setenv("PORTFOLIO_DATA_DIR", t.TempDir())
	t.Setenv("DATABASE_URL", "")
	if _, err := runCmd(t, "migrate", "sideways"); err == nil {
		t.Fatal("migrate sideways was accepted")
	}
	if _, err := runCmd(t, "seed"); err == nil {
		t.Fatal("seed without --demo was accepted")
	}
	t.Setenv("DATABASE_URL", "postgres://127.0.0.1:1/x")
	t.Setenv("PORTFOLIO_JWT_SECRET", "")
	if _, err := runCmd(t, "serve"); err == nil || !strings.Contains(err.Error(), "PORTFOLIO_JWT_SECRET") {
		t.Fatalf("serve on PostgreSQL without a JWT secret: %v", err)
	}
	if out, err := runCmd(t, "version"); err != nil || strings.TrimSpace(out) == "" {
		t.Fatalf("version: %q %v", out, err)
	}
}
