package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

type orgRow struct {
	ID         string `gorm:"primaryKey"`
	Name       string
	Type       string
	Tier       string
	CreditCode string
	Country    string
	District   string
	Status     string
	Version    int
	CreatedAt  time.Time
	UpdatedAt  time.Time
}

func (orgRow) TableName() string { return "organizations" }

func (r orgRow) domain() org.Organization {
	return org.Organization{ID: r.ID, Name: r.Name, Type: org.Type(r.Type), Tier: org.Tier(r.Tier),
		CreditCode: r.CreditCode, Country: r.Country, District: r.District, Status: org.Status(r.Status),
		Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

// Organizations implements org.Repository.
type Organizations struct{ db *DB }

func (db *DB) Organizations() *Organizations { return &Organizations{db} }

func (s *Organizations) Create(ctx context.Context, o org.Organization) error {
	row := orgRow{ID: o.ID, Name: o.Name, Type: string(o.Type), Tier: string(o.Tier), CreditCode: o.CreditCode,
		Country: o.Country, District: o.District, Status: string(o.Status), Version: o.Version,
		CreatedAt: o.CreatedAt.UTC(), UpdatedAt: o.UpdatedAt.UTC()}
	err := translate(s.db.conn(ctx).Create(&row).Error)
	if domain.KindOf(err) == domain.KindConflict {
		return domain.Conflict("an organization with this unified social credit code is already registered")
	}
	return err
}

func (s *Organizations) Get(ctx context.Context, id string) (org.Organization, error) {
	var row orgRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return org.Organization{}, domain.NotFound("organization %s not found", id)
		}
		return org.Organization{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Organizations) List(ctx context.Context, f org.Filter, p domain.Page) ([]org.Organization, error) {
	q := s.db.conn(ctx).Model(&orgRow{})
	if !f.IncludePending {
		q = q.Where("status = ?", string(org.StatusVerified))
	}
	if f.Type != "" {
		q = q.Where("type = ?", string(f.Type))
	}
	if f.Query != "" {
		q = q.Where("LOWER(name) LIKE ? ESCAPE '\\'", likePattern(f.Query))
	}
	if p.After != "" {
		q = q.Where("id < ?", p.After)
	}
	var rows []orgRow
	if err := q.Order("id DESC").Limit(p.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]org.Organization, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Organizations) SetStatus(ctx context.Context, id string, from, to org.Status, version int, at time.Time) error {
	res := s.db.conn(ctx).Model(&orgRow{}).Where("id = ? AND status = ? AND version = ?", id, string(from), version).
		Updates(map[string]any{"status": string(to), "version": gorm.Expr("version + 1"), "updated_at": at.UTC()})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Conflict("organization %s was changed by someone else: reload and try again", id)
	}
	return nil
}

// likePattern makes a case-insensitive substring pattern, escaping LIKE's wildcards.
func likePattern(q string) string {
	q = strings.ToLower(strings.TrimSpace(q))
	q = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(q)
	return "%" + q + "%"
}

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
	var row userRow
	if err := s.db.conn(ctx).Where(col+" = ?", val).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return account.User{}, domain.NotFound("user %s not found", what)
		}
		return account.User{}, translate(err)
	}
	return row.domain(), nil
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
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Conflict("user %s was changed by someone else: reload and try again", id)
	}
	return nil
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
			return account.RefreshToken{}, domain.NotFound("refresh token not found")
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

// ByCreditCodes returns the organizations with these credit codes (one query).
func (s *Organizations) ByCreditCodes(ctx context.Context, codes []string) ([]org.Organization, error) {
	return s.findIn(ctx, "credit_code", codes)
}

// ByNames returns the organizations with these exact names (one query).
func (s *Organizations) ByNames(ctx context.Context, names []string) ([]org.Organization, error) {
	return s.findIn(ctx, "name", names)
}

func (s *Organizations) findIn(ctx context.Context, col string, vals []string) ([]org.Organization, error) {
	if len(vals) == 0 {
		return nil, nil
	}
	var rows []orgRow
	if err := s.db.conn(ctx).Where(col+" IN ?", vals).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]org.Organization, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}
