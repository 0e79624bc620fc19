package account

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"sync"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

// RefreshTTL is how long a refresh token stays valid if unused.
const RefreshTTL = 14 * 24 * time.Hour

// Service is the account use cases.
type Service struct {
	users     Repository
	tokens    TokenRepository
	orgs      OrgLookup
	hasher    PasswordHasher
	access    AccessTokens
	tx        domain.Transactor
	audit     *audit.Service
	clock     domain.Clock
	throttle  *LoginThrottle
	ref       reference.Lookup
	dummyHash func() (string, error) // a real hash compared for unknown emails
}

// Deps are the service's collaborators.
type Deps struct {
	Users     Repository
	Tokens    TokenRepository
	Orgs      OrgLookup
	Hasher    PasswordHasher
	Access    AccessTokens
	Tx        domain.Transactor
	Audit     *audit.Service
	Clock     domain.Clock
	Throttle  *LoginThrottle
	Reference reference.Lookup
}

func NewService(d Deps) (*Service, error) {
	// Comparing against a real hash for unknown emails makes a login take as
	// long whether the email exists or not. It is computed in the background
	// (a start does not wait for it); a login that needs it first waits.
	dummy := sync.OnceValues(func() (string, error) { return d.Hasher.Hash("not-a-password-of-anyone") })
	go func() { _, _ = dummy() }()
	return &Service{users: d.Users, tokens: d.Tokens, orgs: d.Orgs, hasher: d.Hasher, access: d.Access,
		tx: d.Tx, audit: d.Audit, clock: d.Clock, throttle: d.Throttle, ref: d.Reference,
		dummyHash: dummy}, nil
}

// Registration is a self-registration: a new organization and its first user.
type Registration struct {
	Organization org.Draft
	Email        string
	Password     string
	Name         string
}

// Register creates a pending organization and its first user, whose role
// follows the organization's type. Government organizations are made by admins.
func (s *Service) Register(ctx context.Context, actor domain.Actor, r Registration) (org.Organization, User, error) {
	var o org.Organization
	var u User
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var p domain.Problems
		var err error
		if o, p, err = r.Organization.Check(ctx, s.ref, "organization."); err != nil {
			return err
		}
		role, ok := o.Type.DefaultRole()
		if o.Type == org.TypeGovernment {
			p.Add("organization.type", codeNoGovernmentSignUp)
		}
		email := normalizeEmail(r.Email)
		validateEmail(&p, "user.email", email)
		validatePassword(&p, "user.password", r.Password)
		name := strings.TrimSpace(r.Name)
		validateName(&p, "user.name", name)
		if err := p.Err(); err != nil {
			return err
		}
		if !ok {
			return domain.Invalid(domain.Msg("this organization type cannot self-register", "此类单位不能自行注册"))
		}
		hash, err := s.hasher.Hash(r.Password)
		if err != nil {
			return err
		}
		now := s.clock.Now()
		o.ID, o.Status, o.Version, o.CreatedAt, o.UpdatedAt = domain.NewID(), org.StatusPending, 1, now, now
		u = User{ID: domain.NewID(), Email: email, Name: name, Role: role, OrganizationID: o.ID,
			PasswordHash: hash, Version: 1, CreatedAt: now, UpdatedAt: now}
		if err := s.orgs.Create(ctx, o); err != nil {
			return err
		}
		if err := s.users.Create(ctx, u); err != nil {
			if domain.KindOf(err) == domain.KindConflict {
				return domain.Conflict(domain.Msg("an account with this email already exists", "该邮箱已注册"))
			}
			return err
		}
		who := actor
		who.UserID, who.OrgID, who.Role = u.ID, o.ID, role
		if err := s.audit.Record(ctx, who, audit.Entry{Action: "organization.register", Entity: "organization", EntityID: o.ID,
			Changes: map[string]any{"name": o.Name, "type": o.Type, "tier": o.Tier, "credit_code": o.CreditCode, "country": o.Country, "district": o.District}}); err != nil {
			return err
		}
		return s.audit.Record(ctx, who, audit.Entry{Action: "user.register", Entity: "user", EntityID: u.ID,
			Changes: map[string]any{"email": u.Email, "name": u.Name, "role": u.Role, "organization_id": o.ID}})
	})
	return o, u, err
}

// Session is what a successful sign-in or refresh hands out.
type Session struct {
	AccessToken  string
	RefreshToken string
	ExpiresIn    time.Duration
	User         User
}

func newOpaqueToken() (token, hash string, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", "", err
	}
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken is how refresh tokens are kept at rest.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

var errBadCredentials = domain.Unauthenticated(domain.Msg("wrong email or password", "邮箱或密码错误"))

// Login checks the password and starts a new session (a new token family).
func (s *Service) Login(ctx context.Context, origin domain.Origin, email, password string) (Session, error) {
	email = normalizeEmail(email)
	now := s.clock.Now()
	if err := s.throttle.Allow(email, origin.IP, now); err != nil {
		return Session{}, err
	}
	u, err := s.users.GetByEmail(ctx, email)
	if err != nil && domain.KindOf(err) != domain.KindNotFound {
		return Session{}, err
	}
	found := err == nil
	hash, err := s.dummyHash()
	if err != nil {
		return Session{}, err
	}
	if found {
		hash = u.PasswordHash
	}
	match := s.hasher.Compare(hash, password)
	if !found || !match || u.Disabled {
		s.throttle.Fail(email, origin.IP, now)
		who := domain.Anonymous(origin)
		_ = s.audit.RecordDenied(ctx, who, audit.Entry{Action: "auth.login_failed", Entity: "user",
			Changes: map[string]any{"email": email}})
		return Session{}, errBadCredentials
	}
	s.throttle.Succeed(email, origin.IP, now)
	var sess Session
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		sess, err = s.startSession(ctx, u, domain.NewID(), now)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, actorOf(u, origin), audit.Entry{Action: "auth.login", Entity: "user", EntityID: u.ID})
	})
	return sess, err
}

