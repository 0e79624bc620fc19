package store

import (
	"context"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
)

type notificationRow struct {
	ID        string `gorm:"primaryKey"`
	UserID    string
	Kind      string
	Entity    string
	EntityID  string
	Message   string
	Data      string
	ReadAt    *time.Time
	CreatedAt time.Time
}

func (notificationRow) TableName() string { return "notifications" }

// Notifications implements notify.Repository.
type Notifications struct{ db *DB }

func (db *DB) Notifications() *Notifications { return &Notifications{db} }

func (s *Notifications) ActiveUsersOf(ctx context.Context, orgIDs []string) ([]string, error) {
	var ids []string
	err := s.db.conn(ctx).Model(&userRow{}).Where("organization_id IN ? AND disabled = ?", orgIDs, false).Order("id").Pluck("id", &ids).Error
	return ids, translate(err)
}

func (s *Notifications) Insert(ctx context.Context, ns []notify.Notification) error {
	rows := make([]notificationRow, len(ns))
	for i, n := range ns {
		data := n.Data
		if data == nil {
			data = map[string]any{}
		}
		rows[i] = notificationRow{ID: n.ID, UserID: n.UserID, Kind: n.Kind, Entity: n.Entity, EntityID: n.EntityID,
			Message: n.Message, Data: mustJSON(data), CreatedAt: n.CreatedAt.UTC()}
	}
	return translate(s.db.conn(ctx).CreateInBatches(&rows, 200).Error)
}

func (s *Notifications) List(ctx context.Context, userID string, unreadOnly bool, p domain.Page) ([]notify.Notification, error) {
	q := s.db.conn(ctx).Where("user_id = ?", userID)
	if unreadOnly {
		q = q.Where("read_at IS NULL")
	}
	if p.After != "" {
		q = q.Where("id < ?", p.After)
	}
	var rows []notificationRow
	if err := q.Order("id DESC").Limit(p.Limit).Find(&rows).Error; err != nil {
		return nil, translate(err)
	}
	return rowsOf(rows, func(r notificationRow) (notify.Notification, error) {
		n := notify.Notification{ID: r.ID, UserID: r.UserID, Kind: r.Kind, Entity: r.Entity, EntityID: r.EntityID,
			Message: r.Message, ReadAt: utcPtr(r.ReadAt), CreatedAt: r.CreatedAt.UTC(), Data: map[string]any{}}
		return n, fromJSON("notification", r.ID, "data", r.Data, &n.Data)
	})
}

func (s *Notifications) MarkRead(ctx context.Context, userID, id string, at time.Time) (bool, error) {
	var n int64
	if err := s.db.conn(ctx).Model(&notificationRow{}).Where("id = ? AND user_id = ?", id, userID).Count(&n).Error; err != nil || n == 0 {
		return false, translate(err)
	}
	err := s.db.conn(ctx).Model(&notificationRow{}).Where("id = ? AND user_id = ? AND read_at IS NULL", id, userID).
		Update("read_at", at.UTC()).Error
	return true, translate(err)
}

func (s *Notifications) MarkAllRead(ctx context.Context, userID string, at time.Time) (int64, error) {
	res := s.db.conn(ctx).Model(&notificationRow{}).Where("user_id = ? AND read_at IS NULL", userID).Update("read_at", at.UTC())
	return res.RowsAffected, translate(res.Error)
}

func (s *Notifications) UnreadCount(ctx context.Context, userID string) (int64, error) {
	var n int64
	err := s.db.conn(ctx).Model(&notificationRow{}).Where("user_id = ? AND read_at IS NULL", userID).Count(&n).Error
	return n, translate(err)
}
