package handlers_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/auth"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

func registration(name, code, email string) map[string]any {
	return map[string]any{
		"organization": map[string]any{"name": name, "type": "research_institute", "credit_code": code, "district": "zhenhai"},
		"user":         map[string]any{"email": email, "password": "a-long-password", "name": "陈研究员"},
	}
}

// Register → admin verifies → login → /me → refresh → logout, over HTTP.
func TestAccountLifecycle(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		admin := env.NewCast().Admin

		var reg struct {
			Organization struct{ ID, Status, Type string }
			User         struct{ ID, Role, Email string }
		}
		at.Expect(t, env.Post("", "/api/v1/auth/register",
			registration("宁波新材料研究院", org.WithCheckChar("12330200MB0100001"), "Chen@Example.cn")), 201).JSON(t, &reg)
		if reg.Organization.Status != "pending" || reg.User.Role != "institute" || reg.User.Email != "chen@example.cn" {
			t.Fatalf("registration = %+v", reg)
		}

		// A pending organization's user can sign in.
		var tok struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
			ExpiresIn    int    `json:"expires_in"`
		}
		at.Expect(t, env.Post("", "/api/v1/auth/login", map[string]string{"email": "chen@example.cn", "password": "a-long-password"}), 200).JSON(t, &tok)
		if tok.ExpiresIn != 900 || tok.RefreshToken == "" {
			t.Fatalf("token response = %+v", tok)
		}
		me := at.Expect(t, env.Get(tok.AccessToken, "/api/v1/me"), 200).Map(t)
		if me["role"] != "institute" || me["organization"].(map[string]any)["status"] != "pending" {
			t.Fatalf("/me before verification = %v", me)
		}

		// Others do not see the pending organization; the admin verifies it.
		other := env.NewCast().Institute
		at.Expect(t, env.Get(other.Token, "/api/v1/organizations/"+reg.Organization.ID), 404)
		at.Expect(t, env.Post(tok.AccessToken, "/api/v1/organizations/"+reg.Organization.ID+"/verify", nil), 403)
		v := at.Expect(t, env.Post(admin.Token, "/api/v1/organizations/"+reg.Organization.ID+"/verify", map[string]int{"version": 1}), 200).Map(t)
		if v["status"] != "verified" || v["version"].(float64) != 2 {
			t.Fatalf("verified organization = %v", v)
		}
		at.Expect(t, env.Post(admin.Token, "/api/v1/organizations/"+reg.Organization.ID+"/verify", nil), 409)
		at.Expect(t, env.Get(other.Token, "/api/v1/organizations/"+reg.Organization.ID), 200)
		me = at.Expect(t, env.Get(tok.AccessToken, "/api/v1/me"), 200).Map(t)
		if me["organization"].(map[string]any)["status"] != "verified" {
			t.Fatalf("/me after verification = %v", me)
		}

		// Refresh hands out a new pair; the old refresh token is spent.
		var next struct {
			AccessToken  string `json:"access_token"`
			RefreshToken string `json:"refresh_token"`
		}
		at.Expect(t, env.Post("", "/api/v1/auth/refresh", map[string]string{"refresh_token": tok.RefreshToken}), 200).JSON(t, &next)
		if next.RefreshToken == tok.RefreshToken || next.AccessToken == "" {
			t.Fatal("refresh did not rotate the refresh token")
		}
		at.Expect(t, env.Get(next.AccessToken, "/api/v1/me"), 200)

		// Logout revokes the session: its refresh token no longer works.
		at.Expect(t, env.Post(next.AccessToken, "/api/v1/auth/logout", map[string]string{"refresh_token": next.RefreshToken}), 204)
		at.Expect(t, env.Post("", "/api/v1/auth/refresh", map[string]string{"refresh_token": next.RefreshToken}), 401)

		for _, action := range []string{"organization.register", "user.register", "organization.verify", "auth.login", "auth.refresh", "auth.logout"} {
			if n := env.AuditCount(action); n < 1 {
				t.Errorf("no audit record for %s", action)
			}
		}
	})
}

