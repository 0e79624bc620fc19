package handlers_test

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// Persona is who calls: anonymous, or one of the cast. "own" personas belong
// to the organization that owns the object a row acts on; "other" ones do not.
type Persona string

const (
	Anon            Persona = "anonymous"
	Enterprise      Persona = "enterprise(own)"
	EnterpriseOther Persona = "enterprise(other)"
	Institute       Persona = "institute(own)"
	InstituteOther  Persona = "institute(other)"
	PM              Persona = "program_manager"
	Expert          Persona = "expert"
	Admin           Persona = "admin"
)

var personas = []Persona{Anon, Enterprise, EnterpriseOther, Institute, InstituteOther, PM, Expert, Admin}

// fixture is the world a matrix row acts on.
type fixture struct {
	env  *at.Env
	w    *at.World
	cast *at.Cast
	// cache keeps objects a row reuses across personas.
	cache map[string]string
	// pending is an enterprise user whose organization is not verified yet.
	pending *at.User
	// ownPending: rows about pending organizations act as the pending user
	// for the Enterprise persona.
	ownPending bool
}

func (f *fixture) user(p Persona) *at.User {
	switch p {
	case Enterprise:
		if f.ownPending {
			return f.pending
		}
		return f.cast.Enterprise
	case EnterpriseOther:
		return f.cast.EnterpriseOther
	case Institute:
		return f.cast.Institute
	case InstituteOther:
		return f.cast.InstituteOther
	case PM:
		return f.cast.PM
	case Expert:
		return f.cast.Expert
	case Admin:
		return f.cast.Admin
	}
	return nil
}

// matrixRow: one route, how to make a request to it for a persona, and the
// status each persona must get.
type matrixRow struct {
	method, route string
	// request builds the path and body for the persona (it may create fresh objects).
	request func(f *fixture, p Persona) (path string, body any)
	want    map[Persona]int
}

// all gives every persona the same status; except overrides some.
func all(status int, except ...any) map[Persona]int {
	m := map[Persona]int{}
	for _, p := range personas {
		m[p] = status
	}
	for i := 0; i+1 < len(except); i += 2 {
		m[except[i].(Persona)] = except[i+1].(int)
	}
	return m
}

// signedIn: anonymous 401, everyone else status.
func signedIn(status int, except ...any) map[Persona]int {
	return all(status, append([]any{Anon, 401}, except...)...)
}

// only: the listed personas get ok; other signed-in personas 403; anonymous 401.
func only(ok int, who ...Persona) map[Persona]int {
	m := signedIn(403)
	for _, p := range who {
		m[p] = ok
	}
	return m
}

func newFixture(env *at.Env) *fixture {
	w := env.NewWorld()
	f := &fixture{env: env, w: w, cast: w.Cast, cache: map[string]string{}}
	f.pending = env.NewUser(domain.RoleEnterprise, env.Org("待审企业", org.TypeEnterprise, false))
	w.Extra = append(w.Extra, f.pending)
	return f
}

// once makes an object the first time a row asks for it and reuses it after.
func (f *fixture) once(key string, make func() string) string {
	if id, ok := f.cache[key]; ok {
		return id
	}
	id := make()
	f.cache[key] = id
	return id
}

func fixed(path string) func(*fixture, Persona) (string, any) {
	return func(*fixture, Persona) (string, any) { return path, nil }
}

