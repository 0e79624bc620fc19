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

// QueueMail queues the notifications for e-mail in one statement: those of
// enabled users with an address, of a kind the user has not turned off.
func (s *Notifications) QueueMail(ctx context.Context, ids []string, at time.Time) error {
	if len(ids) == 0 {
		return nil
	}
	return translate(s.db.conn(ctx).Exec(`INSERT INTO mail_outbox
		(notification_id, user_id, to_address, kind, body, status, attempts, next_attempt_at, last_error, created_at)
		SELECT n.id, n.user_id, u.email, n.kind, n.message, 'pending', 0, ?, '', ?
		FROM notifications n JOIN users u ON u.id = n.user_id
		WHERE n.id IN ? AND u.email <> '' AND NOT u.disabled
			AND NOT EXISTS (SELECT 1 FROM mail_preferences p WHERE p.user_id = n.user_id AND p.kind = n.kind)`,
		at.UTC(), at.UTC(), ids).Error)
}

type mailPreferenceRow struct {
	UserID string `gorm:"primaryKey"`
	Kind   string `gorm:"primaryKey"`
}

func (mailPreferenceRow) TableName() string { return "mail_preferences" }

func (s *Notifications) MailOff(ctx context.Context, userID string) ([]string, error) {
	kinds := []string{}
	err := s.db.conn(ctx).Model(&mailPreferenceRow{}).Where("user_id = ?", userID).Order("kind").Pluck("kind", &kinds).Error
	return kinds, translate(err)
}

// SetMailOff replaces the user's kinds in one transaction.
func (s *Notifications) SetMailOff(ctx context.Context, userID string, kinds []string) error {
	return s.db.InTx(ctx, func(ctx context.Context) error {
		if err := s.db.conn(ctx).Where("user_id = ?", userID).Delete(&mailPreferenceRow{}).Error; err != nil {
			return translate(err)
		}
		if len(kinds) == 0 {
			return nil
		}
		rows := make([]mailPreferenceRow, len(kinds))
		for i, k := range kinds {
			rows[i] = mailPreferenceRow{UserID: userID, Kind: k}
		}
		return translate(s.db.conn(ctx).Create(&rows).Error)
	})
}
