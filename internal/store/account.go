package store

import (
	"context"
	"fmt"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
)

type userRow struct {
	ID             string `gorm:"primaryKey"`
	Email          string
	Name           string
	Role           string
	OrganizationID string
	Disabled       bool
	PasswordHash   string
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (userRow) TableName() string { return "users" }

// targets: every authenticated request reads its user (scanAll).
func (r *userRow) targets(cols []string) ([]any, error) {
	out := make([]any, len(cols))
	for i, c := range cols {
		switch c {
		case "id":
			out[i] = &r.ID
		case "email":
			out[i] = &r.Email
		case "name":
			out[i] = &r.Name
		case "role":
			out[i] = &r.Role
		case "organization_id":
			out[i] = &r.OrganizationID
		case "disabled":
			out[i] = &r.Disabled
		case "password_hash":
			out[i] = &r.PasswordHash
		case "version":
			out[i] = &r.Version
		case "created_at":
			out[i] = &r.CreatedAt
		case "updated_at":
			out[i] = &r.UpdatedAt
		default:
			return nil, fmt.Errorf("users: no field for column %q", c)
		}
	}
	return out, nil
}

func (r userRow) domain() account.User {
	return account.User{ID: r.ID, Email: r.Email, Name: r.Name, Role: domain.Role(r.Role),
		OrganizationID: r.OrganizationID, Disabled: r.Disabled, PasswordHash: r.PasswordHash,
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// Users implements account.Repository.
type Users struct{ db *DB }

func (db *DB) Users() *Users { return &Users{db} }

func (s *Users) Create(ctx context.Context, u account.User) error {
	row := userRow{ID: u.ID, Email: u.Email, Name: u.Name, Role: string(u.Role), OrganizationID: u.OrganizationID,
		Disabled: u.Disabled, PasswordHash: u.PasswordHash, Version: u.Version,
		CreatedAt: u.CreatedAt.UTC(), UpdatedAt: u.UpdatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Users) take(ctx context.Context, what, col, val string) (account.User, error) {
	rows, err := scanAll[userRow](s.db.conn(ctx).Model(&userRow{}).Where(col+" = ?", val).Limit(1))
	if err != nil {
		return account.User{}, err
	}
	if len(rows) == 0 {
		return account.User{}, domain.NotFound(domain.Msg("user %s not found", "未找到用户 %s"), what)
	}
	return rows[0].domain(), nil
}

func (s *Users) Get(ctx context.Context, id string) (account.User, error) {
	return s.take(ctx, id, "id", id)
}

func (s *Users) GetByEmail(ctx context.Context, email string) (account.User, error) {
	return s.take(ctx, "with this email", "email", email)
}

func (s *Users) List(ctx context.Context, f account.UserFilter, p domain.Page) ([]account.User, error) {
	q := s.db.conn(ctx).Model(&userRow{})
	if f.OrganizationID != "" {
		q = q.Where("organization_id = ?", f.OrganizationID)
	}
	if f.Role != "" {
		q = q.Where("role = ?", string(f.Role))
	}
	if f.Query != "" {
		pat := likePattern(f.Query)
		q = q.Where("(LOWER(name) LIKE ? ESCAPE '\\' OR email LIKE ? ESCAPE '\\')", pat, pat)
	}
	if p.After != "" {
		q = q.Where("id < ?", p.After)
	}
	var rows []userRow
	if err := q.Order("id DESC").Limit(p.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]account.User, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Users) Update(ctx context.Context, id string, version int, ch account.UserChanges, at time.Time) error {
	cols := map[string]any{"version": gorm.Expr("version + 1"), "updated_at": at.UTC()}
	if ch.Role != nil {
		cols["role"] = string(*ch.Role)
	}
	if ch.Disabled != nil {
		cols["disabled"] = *ch.Disabled
	}
	if ch.Name != nil {
		cols["name"] = *ch.Name
	}
	res := s.db.conn(ctx).Model(&userRow{}).Where("id = ? AND version = ?", id, version).Updates(cols)
	return guarded(res, "user", id)
}

// Names names users by id, in one query.
func (s *Users) Names(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if ids = distinct(ids); len(ids) == 0 {
		return out, nil
	}
	var rows []struct{ ID, Name string }
	if err := s.db.conn(ctx).Model(&userRow{}).Select("id, name").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
}

func (s *Users) AnyWithRole(ctx context.Context, r domain.Role) (bool, error) {
	var n int64
	err := s.db.conn(ctx).Model(&userRow{}).Where("role = ?", string(r)).Limit(1).Count(&n).Error
	return n > 0, translate(err)
}

type refreshTokenRow struct {
	ID        string `gorm:"primaryKey"`
	FamilyID  string
	UserID    string
	TokenHash string
	ExpiresAt time.Time
	UsedAt    *time.Time
	RevokedAt *time.Time
	CreatedAt time.Time
}

func (refreshTokenRow) TableName() string { return "refresh_tokens" }

// RefreshTokens implements account.TokenRepository.
type RefreshTokens struct{ db *DB }

func (db *DB) RefreshTokens() *RefreshTokens { return &RefreshTokens{db} }

func (s *RefreshTokens) Create(ctx context.Context, t account.RefreshToken) error {
	row := refreshTokenRow{ID: t.ID, FamilyID: t.FamilyID, UserID: t.UserID, TokenHash: t.Hash,
		ExpiresAt: t.ExpiresAt.UTC(), CreatedAt: t.CreatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *RefreshTokens) GetByHash(ctx context.Context, hash string) (account.RefreshToken, error) {
	var r refreshTokenRow
	if err := s.db.conn(ctx).Where("token_hash = ?", hash).Take(&r).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return account.RefreshToken{}, domain.NotFound(domain.Msg("refresh token not found", "登录凭据不存在"))
		}
		return account.RefreshToken{}, translate(err)
	}
	return account.RefreshToken{ID: r.ID, FamilyID: r.FamilyID, UserID: r.UserID, Hash: r.TokenHash,
		ExpiresAt: r.ExpiresAt.UTC(), UsedAt: r.UsedAt, RevokedAt: r.RevokedAt, CreatedAt: r.CreatedAt.UTC()}, nil
}

func (s *RefreshTokens) MarkUsed(ctx context.Context, id string, at time.Time) (bool, error) {
	res := s.db.conn(ctx).Model(&refreshTokenRow{}).Where("id = ? AND used_at IS NULL", id).Update("used_at", at.UTC())
	return res.RowsAffected == 1, translate(res.Error)
}

func (s *RefreshTokens) RevokeFamily(ctx context.Context, familyID string, at time.Time) error {
	return translate(s.db.conn(ctx).Model(&refreshTokenRow{}).
		Where("family_id = ? AND revoked_at IS NULL", familyID).Update("revoked_at", at.UTC()).Error)
}

func (s *RefreshTokens) RevokeUser(ctx context.Context, userID string, at time.Time) error {
	return translate(s.db.conn(ctx).Model(&refreshTokenRow{}).
		Where("user_id = ? AND revoked_at IS NULL", userID).Update("revoked_at", at.UTC()).Error)
}
