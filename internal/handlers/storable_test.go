package handlers_test

import (
	"encoding/base64"
	"net/http"
	"strings"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/handlers"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestBytesNoDatabaseStores: NUL and invalid UTF-8 — which PostgreSQL
// refuses and SQLite would keep — are refused at the edge, the same way on
// both databases: in a cursor (every paged list), in an Idempotency-Key, and
// in a workbook cell (the dry run too, naming the row and column).
func TestBytesNoDatabaseStores(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		f := newFixture(env)
		cursors := []string{"azoA", base64.RawURLEncoding.EncodeToString([]byte("k:\xff\xfe")),
			base64.RawURLEncoding.EncodeToString([]byte("k:a\x00b"))}
		paged := 0
		for _, r := range env.App.Server.Routes() {
			if r.Method != http.MethodGet || !takesCursor(r.Query) {
				continue
			}
			paged++
			for _, c := range cursors {
				path := concretePath(f, r.Method, r.Path) + "?cursor=" + c
				if got := env.Get(tokenFor(f, r), path); got.Status != http.StatusBadRequest {
					t.Errorf("GET %s: %s, want 400", path, got)
				}
			}
		}
		if paged < 10 {
			t.Errorf("only %d paged lists found", paged)
		}

		for _, key := range []string{"key\x00nul", "key\xff\xfe", "key\x01ctl"} {
			got := env.Do(at.Request{Method: http.MethodPost, Path: "/api/v1/challenges", Token: f.cast.Enterprise.Token,
				Body: at.ChallengeBody("幂等键校验"), Headers: map[string]string{"Idempotency-Key": key}})
			if got.Status != http.StatusBadRequest {
				t.Errorf("Idempotency-Key %q: %s, want 400", key, got)
			}
		}

		for _, cell := range []string{"_x0000_", "名称_x0000_后缀"} {
			rows := [][]string{{cell, "企业", "高新技术企业", org.WithCheckChar("91330200MA2NUL001"), "CN", "镇海"},
				{"正常单位", "企业", "高新技术企业", "_x0000_", "CN", "镇海"}}
			for _, dry := range []string{"?dry_run=true", ""} {
				got := upload(env, f.cast.Admin.Token, "/api/v1/imports/organizations"+dry, workbook(t, orgHeader, rows))
				if got.Status != http.StatusUnprocessableEntity {
					t.Fatalf("a workbook with %q%s: %s, want 422", cell, dry, got)
				}
				body := string(got.Body)
				for _, want := range []string{"rows[2].name", "rows[3].credit_code", "NUL"} {
					if !strings.Contains(body, want) {
						t.Errorf("a workbook with %q%s: %s does not name %s", cell, dry, body, want)
					}
				}
			}
		}
	})
}

func takesCursor(qs []handlers.QueryParam) bool {
	for _, q := range qs {
		if q.Name == "cursor" {
			return true
		}
	}
	return false
}
