package handlers_test

import (
	"bytes"
	"context"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/handlers"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// invalidBodies holds, for every route that takes a body, one well-formed
// body whose values break the rules: it must get a 422 with field errors.
var invalidBodies = map[string]any{
	"PUT /api/v1/organizations/:id/capabilities": map[string]any{"field_ids": []string{"alchemy"}},
	"PUT /api/v1/users/:id/expertise":            map[string]any{"field_ids": []string{"alchemy"}},
	"POST /api/v1/rd-declarations":               map[string]any{"year": 1999, "rd_expense": -1, "revenue": 0, "rd_staff": -2},
	"PATCH /api/v1/rd-declarations/:id":          map[string]any{"rd_expense": -5},
	"PUT /api/v1/subsidy-policies/:year":         map[string]any{"rates": map[string]any{"tech_sme": 150}, "cap_per_enterprise": 0, "budget": -1},
	"POST /api/v1/subsidy-batches":               map[string]any{"year": 1999},
	"POST /api/v1/subsidy-batches/:id/recompute": map[string]any{"version": 0},
	"POST /api/v1/subsidy-batches/:id/approve":   map[string]any{"version": 0},
	"POST /api/v1/subsidy-batches/:id/publish":   map[string]any{"version": 0},
	"POST /api/v1/projects/:id/external-awards":  map[string]any{"level": "cosmic", "programme": "", "amount": -1, "awarded_on": "soon"},
	"POST /api/v1/recommendations":               map[string]any{"level": "cosmic", "year": 1},
	"POST /api/v1/recommendations/:id/outcome":   map[string]any{"awarded": true, "version": 0},
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

	"POST /api/v1/challenges":                           map[string]any{"title": "短", "trl_start": 10, "eligible_org_types": []string{"government"}},
	"PATCH /api/v1/challenges/:id":                      map[string]any{"trl_target": 0, "enterprise_commitment": -1},
	"POST /api/v1/challenges/:id/submit":                map[string]any{"version": 0},
	"POST /api/v1/challenges/:id/withdraw":              map[string]any{"version": 0},
	"POST /api/v1/challenges/:id/approve":               map[string]any{"category": "x", "funding_cap": -1, "bid_deadline": "2020-01-01T00:00:00Z"},
	"POST /api/v1/challenges/:id/return":                map[string]any{"reason": ""},
	"POST /api/v1/challenges/:id/reject":                map[string]any{"reason": ""},
	"POST /api/v1/challenges/:id/cancel":                map[string]any{"reason": ""},
	"POST /api/v1/challenges/:id/fail":                  map[string]any{"reason": ""},
	"POST /api/v1/challenges/:id/questions":             map[string]any{"text": ""},
	"POST /api/v1/challenges/:id/questions/:qid/answer": map[string]any{"text": "   "},
	"POST /api/v1/challenges/:id/bids":                  map[string]any{"summary": "", "budget": -1, "accept_terms": false},
	"PATCH /api/v1/bids/:id":                            map[string]any{"budget": -5, "team": map[string]any{"lead_scientist": "", "size": 0}},
	"POST /api/v1/bids/:id/withdraw":                    map[string]any{"version": 0},
	"POST /api/v1/challenges/:id/reviewers":             map[string]any{"user_ids": []string{}},
	"POST /api/v1/challenges/:id/conflict":              map[string]any{"reason": ""},
	"PUT /api/v1/bids/:id/score":                        map[string]any{"technical": 41, "feasibility": -1, "team": 21, "budget": 11},
	"POST /api/v1/challenges/:id/award":                 map[string]any{"bid_id": ""},
	"POST /api/v1/challenges/:id/award/confirm":         map[string]any{"version": 0},
	"POST /api/v1/challenges/:id/scores/submit":         map[string]any{"round": -1},
	"PUT /api/v1/me/mail-preferences":                   map[string]any{"off": []string{"Not A Kind!"}},
	"POST /api/v1/challenges/:id/rounds/:n/close":       map[string]any{"version": 0},
	"POST /api/v1/bids/:id/partner-confirmation":        map[string]any{},

	"POST /api/v1/projects":                          map[string]any{"title": "x", "summary": "s", "category": "bogus", "field_id": "nowhere", "budget": -1, "trl": 10},
	"PATCH /api/v1/projects/:id":                     map[string]any{"trl": 12, "category": "bogus"},
	"POST /api/v1/projects/:id/transitions":          map[string]any{"to": "", "from": "", "version": 0},
	"POST /api/v1/projects/:id/milestones":           map[string]any{"title": "", "due_date": "tomorrow", "stage": "nowhere"},
	"PATCH /api/v1/projects/:id/milestones/:mid":     map[string]any{"due_date": "31/12/2027"},
	"POST /api/v1/projects/:id/kpis":                 map[string]any{"name": "", "target": -1e300},
	"PATCH /api/v1/projects/:id/kpis/:kid":           map[string]any{"name": ""},
	"POST /api/v1/projects/:id/members":              map[string]any{"organization_id": "", "role": "boss"},
	"POST /api/v1/projects/:id/funding":              map[string]any{"source": "lottery", "amount": -1},
	"PATCH /api/v1/funding/:fid":                     map[string]any{"amount": -1},
	"POST /api/v1/funding/:fid/convert":              map[string]any{"investor_id": ""},
	"POST /api/v1/funding/:fid/untie":                map[string]any{"reason": ""},
	"POST /api/v1/scenarios":                         map[string]any{"title": "", "available_from": "soon"},
	"PATCH /api/v1/scenarios/:id":                    map[string]any{"available_to": "never"},
	"POST /api/v1/scenarios/:id/applications":        map[string]any{"project_id": "", "plan": ""},
	"POST /api/v1/scenario-applications/:id/accept":  map[string]any{"version": 0},
	"POST /api/v1/scenario-applications/:id/decline": map[string]any{"version": 0},
	"POST /api/v1/scenario-applications/:id/result":  map[string]any{"result": "maybe", "report": ""},
	"POST /api/v1/projects/:id/kpis/:kid/actuals":    map[string]any{"value": nil, "date": "yesterday"},
	"POST /api/v1/projects/:id/change-requests":      map[string]any{"reason": "r", "changes": map[string]any{}, "version": 0},
	"POST /api/v1/change-requests/:id/approve":       map[string]any{"version": 0},
	"POST /api/v1/change-requests/:id/reject":        map[string]any{"reason": ""},
	"POST /api/v1/change-requests/:id/withdraw":      map[string]any{"version": 0},
	"POST /api/v1/projects/:id/reports":              map[string]any{"kind": "weekly", "title": "", "due_date": "soon"},
	"POST /api/v1/reports/:id/submit":                map[string]any{"text": "x", "version": 0},
	"POST /api/v1/reports/:id/accept":                map[string]any{"version": 0},
	"POST /api/v1/reports/:id/return":                map[string]any{"reason": ""},
	"POST /api/v1/projects/:id/outputs":              map[string]any{"type": "poem", "title": "", "date": "someday"},
	"PATCH /api/v1/outputs/:id":                      map[string]any{"version": 0},
	"POST /api/v1/funding/:fid/disbursements":        map[string]any{"amount": -1, "date": "2099-01-01"},
	"PUT /api/v1/portfolio/targets/:year":            map[string]any{"items": []map[string]any{{"key": "happiness", "target": -1}}},

	"POST /api/v1/consortia":                 map[string]any{"name": "x", "model": "cartel"},
	"PATCH /api/v1/consortia/:id":            map[string]any{"name": "", "field_id": "nowhere"},
	"POST /api/v1/consortia/:id/invitations": map[string]any{"organization_id": "", "role": "king"},
	"POST /api/v1/invitations/:id/accept":    map[string]any{"version": 0},
	"POST /api/v1/invitations/:id/decline":   map[string]any{"version": 0},
	"POST /api/v1/consortia/:id/approve":     map[string]any{"version": 0},
	"POST /api/v1/consortia/:id/dissolve":    map[string]any{"version": 0},
}

// tokenFor is a user the route admits (its first role; admins for the rest).
func tokenFor(f *fixture, r handlers.Route) string {
	if len(r.Access.Roles) == 0 {
		return f.cast.Admin.Token
	}
	for _, role := range r.Access.Roles {
		if role == domain.RoleInstitute && strings.Contains(r.Path, "bids") {
			return f.cast.Institute.Token // the bidder, not the owner
		}
	}
	switch r.Access.Roles[0] {
	case domain.RoleEnterprise:
		return f.cast.Enterprise.Token
	case domain.RoleInstitute:
		return f.cast.Institute.Token
	case domain.RoleProgramManager:
		return f.cast.PM.Token
	case domain.RoleExpert:
		return f.cast.Expert.Token
	}
	return f.cast.Admin.Token
}

// concretePath fills a route's path parameters with real ids the route's
// first role may act on: a draft of its own, an open challenge, its own bid.
func concretePath(f *fixture, method, route string) string {
	published := f.once("input-published", func() string { return f.w.Published(f.cast.Enterprise, "输入校验挑战", 2400*time.Hour) })
	challengeID := published
	if method == http.MethodPatch && route == "/api/v1/challenges/:id" {
		challengeID = f.once("input-draft", func() string { return f.w.Draft(f.cast.Enterprise, "输入校验草稿") })
	}
	bidID := f.once("input-bid", func() string { return f.w.Bid(f.cast.Institute, published) })
	projectID := f.project()
	milestoneID := f.once("input-milestone", func() string {
		return at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, "/api/v1/projects/"+projectID+"/milestones",
			map[string]any{"title": "输入校验里程碑", "due_date": "2027-01-31", "stage": "research"}), 201).ID(f.env.T)
	})
	kpiID := f.once("input-kpi", func() string {
		return at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, "/api/v1/projects/"+projectID+"/kpis",
			map[string]any{"name": "输入校验指标", "target": 1}), 201).ID(f.env.T)
	})
	lineID := f.once("input-line", func() string {
		return at.Expect(f.env.T, f.env.Post(f.cast.PM.Token, "/api/v1/projects/"+projectID+"/funding",
			map[string]any{"source": "municipal", "amount": 1000, "status": "committed"}), 201).ID(f.env.T)
	})
	consortiumID := f.once("input-consortium", func() string { return f.newConsortium("task_oriented") })
	scenarioID := f.once("input-scenario", func() string { // offered by the admin's organization
		return at.Expect(f.env.T, f.env.Post(f.cast.Admin.Token, "/api/v1/scenarios", scenarioBody()), 201).ID(f.env.T)
	})
	if route == "/api/v1/users/:id/expertise" {
		return "/api/v1/users/" + f.cast.Expert.ID + "/expertise" // the expert's own
	}
	r := strings.NewReplacer(
		"/organizations/:id", "/organizations/"+f.env.Org("待审", org.TypeEnterprise, false),
		"/users/:id", "/users/"+f.cast.InstituteOther.ID,
		"/fields/:id", "/fields/chips",
		"/api/docs/:asset", "/api/docs/init.js",
		"/challenges/:id", "/challenges/"+challengeID,
		"/projects/:id", "/projects/"+projectID,
		"/milestones/:mid", "/milestones/"+milestoneID,
		"/kpis/:kid", "/kpis/"+kpiID,
		"/funding/:fid", "/funding/"+lineID,
		"/scenarios/:id", "/scenarios/"+scenarioID,
		"/consortia/:id", "/consortia/"+consortiumID,
		"/members/:organization_id", "/members/"+f.cast.Institute.OrgID,
		"/invitations/:id", "/invitations/"+f.cast.Admin.ID,
		"/scenario-applications/:id", "/scenario-applications/"+f.cast.Admin.ID,
		"/bids/:id", "/bids/"+bidID,
		"/questions/:qid", "/questions/"+f.cast.Admin.ID,
		"/notifications/:id", "/notifications/"+f.cast.Admin.ID,
		"/change-requests/:id", "/change-requests/"+f.cast.Admin.ID,
		"/reports/:id", "/reports/"+f.cast.Admin.ID,
		"/outputs/:id", "/outputs/"+f.cast.Admin.ID,
		"/targets/:year", "/targets/2026",
		"/rd-declarations/:id", "/rd-declarations/"+f.declaration(),
		"/subsidy-policies/:year", "/subsidy-policies/2026",
		"/subsidy-batches/:id", "/subsidy-batches/"+f.cast.Admin.ID,
		"/recommendations/:id", "/recommendations/"+f.cast.Admin.ID,
		"/rounds/:n", "/rounds/1",
	)
	return r.Replace(route)
}