func TestRegistrationRules(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		code := org.WithCheckChar("12330200MB0100002")
		at.Expect(t, env.Post("", "/api/v1/auth/register", registration("研究院一", code, "a@example.cn")), 201)

		// The same credit code or email again is a conflict (a unique violation on both drivers).
		r := at.Expect(t, env.Post("", "/api/v1/auth/register", registration("研究院二", code, "b@example.cn")), 409)
		if !strings.Contains(string(r.Body), "credit code") {
			t.Fatalf("duplicate credit code: %s", r.Body)
		}
		r = at.Expect(t, env.Post("", "/api/v1/auth/register", registration("研究院三", org.WithCheckChar("12330200MB0100003"), "A@example.cn")), 409)
		if !strings.Contains(string(r.Body), "email") {
			t.Fatalf("duplicate email: %s", r.Body)
		}
		// Nothing of the refused registration was kept.
		var n int64
		db.Gorm().Table("organizations").Where("name = ?", "研究院三").Count(&n)
		if n != 0 {
			t.Fatal("a refused registration left its organization behind")
		}

		// A wrong check character is a 422 that says so.
		bad := registration("研究院四", "91440300708461136U", "c@example.cn")
		r = at.Expect(t, env.Post("", "/api/v1/auth/register", bad), 422)
		p := r.Map(t)
		errs := p["errors"].([]any)
		if len(errs) != 1 || errs[0].(map[string]any)["field"] != "organization.credit_code" ||
			!strings.Contains(errs[0].(map[string]any)["message"].(string), "check character") {
			t.Fatalf("bad credit code problem = %v", p)
		}
		if r.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatalf("content type = %s", r.Header.Get("Content-Type"))
		}

		// Government organizations cannot self-register; the role follows the type.
		gov := registration("某某局", org.WithCheckChar("11330200MB0100004"), "d@example.cn")
		gov["organization"].(map[string]any)["type"] = "government"
		at.Expect(t, env.Post("", "/api/v1/auth/register", gov), 422)
		ent := registration("宁波某科技有限公司", org.WithCheckChar("91330200MA4000001"), "e@example.cn")
		ent["organization"].(map[string]any)["type"] = "enterprise"
		ent["organization"].(map[string]any)["tier"] = "tech_sme"
		var reg struct{ User struct{ Role string } }
		at.Expect(t, env.Post("", "/api/v1/auth/register", ent), 201).JSON(t, &reg)
		if reg.User.Role != "enterprise" {
			t.Fatalf("enterprise registration role = %s", reg.User.Role)
		}
		// Several problems are reported together.
		many := registration("x", "123", "not-an-email")
		many["user"].(map[string]any)["password"] = "short"
		p = at.Expect(t, env.Post("", "/api/v1/auth/register", many), 422).Map(t)
		if len(p["errors"].([]any)) < 4 {
			t.Fatalf("want every problem listed, got %v", p["errors"])
		}
	})
}

func TestRefreshReuseRevokesFamily(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		u := env.NewCast().Institute
		refresh := func(tok string) (*at.Response, string) {
			var out struct {
				RefreshToken string `json:"refresh_token"`
			}
			r := env.Post("", "/api/v1/auth/refresh", map[string]string{"refresh_token": tok})
			if r.Status == 200 {
				r.JSON(t, &out)
			}
			return r, out.RefreshToken
		}
		r, second := refresh(u.Refresh)
		at.Expect(t, r, 200)
		r, third := refresh(second)
		at.Expect(t, r, 200)
		// The spent first token comes back: theft. 401, and the live token dies too.
		r, _ = refresh(u.Refresh)
		at.Expect(t, r, 401)
		r, _ = refresh(third)
		at.Expect(t, r, 401)
		if env.AuditCount("auth.refresh_reuse") != 1 {
			t.Fatal("the reuse was not audited")
		}
		// Another session of the same user is not affected.
		other := env.Login(u.Email, u.ID, u.OrgID, u.Role)
		r, _ = refresh(other.Refresh)
		at.Expect(t, r, 200)
		// Unknown and expired tokens.
		r, _ = refresh("no-such-token")
		at.Expect(t, r, 401)
		fresh := env.Login(u.Email, u.ID, u.OrgID, u.Role)
		env.Clock.Advance(15 * 24 * time.Hour)
		r, _ = refresh(fresh.Refresh)
		at.Expect(t, r, 401)
	})
}