func actorOf(u User, origin domain.Origin) domain.Actor {
	return domain.Actor{UserID: u.ID, OrgID: u.OrganizationID, Role: u.Role, Origin: origin}
}

func (s *Service) startSession(ctx context.Context, u User, family string, now time.Time) (Session, error) {
	access, ttl, err := s.access.Issue(AccessClaims{UserID: u.ID, OrgID: u.OrganizationID, Role: u.Role}, now)
	if err != nil {
		return Session{}, err
	}
	token, hash, err := newOpaqueToken()
	if err != nil {
		return Session{}, err
	}
	rt := RefreshToken{ID: domain.NewID(), FamilyID: family, UserID: u.ID, Hash: hash,
		ExpiresAt: now.Add(RefreshTTL), CreatedAt: now}
	if err := s.tokens.Create(ctx, rt); err != nil {
		return Session{}, err
	}
	return Session{AccessToken: access, RefreshToken: token, ExpiresIn: ttl, User: u}, nil
}

var errBadRefresh = domain.Unauthenticated(domain.Msg("the refresh token is invalid, expired or already used: sign in again", "登录已失效，请重新登录"))

// Refresh spends a refresh token and hands out a new pair in the same family.
// Presenting a spent token is taken as theft: the whole family is revoked.
func (s *Service) Refresh(ctx context.Context, origin domain.Origin, token string) (Session, error) {
	now := s.clock.Now()
	var sess Session
	reused := false
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		rt, err := s.tokens.GetByHash(ctx, HashToken(token))
		if domain.KindOf(err) == domain.KindNotFound {
			return errBadRefresh
		} else if err != nil {
			return err
		}
		if rt.RevokedAt != nil || !now.Before(rt.ExpiresAt) {
			return errBadRefresh
		}
		spent := rt.UsedAt != nil
		if !spent {
			ok, err := s.tokens.MarkUsed(ctx, rt.ID, now)
			if err != nil {
				return err
			}
			spent = !ok
		}
		if spent {
			reused = true
			if err := s.tokens.RevokeFamily(ctx, rt.FamilyID, now); err != nil {
				return err
			}
			who := domain.Anonymous(origin)
			who.UserID = rt.UserID
			return s.audit.Record(ctx, who, audit.Entry{Action: "auth.refresh_reuse", Entity: "user", EntityID: rt.UserID,
				Changes: map[string]any{"family_revoked": rt.FamilyID}})
		}
		u, err := s.users.Get(ctx, rt.UserID)
		if err != nil {
			return err
		}
		if u.Disabled {
			return errBadRefresh
		}
		if sess, err = s.startSession(ctx, u, rt.FamilyID, now); err != nil {
			return err
		}
		return s.audit.Record(ctx, actorOf(u, origin), audit.Entry{Action: "auth.refresh", Entity: "user", EntityID: u.ID})
	})
	if err == nil && reused {
		// The revocation is committed; the caller still gets no session.
		return Session{}, errBadRefresh
	}
	return sess, err
}

// Logout revokes the family of the given refresh token, if it is the caller's.
func (s *Service) Logout(ctx context.Context, actor domain.Actor, token string) error {
	now := s.clock.Now()
	return s.tx.InTx(ctx, func(ctx context.Context) error {
		rt, err := s.tokens.GetByHash(ctx, HashToken(token))
		if domain.KindOf(err) == domain.KindNotFound || (err == nil && rt.UserID != actor.UserID) {
			return errBadRefresh
		} else if err != nil {
			return err
		}
		if err := s.tokens.RevokeFamily(ctx, rt.FamilyID, now); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, audit.Entry{Action: "auth.logout", Entity: "user", EntityID: actor.UserID})
	})
}

// Authenticate turns a verified token's claims into the request's actor, after
// checking the user still exists, is enabled and still has that role in that
// organization: a disabled user or a changed role takes effect at once.
func (s *Service) Authenticate(ctx context.Context, c AccessClaims, origin domain.Origin) (domain.Actor, error) {
	u, err := s.users.Get(ctx, c.UserID)
	if domain.KindOf(err) == domain.KindNotFound {
		return domain.Actor{}, domain.Unauthenticated(domain.Msg("the account of this token no longer exists", "该账号已不存在"))
	} else if err != nil {
		return domain.Actor{}, err
	}
	switch {
	case u.Disabled:
		return domain.Actor{}, domain.Unauthenticated(domain.Msg("this account is disabled", "该账号已停用"))
	case u.Role != c.Role || u.OrganizationID != c.OrgID:
		return domain.Actor{}, domain.Unauthenticated(domain.Msg("this account's role has changed: sign in again", "账号角色已变更，请重新登录"))
	}
	return actorOf(u, origin), nil
}

// Me returns the caller's user and organization.
func (s *Service) Me(ctx context.Context, actor domain.Actor) (User, org.Organization, error) {
	u, err := s.users.Get(ctx, actor.UserID)
	if err != nil {
		return User{}, org.Organization{}, err
	}
	o, err := s.orgs.Get(ctx, u.OrganizationID)
	return u, o, err
}
