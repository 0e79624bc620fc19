package account

import (
	"context"
	"strings"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

func requireAdmin(a domain.Actor) error {
	if !a.Is(domain.RoleAdmin) {
		return domain.Forbidden(domain.Msg("only admins manage users", "只有平台管理员可以管理用户"))
	}
	return nil
}

// NewUser is an admin's request to create an account.
type NewUser struct {
	Email          string
	Password       string
	Name           string
	Role           string
	OrganizationID string
	// PasswordHash is Password hashed beforehand, for the system only: the
	// demo accounts share the published demo password, hashed once rather
	// than once per account at first start. Anyone else passing it is refused.
	PasswordHash string
}

// CreateUser makes an account of any role in any organization whose type fits
// the role (program managers belong to the government, institutes' staff to
// institutes and universities, and so on).
func (s *Service) CreateUser(ctx context.Context, actor domain.Actor, in NewUser) (User, error) {
	if err := requireAdmin(actor); err != nil {
		return User{}, err
	}
	if in.PasswordHash != "" && actor.UserID != domain.System().UserID {
		return User{}, domain.Forbidden(domain.Msg("only the system passes a password hash", "只有系统可以直接提供密码哈希"))
	}
	var u User
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		u, err = s.createUser(ctx, in)
		if err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, audit.Entry{Action: "user.create", Entity: "user", EntityID: u.ID,
			Changes: map[string]any{"email": u.Email, "name": u.Name, "role": u.Role, "organization_id": u.OrganizationID}})
	})
	return u, err
}

func (s *Service) createUser(ctx context.Context, in NewUser) (User, error) {
	var p domain.Problems
	email := normalizeEmail(in.Email)
	validateEmail(&p, "email", email)
	validatePassword(&p, "password", in.Password)
	name := strings.TrimSpace(in.Name)
	validateName(&p, "name", name)
	role, err := domain.ParseRole(in.Role)
	if err != nil {
		p.Add("role", domain.CodeOneOf, "allowed", roleList())
	}
	o, err := s.orgs.Get(ctx, in.OrganizationID)
	if domain.KindOf(err) == domain.KindNotFound {
		p.Add("organization_id", domain.CodeUnknownOrg)
	} else if err != nil {
		return User{}, err
	} else if role != "" && !o.Type.RoleFits(role) {
		p.Add("role", codeRoleMisfit, "role", role, "org_type", o.Type)
	}
	if err := p.Err(); err != nil {
		return User{}, err
	}
	hash := in.PasswordHash
	if hash == "" {
		if hash, err = s.hasher.Hash(in.Password); err != nil {
			return User{}, err
		}
	}
	now := s.clock.Now()
	u := User{ID: domain.NewID(), Email: email, Name: name, Role: role, OrganizationID: o.ID,
		PasswordHash: hash, Version: 1, CreatedAt: now, UpdatedAt: now}
	if err := s.users.Create(ctx, u); err != nil {
		if domain.KindOf(err) == domain.KindConflict {
			return User{}, domain.Conflict(domain.Msg("an account with this email already exists", "该邮箱已注册"))
		}
		return User{}, err
	}
	return u, nil
}

// UserPatch is an admin's change to a user.
type UserPatch struct {
	Role     *string
	Disabled *bool
	Name     *string
	Version  *int
}

