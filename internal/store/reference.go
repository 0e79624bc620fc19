package store

import (
	"context"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
)

type fieldRow struct {
	ID          string `gorm:"primaryKey"`
	ParentID    *string
	Name        string
	NameEn      string
	Priority315 bool `gorm:"column:priority_315"`
	Version     int
	CreatedAt   time.Time
	UpdatedAt   time.Time
}

func (fieldRow) TableName() string { return "fields" }

func (r fieldRow) domain() reference.Field {
	return reference.Field{ID: r.ID, ParentID: r.ParentID, Name: r.Name, NameEn: r.NameEn,
		Priority315: r.Priority315, Version: r.Version, CreatedAt: r.CreatedAt.UTC(), UpdatedAt: r.UpdatedAt.UTC()}
}

func fieldRowOf(f reference.Field) fieldRow {
	return fieldRow{ID: f.ID, ParentID: f.ParentID, Name: f.Name, NameEn: f.NameEn, Priority315: f.Priority315,
		Version: f.Version, CreatedAt: f.CreatedAt.UTC(), UpdatedAt: f.UpdatedAt.UTC()}
}

type categoryRow struct {
	ID     string `gorm:"primaryKey"`
	Name   string
	NameEn string
}

func (categoryRow) TableName() string { return "categories" }

type districtRow struct {
	ID     string `gorm:"primaryKey"`
	Name   string
	NameEn string
}

func (districtRow) TableName() string { return "districts" }

// Reference implements reference.Repository.
type Reference struct{ db *DB }

func (db *DB) Reference() *Reference { return &Reference{db} }

func (s *Reference) ListFields(ctx context.Context) ([]reference.Field, error) {
	var rows []fieldRow
	// Level-1 fields first, then by id: a stable order for the taxonomy.
	if err := s.db.conn(ctx).Order("parent_id IS NOT NULL, id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]reference.Field, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Reference) GetField(ctx context.Context, id string) (reference.Field, error) {
	var row fieldRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if err == gorm.ErrRecordNotFound {
			return reference.Field{}, domain.NotFound(domain.Msg("field %s not found", "未找到技术领域 %s"), id)
		}
		return reference.Field{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Reference) CreateField(ctx context.Context, f reference.Field) error {
	row := fieldRowOf(f)
	err := translate(s.db.conn(ctx).Create(&row).Error)
	if domain.KindOf(err) == domain.KindConflict {
		return domain.Conflict(domain.Msg("a field with id %s already exists", "编号为 %s 的技术领域已存在"), f.ID)
	}
	return err
}

func (s *Reference) UpdateField(ctx context.Context, f reference.Field, version int) error {
	res := s.db.conn(ctx).Model(&fieldRow{}).Where("id = ? AND version = ?", f.ID, version).Updates(map[string]any{
		"name": f.Name, "name_en": f.NameEn, "priority_315": f.Priority315, "version": f.Version, "updated_at": f.UpdatedAt.UTC()})
	return guarded(res, "field", f.ID)
}

func (s *Reference) ListCategories(ctx context.Context) ([]reference.Category, error) {
	var rows []categoryRow
	if err := s.db.conn(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]reference.Category, len(rows))
	for i, r := range rows {
		out[i] = reference.Category(r)
	}
	return out, nil
}

func (s *Reference) ListDistricts(ctx context.Context) ([]reference.District, error) {
	var rows []districtRow
	if err := s.db.conn(ctx).Order("id").Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]reference.District, len(rows))
	for i, r := range rows {
		out[i] = reference.District(r)
	}
	return out, nil
}

// FieldExists implements reference.Lookup.
func (s *Reference) FieldExists(ctx context.Context, id string) (bool, error) {
	return s.exists(ctx, "fields", id)
}

// DistrictExists implements reference.Lookup.
func (s *Reference) DistrictExists(ctx context.Context, id string) (bool, error) {
	return s.exists(ctx, "districts", id)
}

// exists tells whether a field or district exists. Neither is ever deleted,
// so once one is seen committed it is known for good: the answer is kept
// (db.known) and a create or edit naming it costs no query. Only answers
// read outside a transaction are kept (inside one, the row could be the
// transaction's own, uncommitted); EnsureDefaults learns every id at start.
func (s *Reference) exists(ctx context.Context, table, id string) (bool, error) {
	key := table + "\x00" + id
	if _, ok := s.db.known.Load(key); ok {
		return true, nil
	}
	var n int64
	if err := s.db.conn(ctx).Table(table).Where("id = ?", id).Count(&n).Error; err != nil {
		return false, translate(err)
	}
	if n > 0 && !inTx(ctx) {
		s.db.known.Store(key, struct{}{})
	}
	return n > 0, nil
}

// learnKnown keeps every committed field and district id (see exists).
func (s *Reference) learnKnown(ctx context.Context) error {
	for _, table := range []string{"fields", "districts"} {
		var ids []string
		if err := s.db.gorm.WithContext(ctx).Table(table).Pluck("id", &ids).Error; err != nil {
			return translate(err)
		}
		for _, id := range ids {
			s.db.known.Store(table+"\x00"+id, struct{}{})
		}
	}
	return nil
}

func (s *Reference) EnsureDefaults(ctx context.Context, fields []reference.Field, cats []reference.Category, districts []reference.District) error {
	if err := s.ensureDefaults(ctx, fields, cats, districts); err != nil {
		return err
	}
	if inTx(ctx) {
		return nil
	}
	return s.learnKnown(ctx)
}

func (s *Reference) ensureDefaults(ctx context.Context, fields []reference.Field, cats []reference.Category, districts []reference.District) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		insert := func(row any) error {
			return translate(s.db.conn(ctx).Clauses(clause.OnConflict{DoNothing: true}).Create(row).Error)
		}
		// Parents before children, so the foreign key holds.
		for _, f := range fields {
			row := fieldRowOf(f)
			if err := insert(&row); err != nil {
				return err
			}
		}
		for _, c := range cats {
			row := categoryRow(c)
			if err := insert(&row); err != nil {
				return err
			}
		}
		for _, d := range districts {
			row := districtRow(d)
			if err := insert(&row); err != nil {
				return err
			}
		}
		return nil
	})
}
