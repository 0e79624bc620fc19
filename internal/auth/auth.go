// Package auth issues and verifies access tokens (JWT, HS256) and hashes
// passwords (bcrypt). It knows nothing of HTTP or the database.
package auth

import (
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

// Tokens signs and verifies access tokens with one secret.
type Tokens struct {
	secret []byte
	clock  domain.Clock
}

func NewTokens(secret []byte, clock domain.Clock) (*Tokens, error) {
	if len(secret) < 32 {
		return nil, errors.New("the JWT secret must be at least 32 bytes")
	}
	return &Tokens{secret: secret, clock: clock}, nil
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
	s, err := jwt.NewWithClaims(jwt.SigningMethodHS256, claims).SignedString(t.secret)
	return s, AccessTTL, err
}

// Verify checks the signature, algorithm, issuer, audience and expiry (all
// required) and returns the claims. Any failure is an Unauthenticated error.
func (t *Tokens) Verify(token string) (account.AccessClaims, error) {
	var c Claims
	_, err := jwt.ParseWithClaims(token, &c, func(*jwt.Token) (any, error) { return t.secret, nil },
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
		return account.AccessClaims{}, domain.Unauthenticated("the access token is invalid")
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
