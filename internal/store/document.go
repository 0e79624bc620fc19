package store

import (
	"context"
	"errors"
	"time"

	"gorm.io/gorm"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/document"
)

type documentRow struct {
	ID            string `gorm:"primaryKey"`
	ParentType    string
	ParentID      string
	Name          string
	MediaType     string
	Size          int64
	SHA256        string `gorm:"column:sha256"`
	Kind          string
	StorageKey    string
	UploadedBy    string
	UploaderOrgID string
	CreatedAt     time.Time
}

func (documentRow) TableName() string { return "documents" }

func (r documentRow) domain() document.Document {
	return document.Document{ID: r.ID, ParentType: document.ParentType(r.ParentType), ParentID: r.ParentID, Name: r.Name,
		MediaType: r.MediaType, Size: r.Size, SHA256: r.SHA256, Kind: document.Kind(r.Kind), StorageKey: r.StorageKey,
		UploadedBy: r.UploadedBy, UploaderOrgID: r.UploaderOrgID, CreatedAt: r.CreatedAt.UTC()}
}

// Documents implements document.Repository.
type Documents struct{ db *DB }

func (db *DB) Documents() *Documents { return &Documents{db} }

func (s *Documents) Create(ctx context.Context, d document.Document) error {
	row := documentRow{ID: d.ID, ParentType: string(d.ParentType), ParentID: d.ParentID, Name: d.Name, MediaType: d.MediaType,
		Size: d.Size, SHA256: d.SHA256, Kind: string(d.Kind), StorageKey: d.StorageKey, UploadedBy: d.UploadedBy,
		UploaderOrgID: d.UploaderOrgID, CreatedAt: d.CreatedAt.UTC()}
	return translate(s.db.conn(ctx).Create(&row).Error)
}

func (s *Documents) Get(ctx context.Context, id string) (document.Document, error) {
	var row documentRow
	if err := s.db.conn(ctx).Where("id = ?", id).Take(&row).Error; err != nil {
		if errors.Is(err, gorm.ErrRecordNotFound) {
			return document.Document{}, domain.NotFound(domain.Msg("document %s not found", "未找到附件 %s"), id)
		}
		return document.Document{}, translate(err)
	}
	return row.domain(), nil
}

func (s *Documents) List(ctx context.Context, t document.ParentType, parentID string) ([]document.Document, error) {
	var rows []documentRow
	if err := s.db.conn(ctx).Where("parent_type = ? AND parent_id = ?", string(t), parentID).Order("id").
		Limit(document.MaxPerParent).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	out := make([]document.Document, len(rows))
	for i, r := range rows {
		out[i] = r.domain()
	}
	return out, nil
}

func (s *Documents) Count(ctx context.Context, t document.ParentType, parentID string) (int, error) {
	var n int64
	err := s.db.conn(ctx).Model(&documentRow{}).Where("parent_type = ? AND parent_id = ?", string(t), parentID).Count(&n).Error
	return int(n), translate(err)
}

func (s *Documents) Delete(ctx context.Context, id string) error {
	res := s.db.conn(ctx).Where("id = ?", id).Delete(&documentRow{})
	if res.Error != nil {
		return translate(res.Error)
	}
	if res.RowsAffected == 0 {
		return domain.Conflict(domain.Msg("document %s was removed by someone else", "附件 %s 已被他人删除"), id)
	}
	return nil
}

func (s *Documents) Existing(ctx context.Context, keys []string) (map[string]bool, error) {
	var have []string
	if err := s.db.conn(ctx).Model(&documentRow{}).Where("storage_key IN ?", keys).Pluck("storage_key", &have).Error; err != nil {
		return nil, translate(err)
	}
	out := make(map[string]bool, len(have))
	for _, k := range have {
		out[k] = true
	}
	return out, nil
}
