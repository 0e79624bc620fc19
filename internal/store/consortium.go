package store

import (
	"context"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/consortium"
)

type consortiumRow struct {
	ID          string `gorm:"primaryKey"`
	Name        string
	Model       string
	FieldID     *string
	Description string
	LeadOrgID   string
	Status      string
	ApprovedAt  *time.Time
	DissolvedAt *time.Time
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (consortiumRow) TableName() string { return "consortia" }

func (r consortiumRow) domain() consortium.Consortium {
	return consortium.Consortium{ID: r.ID, Name: r.Name, Model: consortium.Model(r.Model), FieldID: deref(r.FieldID),
		Description: r.Description, LeadOrgID: r.LeadOrgID, Status: consortium.Status(r.Status), ApprovedAt: utcPtr(r.ApprovedAt),
		DissolvedAt: utcPtr(r.DissolvedAt), Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

type consortiumMemberRow struct {
	ID             string `gorm:"primaryKey"`
	ConsortiumID   string
	OrganizationID string
	Role           string
	EquityBP       int `gorm:"column:equity_bp"`
	Status         string
	InvitedAt      time.Time
	JoinedAt       *time.Time
	EndedAt        *time.Time
	Version        int
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (consortiumMemberRow) TableName() string { return "consortium_members" }

func (r consortiumMemberRow) domain() consortium.Membership {
	return consortium.Membership{ID: r.ID, ConsortiumID: r.ConsortiumID, OrganizationID: r.OrganizationID,
		Role: consortium.Role(r.Role), EquityBP: r.EquityBP, Status: consortium.MemberStatus(r.Status),
		InvitedAt: r.InvitedAt.UTC(), JoinedAt: utcPtr(r.JoinedAt), EndedAt: utcPtr(r.EndedAt), Version: r.Version,
		CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func memberRowOf(m consortium.Membership) consortiumMemberRow {
	return consortiumMemberRow{ID: m.ID, ConsortiumID: m.ConsortiumID, OrganizationID: m.OrganizationID, Role: string(m.Role),
		EquityBP: m.EquityBP, Status: string(m.Status), InvitedAt: m.InvitedAt.UTC(), JoinedAt: utcPtr(m.JoinedAt),
		EndedAt: utcPtr(m.EndedAt), Version: m.Version, CreatedAt: m.CreatedAt.UTC(), UpdatedAt: m.UpdatedAt.UTC()}
}

// Consortia implements consortium.Repository.
type Consortia struct{ db *DB }

func (db *DB) Consortia() *Consortia { return &Consortia{db} }

func (s *Consortia) Create(ctx context.Context, c consortium.Consortium, lead consortium.Membership) error {
	row := consortiumRow{ID: c.ID, Name: c.Name, Model: string(c.Model), FieldID: nullable(c.FieldID), Description: c.Description,
		LeadOrgID: c.LeadOrgID, Status: string(c.Status), Version: c.Version, CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC()}
	if err := s.db.conn(ctx).Create(&row).Error; err != nil {
		return translate(err)
	}
	m := memberRowOf(lead)
	return translate(s.db.conn(ctx).Create(&m).Error)
}

func (s *Consortia) Get(ctx context.Context, id string) (consortium.Consortium, error) {
	var row consortiumRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return consortium.Consortium{}, domain.NotFound(domain.Msg("consortium %s not found", "未找到创新联合体 %s"), id)
		}
		return consortium.Consortium{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Consortia) List(ctx context.Context, f consortium.Filter, p domain.Page) ([]consortium.Consortium, error) {
	q := s.db.conn(ctx).Model(&consortiumRow{})
	if f.Model != "" {
		q = q.Where("model = ?", string(f.Model))
	}
	if f.Status != "" {
		q = q.Where("status = ?", string(f.Status))
	}
	if f.FieldID != "" {
		q = q.Where("(field_id = ? OR field_id IN (SELECT id FROM fields WHERE parent_id = ?))", f.FieldID, f.FieldID)
	}
	if f.Query != "" {
		pat := likePattern(f.Query)
		q = q.Where("(LOWER(name) LIKE ? ESCAPE '\\' OR LOWER(description) LIKE ? ESCAPE '\\')", pat, pat)
	}
	if p.After != "" {
		q = q.Where("id < ?", p.After)
	}
	var rows []consortiumRow
	if err := q.Order("id DESC").Limit(p.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]consortium.Consortium, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Consortia) Update(ctx context.Context, c consortium.Consortium, version int) error {
	res := s.db.conn(ctx).Model(&consortiumRow{}).Where("id = ? AND version = ?", c.ID, version).Updates(map[string]any{
		"name": c.Name, "model": string(c.Model), "field_id": nullable(c.FieldID), "description": c.Description,
		"version": c.Version, "updated_at": c.UpdatedAt.UTC()})
	return guarded(res, "consortium", c.ID)
}

func (s *Consortia) SetStatus(ctx context.Context, id string, from consortium.Status, version int, to consortium.Status, at time.Time) error {
	cols := map[string]any{"status": string(to), "version": gorm.Expr("version + 1"), "updated_at": at.UTC()}
	switch to {
	case consortium.Active:
		cols["approved_at"] = at.UTC()
	case consortium.Dissolved:
		cols["dissolved_at"] = at.UTC()
	}
	res := s.db.conn(ctx).Model(&consortiumRow{}).Where("id = ? AND status = ? AND version = ?", id, string(from), version).Updates(cols)
	return guarded(res, "consortium", id)
}

// Lock holds the consortium's row until commit on PostgreSQL (SQLite's write
// transactions are serial already).
func (s *Consortia) Lock(ctx context.Context, id string) error {
	if s.db.dialect != Postgres {
		return nil
	}
	return translate(s.db.conn(ctx).Exec("SELECT id FROM consortia WHERE id = ? FOR UPDATE", id).Error)
}

func (s *Consortia) ActiveIn(ctx context.Context, orgID string, ids []string) (map[string]bool, error) {
	var in []string
	if err := s.db.conn(ctx).Model(&consortiumMemberRow{}).Where("organization_id = ? AND consortium_id IN ? AND status = 'active'", orgID, ids).
		Pluck("consortium_id", &in).Error; err != nil {
		return nil, translate(err)
	}
	out := make(map[string]bool, len(in))
	for _, id := range in {
		out[id] = true
	}
	return out, nil
}

func (s *Consortia) Memberships(ctx context.Context, consortiumID string, withHistory bool) ([]consortium.Membership, error) {
	q := s.db.conn(ctx).Where("consortium_id = ?", consortiumID)
	if !withHistory {
		q = q.Where("status IN ('invited', 'active')")
	}
	var rows []consortiumMemberRow
	if err := q.Order("invited_at, id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]consortium.Membership, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Consortia) GetMembership(ctx context.Context, id string) (consortium.Membership, error) {
	var row consortiumMemberRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return consortium.Membership{}, domain.NotFound(domain.Msg("invitation %s not found", "未找到邀请 %s"), id)
		}
		return consortium.Membership{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Consortia) AddMembership(ctx context.Context, m consortium.Membership) error {
	row := memberRowOf(m)
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Consortia) UpdateMembership(ctx context.Context, m consortium.Membership, version int) error {
	r := memberRowOf(m)
	res := s.db.conn(ctx).Model(&consortiumMemberRow{}).Where("id = ? AND version = ?", m.ID, version).Updates(map[string]any{
		"status": r.Status, "joined_at": r.JoinedAt, "ended_at": r.EndedAt, "version": r.Version, "updated_at": r.UpdatedAt})
	return guarded(res, "membership", m.ID)
}

// invitationRow is an invitation with the name of the consortium it is to.
type invitationRow struct {
	Row            consortiumMemberRow `gorm:"embedded"`
	ConsortiumName string
}

func (s *Consortia) InvitationsOf(ctx context.Context, orgID string, p domain.Page) ([]consortium.Membership, error) {
	q := s.db.conn(ctx).Table("consortium_members AS m").Select("m.*, c.name AS consortium_name").
		Joins("JOIN consortia c ON c.id = m.consortium_id").
		Where("m.organization_id = ? AND m.status = 'invited'", orgID)
	if p.After != "" {
		q = q.Where("m.id < ?", p.After)
	}
	var rows []invitationRow
	if err := q.Order("m.id DESC").Limit(p.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]consortium.Membership, len(rows))
	for i, r := range rows {
		out[i] = r.Row.domain()
		out[i].ConsortiumName = r.ConsortiumName
	}
	return out, nil
}

func (s *Consortia) ActiveEquity(ctx context.Context, consortiumID string) (int, error) {
	var total *int64
	err := s.db.conn(ctx).Model(&consortiumMemberRow{}).Select("SUM(equity_bp)").
		Where("consortium_id = ? AND status = 'active'", consortiumID).Scan(&total).Error
	if total == nil {
		return 0, translate(err)
	}
	return int(*total), translate(err)
}
