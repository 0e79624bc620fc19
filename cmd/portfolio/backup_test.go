package main

import (
	"context"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestBackupAndRestore is the operations guide's procedure: a pg_dump of a
// database in use (the demo, its audit chain sealed), restored with
// pg_restore into a fresh database; there `portfolio audit verify` passes
// over every record, nothing is left to migrate, and the rows are all there.
func TestBackupAndRestore(t *testing.T) {
	needPostgres(t)
	bindir := pgBindir()
	if bindir == "" || !fileExists(filepath.Join(bindir, "pg_dump")) {
		t.Skip("pg_dump and pg_restore are not installed here")
	}
	source, target := storetest.PostgresURL(t), storetest.PostgresURL(t)
	t.Setenv("PORTFOLIO_BCRYPT_COST", "4")
	t.Setenv("PORTFOLIO_LOG_LEVEL", "warn")
	t.Setenv("PORTFOLIO_JWT_SECRET", "backup-test-secret-0123456789abcdef-0123")
	t.Setenv("DATABASE_URL", source)
	if out, err := runCmd(t, "seed", "--demo"); err != nil || !strings.Contains(out, "demo data loaded") {
		t.Fatalf("seed: %q %v", out, err)
	}
	before, err := runCmd(t, "audit", "verify")
	if err != nil || !strings.Contains(before, "audit chain ok") {
		t.Fatalf("verify the source: %q %v", before, err)
	}

	dump := filepath.Join(t.TempDir(), "portfolio.dump")
	if out, err := exec.Command(filepath.Join(bindir, "pg_dump"), "--format=custom", "--no-owner", "--file="+dump, "--dbname="+source).CombinedOutput(); err != nil {
		t.Fatalf("pg_dump: %v\n%s", err, out)
	}
	if out, err := exec.Command(filepath.Join(bindir, "pg_restore"), "--no-owner", "--exit-on-error", "--single-transaction",
		"--dbname="+target, dump).CombinedOutput(); err != nil {
		t.Fatalf("pg_restore: %v\n%s", err, out)
	}

	t.Setenv("DATABASE_URL", target)
	after, err := runCmd(t, "audit", "verify")
	if err != nil || !strings.Contains(after, "audit chain ok") {
		t.Fatalf("verify the restored database: %q %v", after, err)
	}
	records := regexp.MustCompile(`ok: (\d+) records`)
	if b, a := records.FindStringSubmatch(before), records.FindStringSubmatch(after); b == nil || a == nil || a[1] != b[1] || a[1] == "0" {
		t.Fatalf("verified %q before and %q after the restore", before, after)
	}
	status, err := runCmd(t, "migrate", "status")
	if err != nil || strings.Contains(status, "pending") || !strings.Contains(status, "applied") {
		t.Fatalf("the restored database has migrations to apply: %q %v", status, err)
	}
	count := func(url string) map[string]int64 {
		db, err := store.Open(context.Background(), store.Config{URL: url, MaxOpenConns: 1})
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		out := map[string]int64{}
		for _, table := range []string{"organizations", "users", "challenges", "bids", "projects", "consortia", "audit_records", "notifications"} {
			var n int64
			if err := db.Gorm().Table(table).Count(&n).Error; err != nil {
				t.Fatal(err)
			}
			out[table] = n
		}
		return out
	}
	src, dst := count(source), count(target)
	for table, n := range src {
		if dst[table] != n || n == 0 {
			t.Errorf("%s: %d rows in the source, %d restored", table, n, dst[table])
		}
	}
	t.Logf("restored a dump of the demo: %s", strings.TrimSpace(after))
}
