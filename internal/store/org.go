package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
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
		return domain.Conflict(domain.Msg("an organization with this unified social credit code is already registered", "该统一社会信用代码的单位已注册"))
	}
	return err
}

func (s *Organizations) Get(ctx context.Context, id string) (org.Organization, error) {
	var row orgRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return org.Organization{}, domain.NotFound(domain.Msg("organization %s not found", "未找到单位 %s"), id)
		}
		return org.Organization{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Organizations) List(ctx context.Context, f org.Filter, p domain.Page) ([]org.Organization, error) {
	q := s.db.conn(ctx).Model(&orgRow{})
	switch {
	case f.Status != "":
		q = q.Where("status = ?", string(f.Status))
	case !f.IncludePending:
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
	return guarded(res, "organization", id)
}

// Names names the organizations of ids (one query).
func (s *Organizations) Names(ctx context.Context, ids []string) (map[string]string, error) {
	out := map[string]string{}
	if ids = distinct(ids); len(ids) == 0 {
		return out, nil
	}
	var rows []struct{ ID, Name string }
	if err := s.db.conn(ctx).Model(&orgRow{}).Select("id, name").Where("id IN ?", ids).Scan(&rows).Error; err != nil {
		return nil, translate(err)
	}
	for _, r := range rows {
		out[r.ID] = r.Name
	}
	return out, nil
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
