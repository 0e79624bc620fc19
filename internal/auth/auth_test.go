package auth_test

import (
	"crypto/rand"
	"crypto/rsa"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/kcyj2035/portfolio/internal/auth"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
)

var (
	secret = []byte("0123456789abcdef0123456789abcdef")
	now    = time.Date(2026, 11, 21, 8, 0, 0, 0, time.UTC)
)

func goodClaims() auth.Claims {
	return auth.Claims{Org: "org-1", Role: "institute", RegisteredClaims: jwt.RegisteredClaims{
		Subject: "user-1", Issuer: auth.Issuer, Audience: jwt.ClaimStrings{auth.Audience},
		IssuedAt: jwt.NewNumericDate(now), ExpiresAt: jwt.NewNumericDate(now.Add(15 * time.Minute)), ID: "j1"}}
}

func sign(t *testing.T, m jwt.SigningMethod, key any, c jwt.Claims) string {
	t.Helper()
	s, err := jwt.NewWithClaims(m, c).SignedString(key)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestVerify(t *testing.T) {
	clock := domain.NewManualClock(now)
	tokens, err := auth.NewTokens(secret, clock)
	if err != nil {
		t.Fatal(err)
	}
	rsaKey, err := rsa.GenerateKey(rand.Reader, 2048)
	if err != nil {
		t.Fatal(err)
	}
	mod := func(f func(c *auth.Claims)) auth.Claims { c := goodClaims(); f(&c); return c }

	issued, _, err := tokens.Issue(account.AccessClaims{UserID: "user-1", OrgID: "org-1", Role: domain.RoleInstitute}, now)
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name  string
		token string
		ok    bool
	}{
		{"issued by the server", issued, true},
		{"hand-made valid HS256", sign(t, jwt.SigningMethodHS256, secret, goodClaims()), true},
		{"alg none", sign(t, jwt.SigningMethodNone, jwt.UnsafeAllowNoneSignatureType, goodClaims()), false},
		{"another algorithm HS512 with the same key", sign(t, jwt.SigningMethodHS512, secret, goodClaims()), false},
		{"another algorithm RS256", sign(t, jwt.SigningMethodRS256, rsaKey, goodClaims()), false},
		{"wrong key", sign(t, jwt.SigningMethodHS256, []byte("another-secret-another-secret-xx"), goodClaims()), false},
		{"wrong issuer", sign(t, jwt.SigningMethodHS256, secret, mod(func(c *auth.Claims) { c.Issuer = "evil" })), false},
		{"wrong audience", sign(t, jwt.SigningMethodHS256, secret, mod(func(c *auth.Claims) { c.Audience = jwt.ClaimStrings{"other"} })), false},
		{"no expiry", sign(t, jwt.SigningMethodHS256, secret, mod(func(c *auth.Claims) { c.ExpiresAt = nil })), false},
		{"expired", sign(t, jwt.SigningMethodHS256, secret, mod(func(c *auth.Claims) { c.ExpiresAt = jwt.NewNumericDate(now.Add(-time.Minute)) })), false},
		{"issued in the future", sign(t, jwt.SigningMethodHS256, secret, mod(func(c *auth.Claims) { c.IssuedAt = jwt.NewNumericDate(now.Add(time.Hour)) })), false},
		{"unknown role", sign(t, jwt.SigningMethodHS256, secret, mod(func(c *auth.Claims) { c.Role = "root" })), false},
		{"no subject", sign(t, jwt.SigningMethodHS256, secret, mod(func(c *auth.Claims) { c.Subject = "" })), false},
		{"garbage", "not.a.jwt", false},
		{"many dots (CVE-2025-30204)", strings.Repeat(".", 100000), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c, err := tokens.Verify(tc.token)
			if tc.ok {
				if err != nil {
					t.Fatalf("Verify: %v, want ok", err)
				}
				if c.UserID != "user-1" || c.OrgID != "org-1" || c.Role != domain.RoleInstitute {
					t.Fatalf("claims = %+v", c)
				}
				return
			}
			if err == nil {
				t.Fatal("Verify accepted a token it must refuse")
			}
			if domain.KindOf(err) != domain.KindUnauthenticated {
				t.Fatalf("error kind = %v, want unauthenticated", domain.KindOf(err))
			}
		})
	}

	t.Run("expires after 15 minutes on the clock", func(t *testing.T) {
		clock.Set(now.Add(auth.AccessTTL + time.Minute))
		defer clock.Set(now)
		if _, err := tokens.Verify(issued); err == nil {
			t.Fatal("an expired token was accepted")
		}
	})
}

func TestBcryptRefusesNothingSilently(t *testing.T) {
	b := auth.Bcrypt{Cost: 4}
	h, err := b.Hash("correct horse battery staple")
	if err != nil {
		t.Fatal(err)
	}
	if !b.Compare(h, "correct horse battery staple") || b.Compare(h, "correct horse battery stapl") {
		t.Fatal("bcrypt compare is wrong")
	}
	if _, err := b.Hash(strings.Repeat("x", 73)); err == nil {
		t.Fatal("a password over 72 bytes was hashed (bcrypt would silently truncate it)")
	}
}