func matrixRows() []matrixRow {
	return []matrixRow{
		{http.MethodPost, "/api/v1/auth/register", func(f *fixture, p Persona) (string, any) {
			n := f.env.Unique()
			return "/api/v1/auth/register", registration(fmt.Sprintf("矩阵研究院%d", n),
				org.WithCheckChar(fmt.Sprintf("12330200MB0%06d", 200000+n)), fmt.Sprintf("m%d@example.cn", n))
		}, all(201)},
		{http.MethodPost, "/api/v1/auth/login", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/auth/login", map[string]string{"email": f.cast.Expert.Email, "password": at.Password}
		}, all(200)},
		{http.MethodPost, "/api/v1/auth/refresh", func(f *fixture, p Persona) (string, any) {
			u := f.env.Login(f.cast.Expert.Email, f.cast.Expert.ID, f.cast.Expert.OrgID, domain.RoleExpert)
			return "/api/v1/auth/refresh", map[string]string{"refresh_token": u.Refresh}
		}, all(200)},
		{http.MethodPost, "/api/v1/auth/logout", func(f *fixture, p Persona) (string, any) {
			tok := "none"
			if u := f.user(p); u != nil {
				tok = f.env.Login(u.Email, u.ID, u.OrgID, u.Role).Refresh
			}
			return "/api/v1/auth/logout", map[string]string{"refresh_token": tok}
		}, signedIn(204)},
		{http.MethodGet, "/api/v1/me", fixed("/api/v1/me"), signedIn(200)},

		{http.MethodGet, "/api/v1/organizations", fixed("/api/v1/organizations?type=enterprise"), signedIn(200)},
		{http.MethodPost, "/api/v1/organizations", func(f *fixture, p Persona) (string, any) {
			n := f.env.Unique()
			return "/api/v1/organizations", map[string]any{"name": fmt.Sprintf("某区科技局%d", n), "type": "government",
				"credit_code": org.WithCheckChar(fmt.Sprintf("11330200MB1%06d", n)), "verified": true}
		}, only(201, Admin)},
		// A pending organization of the "own" enterprise: own users, PMs and admins see it.
		{http.MethodGet, "/api/v1/organizations/:id", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/organizations/" + f.cast.EnterpriseOther.OrgID, nil // verified: every signed-in user
		}, signedIn(200)},
		{http.MethodGet, "/api/v1/organizations/:id", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/organizations/" + f.pending.OrgID, nil
		}, signedIn(404, Enterprise, 200, PM, 200, Admin, 200)},
		{http.MethodPost, "/api/v1/organizations/:id/verify", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/organizations/" + f.env.Org("待审企业", org.TypeEnterprise, false) + "/verify", nil
		}, only(200, Admin)},

		{http.MethodGet, "/api/v1/users", fixed("/api/v1/users?role=expert&limit=5"), only(200, Admin, PM)},
		{http.MethodPost, "/api/v1/users", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/users", map[string]any{"email": fmt.Sprintf("new%d@example.cn", f.env.Unique()),
				"password": "a-long-password", "name": "新专家", "role": "expert", "organization_id": f.cast.Institute.OrgID}
		}, only(201, Admin)},
		{http.MethodPatch, "/api/v1/users/:id", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/users/" + f.cast.InstituteOther.ID, map[string]any{"name": "改名"}
		}, only(200, Admin)},

		{http.MethodGet, "/api/v1/fields", fixed("/api/v1/fields"), all(200)},
		{http.MethodPost, "/api/v1/fields", func(f *fixture, p Persona) (string, any) {
			return "/api/v1/fields", map[string]any{"id": fmt.Sprintf("field_%d", f.env.Unique()), "parent_id": "digital",
				"name": "量子计算", "name_en": "Quantum computing", "priority_315": true}
		}, only(201, Admin)},
		{http.MethodPatch, "/api/v1/fields/:id", fixedBody("/api/v1/fields/chips", map[string]any{"name": "芯片"}), only(200, Admin)},
		{http.MethodGet, "/api/v1/categories", fixed("/api/v1/categories"), all(200)},
		{http.MethodGet, "/api/v1/districts", fixed("/api/v1/districts"), all(200)},

		{http.MethodGet, "/api/v1/audit", fixed("/api/v1/audit?entity=organization"), only(200, Admin, PM)},
		{http.MethodGet, "/api/v1/audit/verify", fixed("/api/v1/audit/verify"), only(200, Admin)},

		{http.MethodGet, "/healthz", fixed("/healthz"), all(200)},
		{http.MethodGet, "/readyz", fixed("/readyz"), all(200)},
		{http.MethodGet, "/metrics", fixed("/metrics"), all(200)}, // from loopback
		{http.MethodGet, "/api/openapi.json", fixed("/api/openapi.json"), all(200)},
		{http.MethodGet, "/api/docs", fixed("/api/docs"), all(200)},
		{http.MethodGet, "/api/docs/:asset", fixed("/api/docs/init.js"), all(200)},
		{http.MethodGet, "/*", fixed("/challenges/some-client-route"), all(200)},
		{http.MethodHead, "/*", fixed("/challenges/some-client-route"), all(200)},
	}
}

func fixedBody(path string, body any) func(*fixture, Persona) (string, any) {
	return func(*fixture, Persona) (string, any) { return path, body }
}

// TestAuthorizationMatrix sends every route's request as every persona and
// checks the status. A route the router has but the table lacks fails.
func TestAuthorizationMatrix(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		f := newFixture(env)
		rows := append(append(append(append(append(matrixRows(), challengeRows()...), projectRows()...), consortiumRows()...), portfolioRows()...), documentRows()...)
		rows = append(append(append(rows, projectWorkRows()...), targetRows()...), instrumentRows()...)

		covered := map[string]bool{}
		for _, r := range rows {
			covered[r.method+" "+r.route] = true
		}
		var missing []string
		for _, r := range env.App.Server.Echo().Routes() {
			if !covered[r.Method+" "+r.Path] {
				missing = append(missing, r.Method+" "+r.Path)
			}
		}
		sort.Strings(missing)
		if len(missing) > 0 {
			t.Fatalf("routes without rows in the authorization matrix:\n  %s", strings.Join(missing, "\n  "))
		}

		for _, r := range rows {
			f.ownPending = strings.Contains(r.route, "/organizations/:id") && r.method == http.MethodGet
			for _, p := range personas {
				want, ok := r.want[p]
				if !ok {
					t.Fatalf("%s %s: no expectation for %s", r.method, r.route, p)
				}
				path, body := r.request(f, p)
				token := ""
				if u := f.user(p); u != nil {
					token = u.Token
				}
				req := at.Request{Method: r.method, Path: path, Token: token, Body: body}
				if raw, ok := body.(rawBody); ok {
					req.Body, req.Headers = raw.data, map[string]string{"Content-Type": raw.contentType}
				}
				got := env.Do(req)
				if got.Status != want {
					t.Errorf("%s %s as %s: status %d, want %d (%s)", r.method, path, p, got.Status, want, truncate(got.Body))
				}
			}
		}
	})
}

func truncate(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

func items[T any](t *testing.T, r *at.Response) []T {
	t.Helper()
	var v struct {
		Items []T `json:"items"`
	}
	r.JSON(t, &v)
	return v.Items
}