// A disabled user or a changed role takes effect on the next request, and
// access tokens expire on the clock.
func TestTokenChecksPerRequest(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		cast := env.NewCast()
		u := cast.Expert
		at.Expect(t, env.Get(u.Token, "/api/v1/me"), 200)

		at.Expect(t, env.Patch(cast.Admin.Token, "/api/v1/users/"+u.ID, map[string]any{"disabled": true}), 200)
		at.Expect(t, env.Get(u.Token, "/api/v1/me"), 401)
		at.Expect(t, env.Post("", "/api/v1/auth/refresh", map[string]string{"refresh_token": u.Refresh}), 401)
		at.Expect(t, env.Post("", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": at.Password}), 401)
		at.Expect(t, env.Patch(cast.Admin.Token, "/api/v1/users/"+u.ID, map[string]any{"disabled": false}), 200)
		u = env.Login(u.Email, u.ID, u.OrgID, u.Role)
		at.Expect(t, env.Get(u.Token, "/api/v1/me"), 200)

		// Role change: the old token (role expert) stops working at once.
		at.Expect(t, env.Patch(cast.Admin.Token, "/api/v1/users/"+u.ID, map[string]any{"role": "admin"}), 200)
		r := at.Expect(t, env.Get(u.Token, "/api/v1/me"), 401)
		if !strings.Contains(string(r.Body), "role has changed") {
			t.Fatalf("changed role: %s", r.Body)
		}
		// A role that does not fit the organization's type is refused.
		at.Expect(t, env.Patch(cast.Admin.Token, "/api/v1/users/"+u.ID, map[string]any{"role": "program_manager"}), 422)
		// Stale version.
		at.Expect(t, env.Patch(cast.Admin.Token, "/api/v1/users/"+u.ID, map[string]any{"name": "x", "version": 1}), 409)

		// Expiry on the clock.
		w := cast.Institute
		env.Clock.Advance(16 * time.Minute)
		r = at.Expect(t, env.Get(w.Token, "/api/v1/me"), 401)
		if !strings.Contains(string(r.Body), "expired") {
			t.Fatalf("expired token: %s", r.Body)
		}
		// Malformed Authorization headers.
		for _, h := range []string{"Basic abc", "Bearer", "Bearer not-a-jwt", "bearer  "} {
			resp := env.Do(at.Request{Method: http.MethodGet, Path: "/api/v1/me", Headers: map[string]string{"Authorization": h}})
			at.Expect(t, resp, 401)
		}
		if env.AuditCount("access.denied") == 0 {
			t.Fatal("denied attempts are not audited")
		}
	})
}