// UpdateUser changes a user's role, name or disabled flag. Disabling revokes
// every session of the user at once.
func (s *Service) UpdateUser(ctx context.Context, actor domain.Actor, id string, in UserPatch) (User, error) {
	if err := requireAdmin(actor); err != nil {
		return User{}, err
	}
	var u User
	err := s.tx.InTx(ctx, func(ctx context.Context) error {
		var err error
		if u, err = s.users.Get(ctx, id); err != nil {
			return err
		}
		if err := domain.CheckVersion("user", id, u.Version, in.Version); err != nil {
			return err
		}
		var p domain.Problems
		var ch UserChanges
		changes := map[string]any{}
		if in.Role != nil {
			role, err := domain.ParseRole(*in.Role)
			if err != nil {
				p.Add("role", domain.CodeOneOf, "allowed", roleList())
			} else {
				o, err := s.orgs.Get(ctx, u.OrganizationID)
				if err != nil {
					return err
				}
				if !o.Type.RoleFits(role) {
					p.Add("role", codeRoleMisfit, "role", role, "org_type", o.Type)
				}
				ch.Role = &role
				changes["role"] = []string{string(u.Role), string(role)}
			}
		}
		if in.Name != nil {
			name := strings.TrimSpace(*in.Name)
			validateName(&p, "name", name)
			ch.Name = &name
			changes["name"] = []string{u.Name, name}
		}
		if in.Disabled != nil && *in.Disabled != u.Disabled {
			if *in.Disabled && id == actor.UserID {
				p.Add("disabled", codeDisableSelf)
			}
			act := map[bool]Action{true: ActDisable, false: ActEnable}[*in.Disabled]
			if _, err := Machine.Next(act, u.Status()); err != nil {
				return err
			}
			ch.Disabled = in.Disabled
			changes["disabled"] = []bool{u.Disabled, *in.Disabled}
		}
		if err := p.Err(); err != nil {
			return err
		}
		now := s.clock.Now()
		if err := s.users.Update(ctx, id, u.Version, ch, now); err != nil {
			return err
		}
		if in.Disabled != nil && *in.Disabled {
			if err := s.tokens.RevokeUser(ctx, id, now); err != nil {
				return err
			}
		}
		if u, err = s.users.Get(ctx, id); err != nil {
			return err
		}
		return s.audit.Record(ctx, actor, audit.Entry{Action: "user.update", Entity: "user", EntityID: id, Changes: changes})
	})
	return u, err
}

// GetUser is for admins.
func (s *Service) GetUser(ctx context.Context, actor domain.Actor, id string) (User, error) {
	if err := requireAdmin(actor); err != nil {
		return User{}, err
	}
	return s.users.Get(ctx, id)
}

// ListUsers pages through users, newest first: admins see everyone; program
// managers see the experts only (to assign reviewers).
func (s *Service) ListUsers(ctx context.Context, actor domain.Actor, f UserFilter, p domain.Page) (domain.List[User], error) {
	switch {
	case actor.Is(domain.RoleAdmin):
	case actor.Is(domain.RoleProgramManager):
		f.Role = domain.RoleExpert
	default:
		return domain.List[User]{}, domain.Forbidden(domain.Msg("only admins manage users", "只有平台管理员可以管理用户"))
	}
	return domain.Paginate(p, func(u User) string { return u.ID }, func(p domain.Page) ([]User, error) {
		return s.users.List(ctx, f, p)
	})
}

// EnsureAdmin creates an admin account with this email in orgID if no admin
// exists yet; it is safe to call on every start.
func (s *Service) EnsureAdmin(ctx context.Context, email, password, orgID string) (created bool, err error) {
	err = s.tx.InTx(ctx, func(ctx context.Context) error {
		exists, err := s.users.AnyWithRole(ctx, domain.RoleAdmin)
		if err != nil || exists {
			return err
		}
		u, err := s.createUser(ctx, NewUser{Email: email, Password: password, Name: "Administrator",
			Role: string(domain.RoleAdmin), OrganizationID: orgID})
		if err != nil {
			return err
		}
		created = true
		return s.audit.Record(ctx, domain.System(), audit.Entry{Action: "user.create", Entity: "user", EntityID: u.ID,
			Changes: map[string]any{"email": u.Email, "role": u.Role, "organization_id": orgID, "reason": "bootstrap admin"}})
	})
	return created, err
}

// Organization is exposed for callers that need the type of a user's organization.
func (s *Service) Organization(ctx context.Context, id string) (org.Organization, error) {
	return s.orgs.Get(ctx, id)
}
