package handlers_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// invalidBodies holds, for every route that takes a body, one well-formed
// body whose values break the rules: it must get a 422 with field errors.
var invalidBodies = map[string]any{
	"POST /api/v1/auth/register": map[string]any{
		"organization": map[string]any{"name": "x", "type": "club"},
		"user":         map[string]any{"email": "not-an-email", "password": "short", "name": "陈"}},
	"POST /api/v1/auth/login":               map[string]any{"email": "", "password": ""},
	"POST /api/v1/auth/refresh":             map[string]any{"refresh_token": ""},
	"POST /api/v1/auth/logout":              map[string]any{"refresh_token": ""},
	"POST /api/v1/organizations":            map[string]any{"name": "某局", "type": "government", "credit_code": "123"},
	"POST /api/v1/organizations/:id/verify": map[string]any{"version": 0},
	"POST /api/v1/users":                    map[string]any{"email": "x", "password": "y", "name": "z", "role": "king", "organization_id": "nope"},
	"PATCH /api/v1/users/:id":               map[string]any{"role": "king"},
	"POST /api/v1/fields":                   map[string]any{"id": "Bad Id", "name": "量子", "name_en": "Quantum"},
	"PATCH /api/v1/fields/:id":              map[string]any{"name": "  "},
}

// concretePath fills a route's path parameters with real ids.
func concretePath(f *fixture, route string) string {
	r := strings.NewReplacer(
		"/organizations/:id", "/organizations/"+f.env.Org("待审", org.TypeEnterprise, false),
		"/users/:id", "/users/"+f.cast.InstituteOther.ID,
		"/fields/:id", "/fields/chips",
		"/api/docs/:asset", "/api/docs/init.js",
	)
	return r.Replace(route)
}

// TestBadInput: on every route that takes a body, malformed JSON and unknown
// fields are 400, an oversized body 413 and rule-breaking values 422.
func TestBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		f := &fixture{env: env, cast: env.NewCast()}
		admin := f.cast.Admin.Token
		huge := `{"name":"` + strings.Repeat("长", 700_000) + `"}` // > 2 MiB
		for _, r := range env.App.Server.Routes() {
			if r.Body == nil {
				continue
			}
			key := r.Method + " " + r.Path
			t.Run(key, func(t *testing.T) {
				do := func(body any, headers map[string]string) *at.Response {
					return env.Do(at.Request{Method: r.Method, Path: concretePath(f, r.Path), Token: admin, Body: body, Headers: headers})
				}
				for _, bad := range []string{`{"email":`, `{"a" 1}`, `[1,2`, `nul`, `{"name":"x"} {"name":"y"}`, "\xff\xfe"} {
					if got := do(bad, nil); got.Status != http.StatusBadRequest {
						t.Errorf("malformed %q: %s, want 400", bad, got)
					}
				}
				if got := do(`{"zzz_unknown_field": 1}`, nil); got.Status != http.StatusBadRequest || !strings.Contains(string(got.Body), "unknown field") {
					t.Errorf("unknown field: %s, want 400 naming it", got)
				}
				if got := do(`[]`, nil); got.Status != http.StatusBadRequest {
					t.Errorf("array body: %s, want 400", got)
				}
				if got := do(huge, nil); got.Status != http.StatusRequestEntityTooLarge {
					t.Errorf("huge body: %d, want 413", got.Status)
				}
				if got := do(`{}`, map[string]string{"Content-Type": "text/plain"}); got.Status != http.StatusUnsupportedMediaType {
					t.Errorf("text/plain body: %d, want 415", got.Status)
				}
				invalid, ok := invalidBodies[key]
				if !ok {
					t.Fatalf("no invalid body for %s in invalidBodies", key)
				}
				got := do(invalid, nil)
				if got.Status != http.StatusUnprocessableEntity {
					t.Fatalf("invalid values: %s, want 422", got)
				}
				if p := got.Map(t); len(p["errors"].([]any)) == 0 {
					t.Errorf("422 without field errors: %s", got.Body)
				}
			})
		}
	})
}

// TestNoServerErrorForJunk throws junk at every route and asserts no 5xx.
func TestNoServerErrorForJunk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		f := &fixture{env: env, cast: env.NewCast()}
		queries := []string{"", "?limit=abc", "?limit=-5", "?limit=100000", "?cursor=%%%", "?cursor=a2V5", "?cursor=" + strings.Repeat("A", 5000),
			"?type=zzz", "?role=root", "?q=" + strings.Repeat("%25", 300), "?q=%00", "?status=%ff"}
		ids := []string{"%00", strings.Repeat("x", 3000), "..%2F..%2Fetc", "'%3B%20DROP%20TABLE%20users;--", "00000000-0000-0000-0000-000000000000"}
		bodies := []any{nil, "", "null", "0", `"str"`, `{"version":"x"}`, `{"version":-1}`, `{"email":null}`, "\x00\x01\x02",
			`{"organization":null,"user":{}}`, `{"role":123}`, `{"disabled":"yes"}`, strings.Repeat("[", 10000)}
		tokens := []string{"", f.cast.Admin.Token, f.cast.Institute.Token, "garbage"}
		checked := 0
		for _, r := range env.App.Server.Routes() {
			for _, tok := range tokens {
				for _, q := range queries {
					path := concretePath(f, r.Path) + q
					if got := env.Do(at.Request{Method: r.Method, Path: path, Token: tok}); got.Status >= 500 {
						t.Errorf("%s %s: %s", r.Method, path, got)
					}
					checked++
				}
				if strings.Contains(r.Path, ":") {
					for _, id := range ids {
						path := strings.NewReplacer(":id", id, ":asset", id).Replace(r.Path)
						if got := env.Do(at.Request{Method: r.Method, Path: path, Token: tok}); got.Status >= 500 {
							t.Errorf("%s %s: %s", r.Method, path, got)
						}
						checked++
					}
				}
				if r.Method != http.MethodGet {
					for _, b := range bodies {
						got := env.Do(at.Request{Method: r.Method, Path: concretePath(f, r.Path), Token: tok, Body: b})
						if got.Status >= 500 {
							t.Errorf("%s %s body %q: %s", r.Method, r.Path, fmt.Sprint(b), got)
						}
						checked++
					}
				}
			}
		}
		// Unknown routes and methods are problem documents too.
		for _, req := range []at.Request{{Method: "DELETE", Path: "/api/v1/users"}, {Method: "GET", Path: "/api/v1/nope"},
			{Method: "PUT", Path: "/api/v1/me"}, {Method: "GET", Path: "/api"}} {
			got := env.Do(req)
			if got.Status >= 500 || got.Status < 400 || got.Header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s %s: %s (%s)", req.Method, req.Path, got, got.Header.Get("Content-Type"))
			}
		}
		t.Logf("%d junk requests, none answered 5xx", checked)
	})
}
