// Package auth issues and verifies access tokens (JWT, HS256) and hashes
// passwords (bcrypt). It knows nothing of HTTP or the database.
package auth

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"golang.org/x/crypto/bcrypt"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
)

const (
	Issuer    = "kcyj2035-portfolio"
	Audience  = "kcyj2035-portfolio-api"
	AccessTTL = 15 * time.Minute
	leeway    = 30 * time.Second
)

// Claims is the access token's payload.
type Claims struct {
	Org  string `json:"org"`
	Role string `json:"role"`
	jwt.RegisteredClaims
}

// Tokens signs access tokens with the current secret, naming it in the
// header (kid), and verifies them with the secret the kid names: the
// current one or a previous one kept for verification only, so that a
// rotated key does not sign anybody out (their tokens live until they
// expire, AccessTTL at most). A token without a kid (issued before kids)
// is verified with the current secret.
type Tokens struct {
	secret []byte
	kid    string
	keys   map[string][]byte // by kid: the current secret and the previous ones
	clock  domain.Clock
}

// KeyID names a secret without revealing it: the first 16 hex digits of its
// SHA-256.
func KeyID(secret []byte) string {
	sum := sha256.Sum256(secret)
	return hex.EncodeToString(sum[:8])
}

func NewTokens(secret []byte, clock domain.Clock, previous ...[]byte) (*Tokens, error) {
	if len(secret) < 32 {
		return nil, errors.New("the JWT secret must be at least 32 bytes")
	}
	t := &Tokens{secret: secret, kid: KeyID(secret), keys: map[string][]byte{}, clock: clock}
	for i, p := range previous {
		if len(p) < 32 {
			return nil, fmt.Errorf("previous JWT secret %d must be at least 32 bytes", i+1)
		}
		t.keys[KeyID(p)] = p
	}
	t.keys[t.kid] = secret
	return t, nil
}

// key finds the secret a token's header names.
func (t *Tokens) key(tok *jwt.Token) (any, error) {
	kid, ok := tok.Header["kid"]
	if !ok {
		return t.secret, nil
	}
	s, _ := kid.(string)
	if k, ok := t.keys[s]; ok {
		return k, nil
	}
	return nil, errors.New("the token names a key this server does not hold")
}

// Issue implements account.AccessTokens.
func (t *Tokens) Issue(c account.AccessClaims, now time.Time) (string, time.Duration, error) {
	claims := Claims{
		Org:  c.OrgID,
		Role: string(c.Role),
		RegisteredClaims: jwt.RegisteredClaims{
			Subject:   c.UserID,
			Issuer:    Issuer,
			Audience:  jwt.ClaimStrings{Audience},
			IssuedAt:  jwt.NewNumericDate(now),
			ExpiresAt: jwt.NewNumericDate(now.Add(AccessTTL)),
			ID:        domain.NewID(),
		},
	}
	tok := jwt.NewWithClaims(jwt.SigningMethodHS256, claims)
	tok.Header["kid"] = t.kid
	s, err := tok.SignedString(t.secret)
	return s, AccessTTL, err
}

// Verify checks the signature, algorithm, issuer, audience and expiry (all
// required) and returns the claims. Any failure is an Unauthenticated error.
func (t *Tokens) Verify(token string) (account.AccessClaims, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, t.key,
		jwt.WithValidMethods([]string{jwt.SigningMethodHS256.Alg()}),
		jwt.WithIssuer(Issuer),
		jwt.WithAudience(Audience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithLeeway(leeway),
		jwt.WithTimeFunc(t.clock.Now),
	)
	if err != nil {
		msg := "the access token is invalid"
		if errors.Is(err, jwt.ErrTokenExpired) {
			msg = "the access token has expired: refresh it or sign in again"
		}
		return account.AccessClaims{}, &domain.Error{Kind: domain.KindUnauthenticated, Message: msg, Err: err}
	}
	role, err := domain.ParseRole(c.Role)
	if err != nil || c.Subject == "" || c.Org == "" {
		return account.AccessClaims{}, domain.Unauthenticated(domain.Msg("the access token is invalid", "访问令牌无效，请重新登录"))
	}
	return account.AccessClaims{UserID: c.Subject, OrgID: c.Org, Role: role}, nil
}

// Bcrypt hashes passwords with bcrypt at a configurable cost.
type Bcrypt struct{ Cost int }

func (b Bcrypt) Hash(password string) (string, error) {
	h, err := bcrypt.GenerateFromPassword([]byte(password), b.Cost)
	if err != nil {
		return "", fmt.Errorf("hash password: %w", err)
	}
	return string(h), nil
}

func (b Bcrypt) Compare(hash, password string) bool {
	return bcrypt.CompareHashAndPassword([]byte(hash), []byte(password)) == nil
}