// TestBadInput: on every route that takes a body, malformed JSON and unknown
// fields are 400, an oversized body 413 and rule-breaking values 422.
func TestBadInput(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		f := newFixture(env)
		huge := `{"name":"` + strings.Repeat("长", 700_000) + `"}` // > 2 MiB
		for _, r := range env.App.Server.Routes() {
			if r.Body == nil {
				continue
			}
			key := r.Method + " " + r.Path
			t.Run(key, func(t *testing.T) {
				path, token := concretePath(f, r.Method, r.Path), tokenFor(f, r)
				do := func(body any, headers map[string]string) *at.Response {
					return env.Do(at.Request{Method: r.Method, Path: path, Token: token, Body: body, Headers: headers})
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
				if got := do(strings.NewReader(huge), nil); got.Status != http.StatusRequestEntityTooLarge {
					t.Errorf("huge chunked body: %d, want 413", got.Status)
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

// TestBodyLimits: the JSON limit is 1 MiB (1,048,576 bytes) and the import
// limit 10 MiB, with or without a Content-Length (chunked).
func TestBodyLimits(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		pm := env.NewCast().PM
		login := func(size int, chunked bool) *at.Response {
			b := []byte(`{"email":"nobody@test.kcyj2035.cn","password":"x"}`)
			b = append(b, bytes.Repeat([]byte(" "), size-len(b))...)
			var body any = b
			if chunked {
				body = bytes.NewReader(b)
			}
			return env.Do(at.Request{Method: http.MethodPost, Path: "/api/v1/auth/login", Body: body})
		}
		for _, chunked := range []bool{false, true} {
			if got := login(1<<20, chunked); got.Status == http.StatusRequestEntityTooLarge {
				t.Errorf("a body of exactly 1 MiB (chunked %v) was refused: %s", chunked, got)
			}
			if got := login(1<<20+1, chunked); got.Status != http.StatusRequestEntityTooLarge {
				t.Errorf("a body of 1 MiB + 1 (chunked %v): %s, want 413", chunked, got)
			}
		}
		var mp bytes.Buffer
		w := multipart.NewWriter(&mp)
		fw, _ := w.CreateFormFile("file", "big.xlsx")
		_, _ = fw.Write(bytes.Repeat([]byte("x"), 10<<20))
		_ = w.Close()
		got := env.Do(at.Request{Method: http.MethodPost, Path: "/api/v1/imports/projects", Token: pm.Token,
			Body: bytes.NewReader(mp.Bytes()), Headers: map[string]string{"Content-Type": w.FormDataContentType()}})
		if got.Status != http.StatusRequestEntityTooLarge {
			t.Errorf("a chunked workbook over 10 MiB: %s, want 413", got)
		}
	})
}

// TestNoServerErrorForJunk throws junk at every route and asserts no 5xx.
func TestNoServerErrorForJunk(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		f := newFixture(env)
		queries := []string{"", "?limit=abc", "?limit=-5", "?limit=100000", "?cursor=%%%", "?cursor=a2V5", "?cursor=" + strings.Repeat("A", 5000),
			"?type=zzz", "?role=root", "?q=" + strings.Repeat("%25", 300), "?q=%00", "?status=%ff"}
		ids := []string{"%00", strings.Repeat("x", 3000), "..%2F..%2Fetc", "'%3B%20DROP%20TABLE%20users;--", "00000000-0000-0000-0000-000000000000"}
		bodies := []any{nil, "", "null", "0", `"str"`, `{"version":"x"}`, `{"version":-1}`, `{"email":null}`, "\x00\x01\x02",
			`{"organization":null,"user":{}}`, `{"role":123}`, `{"disabled":"yes"}`, strings.Repeat("[", 10000)}
		checked := 0
		for _, r := range env.App.Server.Routes() {
			// The role the route admits reaches deepest; anonymous and a bad token are refused early.
			for _, tok := range []string{tokenFor(f, r), "", "garbage"} {
				for _, q := range queries {
					path := concretePath(f, r.Method, r.Path) + q
					if got := env.Do(at.Request{Method: r.Method, Path: path, Token: tok}); got.Status >= 500 {
						t.Errorf("%s %s: %s", r.Method, path, got)
					}
					checked++
				}
				if strings.Contains(r.Path, ":") {
					for _, id := range ids {
						path := strings.NewReplacer(":id", id, ":asset", id, ":qid", id, ":mid", id, ":kid", id, ":fid", id, ":organization_id", id, ":n", id).Replace(r.Path)
						if got := env.Do(at.Request{Method: r.Method, Path: path, Token: tok}); got.Status >= 500 {
							t.Errorf("%s %s: %s", r.Method, path, got)
						}
						checked++
					}
				}
				if r.Method != http.MethodGet {
					for _, b := range bodies {
						got := env.Do(at.Request{Method: r.Method, Path: concretePath(f, r.Method, r.Path), Token: tok, Body: b})
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

// TestClientGoneIsNotAServerError: a request whose client has gone away
// (navigated on, closed the tab) while its query ran is answered 499, the
// status proxies use, never 500 — it is not the server's failure.
func TestClientGoneIsNotAServerError(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		cast := env.NewCast()
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		req := httptest.NewRequest(http.MethodGet, "/api/v1/me", nil).WithContext(ctx)
		req.Header.Set("Authorization", "Bearer "+cast.PM.Token)
		rec := httptest.NewRecorder()
		env.App.Server.Handler().ServeHTTP(rec, req)
		if rec.Code != 499 {
			t.Fatalf("GET /me with the client gone: %d %s, want 499", rec.Code, rec.Body)
		}
		// The same request with its client still there succeeds.
		at.Expect(t, env.Get(cast.PM.Token, "/api/v1/me"), http.StatusOK)
	})
}