func TestLoginThrottledAndUniform(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		u := env.NewCast().Institute
		unknown := env.Post("", "/api/v1/auth/login", map[string]string{"email": "nobody@example.cn", "password": "whatever-123"})
		wrong := env.Post("", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": "wrong-password"})
		at.Expect(t, unknown, 401)
		at.Expect(t, wrong, 401)
		if unknown.Map(t)["detail"] != wrong.Map(t)["detail"] {
			t.Fatal("login answers differently for unknown emails and wrong passwords")
		}
		for i := 0; i < 4; i++ {
			at.Expect(t, env.Post("", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": "wrong-password"}), 401)
		}
		r := at.Expect(t, env.Post("", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": at.Password}), 429)
		if r.Header.Get("Content-Type") != "application/problem+json" {
			t.Fatal("429 is not a problem document")
		}
		env.Clock.Advance(16 * time.Minute)
		at.Expect(t, env.Post("", "/api/v1/auth/login", map[string]string{"email": u.Email, "password": at.Password}), 200)
	})
}

// TestStrangerCannotLockTheOwnerOut (outside review, finding 4): a stranger's
// wrong passwords stop the stranger's address, not the owner; failures from
// one gateway do not lock out the colleagues behind it.
func TestStrangerCannotLockTheOwnerOut(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		cast := env.NewCast()
		owner, colleague := cast.Institute, cast.Enterprise
		login := func(u *at.User, password, from string) *at.Response {
			return env.Do(at.Request{Method: "POST", Path: "/api/v1/auth/login", Remote: from + ":40000",
				Body: map[string]string{"email": u.Email, "password": password}})
		}
		// The owner and a colleague sign in from the office gateway once.
		at.Expect(t, login(owner, at.Password, "203.0.113.10"), 200)
		at.Expect(t, login(colleague, at.Password, "203.0.113.10"), 200)
		// A stranger guesses the owner's password from elsewhere until refused.
		for range 5 {
			at.Expect(t, login(owner, "guess-123456", "198.51.100.66"), 401)
		}
		at.Expect(t, login(owner, at.Password, "198.51.100.66"), 429)
		// The owner signs in, at the office and from a new address.
		at.Expect(t, login(owner, at.Password, "203.0.113.10"), 200)
		at.Expect(t, login(owner, at.Password, "192.0.2.44"), 200)
		// 50 failures from the office gateway (someone stuffing credentials):
		// new accounts are refused from there, the colleague still signs in.
		for i := range 50 {
			at.Expect(t, env.Do(at.Request{Method: "POST", Path: "/api/v1/auth/login", Remote: "203.0.113.10:40000",
				Body: map[string]string{"email": fmt.Sprintf("nobody%d@example.cn", i), "password": "guess-123456"}}), 401)
		}
		at.Expect(t, login(cast.PM, at.Password, "203.0.113.10"), 429)
		at.Expect(t, login(colleague, at.Password, "203.0.113.10"), 200)
		at.Expect(t, login(cast.PM, at.Password, "192.0.2.45"), 200)
	})
}

// TestPasswordHashOnlyFromTheSystem: the demo seed hands CreateUser a hash
// computed once for the shared demo password; nobody else may pass a hash.
func TestPasswordHashOnlyFromTheSystem(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		c := env.NewCast()
		ctx := context.Background()
		const password = "Harbour@2035crane"
		hash, err := auth.Bcrypt{Cost: 4}.Hash(password)
		if err != nil {
			t.Fatal(err)
		}
		user := func(email string) account.NewUser {
			return account.NewUser{Email: email, Password: password, PasswordHash: hash, Name: "预先哈希",
				Role: string(domain.RoleEnterprise), OrganizationID: c.Enterprise.OrgID}
		}
		admin := domain.Actor{UserID: c.Admin.ID, OrgID: c.Admin.OrgID, Role: domain.RoleAdmin}
		if _, err := env.App.Accounts.CreateUser(ctx, admin, user("hash-admin@test.kcyj2035.cn")); domain.KindOf(err) != domain.KindForbidden {
			t.Fatalf("an admin passing a hash: %v", err)
		}
		if _, err := env.App.Accounts.CreateUser(ctx, domain.System(), user("hash-system@test.kcyj2035.cn")); err != nil {
			t.Fatalf("the system passing a hash: %v", err)
		}
		at.Expect(t, env.Post("", "/api/v1/auth/login", map[string]any{"email": "hash-system@test.kcyj2035.cn", "password": password}), 200)
		at.Expect(t, env.Post("", "/api/v1/auth/login", map[string]any{"email": "hash-admin@test.kcyj2035.cn", "password": password}), 401)
	})
}
