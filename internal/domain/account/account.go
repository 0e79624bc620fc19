// Package account owns users and sessions: self-registration, sign-in with
// rotating refresh tokens, the per-request check of who a token belongs to, and
// admins' management of users.
package account

import (
	"net/mail"
	"strings"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// User is a person with one role in one organization.
type User struct {
	ID             string
	Email          string
	Name           string
	Role           domain.Role
	OrganizationID string
	Disabled       bool
	PasswordHash   string
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

// UserChanges is a partial update of a user; nil fields stay.
type UserChanges struct {
	Role     *domain.Role
	Disabled *bool
	Name     *string
}

// UserFilter narrows an admin's listing.
type UserFilter struct {
	OrganizationID string
	Role           domain.Role
	Query          string
}

// RefreshToken is one link of a session's rotation chain (its family).
type RefreshToken struct {
	ID        string
	FamilyID  string
	UserID    string
	Hash      string // SHA-256 of the opaque token: the token itself is never stored
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
	CreatedAt time.Time
}

// AccessClaims is what an access token says about its holder.
type AccessClaims struct {
	UserID string
	OrgID  string
	Role   domain.Role
}

const (
	minPasswordBytes = 10
	// bcrypt reads only 72 bytes: longer passwords are refused rather than cut.
	maxPasswordBytes = 72
)

func normalizeEmail(s string) string { return strings.ToLower(strings.TrimSpace(s)) }

func validateEmail(p *domain.Problems, field, email string) {
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || len(email) > 254 {
		p.Add(field, domain.CodeEmail)
	}
}

func validatePassword(p *domain.Problems, field, pw string) {
	switch {
	case len(pw) < minPasswordBytes:
		p.Add(field, domain.CodeTooShort, "min", minPasswordBytes)
	case len(pw) > maxPasswordBytes:
		p.Add(field, codePasswordTooLong, "max", maxPasswordBytes)
	}
}

func validateName(p *domain.Problems, field, name string) {
	p.TextLen(field, &name, 1, 100)
}

// The problems particular to accounts.
var (
	codePasswordTooLong    = domain.NewCode("password.too_long", "must be at most {max} bytes", "不能超过 {max} 字节")
	codeRoleMisfit         = domain.NewCode("role.misfit", "a {role} cannot work for an organization of type {org_type}", "「{org_type}」类单位的人员不能担任「{role}」")
	codeDisableSelf        = domain.NewCode("account.disable_self", "you cannot disable your own account", "不能停用自己的账号")
	codeNoGovernmentSignUp = domain.NewCode("organization.government_sign_up", "government organizations are created by admins, not by registration", "政府机关由平台管理员创建，不能自行注册")
)

func roleList() string { return domain.EnumList(domain.Roles()) }

// Label says an account's status in lang.
func (s Status) Label(l domain.Lang) string { return domain.StatusLabel(string(s), l) }
