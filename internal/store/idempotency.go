package store

import (
	"context"
	"time"

	"gorm.io/gorm/clause"

	"github.com/kcyj2035/portfolio/internal/domain/idempotency"
)

type idempotencyRow struct {
	UserID      string `gorm:"primaryKey"`
	IdemKey     string `gorm:"primaryKey"`
	RequestHash string
	Status      int
	ContentType string
	Body        []byte
	CreatedAt   time.Time
}

func (idempotencyRow) TableName() string { return "idempotency_keys" }

// IdempotencyKeys implements idempotency.Store.
type IdempotencyKeys struct{ db *DB }

func (db *DB) IdempotencyKeys() *IdempotencyKeys { return &IdempotencyKeys{db} }

func (s *IdempotencyKeys) Reserve(ctx context.Context, r idempotency.Record, expiredBefore time.Time) (idempotency.Record, bool, error) {
	var existing idempotency.Record
	reserved := false
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		tx := s.db.conn(ctx)
		// A remembered key older than the TTL is forgotten, and so is a
		// reservation without a response (status 0), which only the earlier
		// scheme, reserving outside the work's transaction, left behind.
		if err := tx.Where("user_id = ? AND idem_key = ? AND (created_at < ? OR status = 0)", r.UserID, r.Key, expiredBefore.UTC()).
			Delete(&idempotencyRow{}).Error; err != nil {
			return err
		}
		row := idempotencyRow{UserID: r.UserID, IdemKey: r.Key, RequestHash: r.RequestHash, CreatedAt: r.CreatedAt.UTC()}
		res := tx.Clauses(clause.OnConflict{DoNothing: true}).Create(&row)
		if res.Error != nil {
			return res.Error
		}
		if res.RowsAffected == 1 {
			reserved = true
			return nil
		}
		var got idempotencyRow
		if err := tx.Where("user_id = ? AND idem_key = ?", r.UserID, r.Key).Take(&got).Error; err != nil {
			return err
		}
		existing = idempotency.Record{UserID: got.UserID, Key: got.IdemKey, RequestHash: got.RequestHash,
			Status: got.Status, ContentType: got.ContentType, Body: got.Body, CreatedAt: got.CreatedAt.UTC()}
		return nil
	})
	return existing, reserved, translate(err)
}

func (s *IdempotencyKeys) Complete(ctx context.Context, userID, key string, status int, contentType string, body []byte) error {
	return translate(s.db.conn(ctx).Model(&idempotencyRow{}).Where("user_id = ? AND idem_key = ?", userID, key).
		Updates(map[string]any{"status": status, "content_type": contentType, "body": body}).Error)
}
