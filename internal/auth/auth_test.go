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

// TestKeyRotation: a rotated key keeps verifying the tokens it signed while
// it is listed as previous; new tokens name the current key; a token naming
// a key the server does not hold, or a previous key's kid with another
// key's signature, is refused; a token from before kids uses the current key.
func TestKeyRotation(t *testing.T) {
	clock := domain.NewManualClock(now)
	oldKey := []byte("old-old-old-old-old-old-old-old-old!")
	newKey := []byte("new-new-new-new-new-new-new-new-new!")
	claims := account.AccessClaims{UserID: "user-1", OrgID: "org-1", Role: domain.RoleInstitute}
	before, err := auth.NewTokens(oldKey, clock)
	if err != nil {
		t.Fatal(err)
	}
	oldToken, _, err := before.Issue(claims, now)
	if err != nil {
		t.Fatal(err)
	}
	after, err := auth.NewTokens(newKey, clock, oldKey)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := after.Verify(oldToken); err != nil {
		t.Fatalf("a token of the previous key is refused: %v", err)
	}
	newToken, _, err := after.Issue(claims, now)
	if err != nil {
		t.Fatal(err)
	}
	parsed, _, err := jwt.NewParser().ParseUnverified(newToken, &auth.Claims{})
	if err != nil || parsed.Header["kid"] != auth.KeyID(newKey) {
		t.Fatalf("the new token's kid %v, want %s (%v)", parsed.Header["kid"], auth.KeyID(newKey), err)
	}
	if auth.KeyID(newKey) == auth.KeyID(oldKey) || strings.Contains(newToken, string(newKey)) {
		t.Fatal("key ids must tell keys apart and never carry the key")
	}
	// Once the old key is dropped, its tokens are refused.
	only, err := auth.NewTokens(newKey, clock)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := only.Verify(oldToken); err == nil {
		t.Fatal("a dropped key's token verifies")
	}
	if _, err := only.Verify(newToken); err != nil {
		t.Fatalf("the current key's token: %v", err)
	}
	// A kid naming the previous key on a token signed with a third key.
	forged := jwt.NewWithClaims(jwt.SigningMethodHS256, goodClaims())
	forged.Header["kid"] = auth.KeyID(oldKey)
	s, err := forged.SignedString([]byte("third-third-third-third-third-third!"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := after.Verify(s); err == nil {
		t.Fatal("a forged token naming the previous key verifies")
	}
	unknown := jwt.NewWithClaims(jwt.SigningMethodHS256, goodClaims())
	unknown.Header["kid"] = "0000000000000000"
	if s, err = unknown.SignedString(newKey); err != nil {
		t.Fatal(err)
	}
	if _, err := after.Verify(s); err == nil {
		t.Fatal("a token naming an unknown key verifies")
	}
	// Before kids: no kid, the current key.
	if _, err := after.Verify(sign(t, jwt.SigningMethodHS256, newKey, goodClaims())); err != nil {
		t.Fatalf("a token without a kid, signed with the current key: %v", err)
	}
	if _, err := after.Verify(sign(t, jwt.SigningMethodHS256, oldKey, goodClaims())); err == nil {
		t.Fatal("a token without a kid verifies with a previous key")
	}
	if _, err := auth.NewTokens(newKey, clock, []byte("short")); err == nil {
		t.Fatal("a short previous secret is accepted")
	}
}
