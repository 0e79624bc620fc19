package store

import (
	"context"
	"strings"
	"time"

	"gorm.io/gorm"
	"gorm.io/gorm/clause"

	"github.com/kcyj2035/portfolio/internal/mail"
)

type outboxRow struct {
	NotificationID string `gorm:"primaryKey"`
	UserID         string
	ToAddress      string
	Kind           string
	Body           string
	Status         string
	Attempts       int
	NextAttemptAt  time.Time
	LastError      string
	CreatedAt      time.Time
	SentAt         *time.Time
}

func (outboxRow) TableName() string { return "mail_outbox" }

// Outbox implements mail.Outbox.
type Outbox struct{ db *DB }

func (db *DB) Outbox() *Outbox { return &Outbox{db} }

// Claim leases the due items in one transaction: read, then push their next
// attempt past the lease and count the attempt, so that a second claim
// (another process, should two ever lead at once) skips them.
func (s *Outbox) Claim(ctx context.Context, now, until time.Time, limit int) ([]mail.Item, error) {
	var out []mail.Item
	err := s.db.InTx(ctx, func(ctx context.Context) error {
		q := s.db.conn(ctx).Where("status = ? AND next_attempt_at <= ?", string(mail.StatusPending), now.UTC()).Order("next_attempt_at, notification_id").Limit(limit)
		if s.db.dialect == Postgres {
			q = q.Clauses(clause.Locking{Strength: "UPDATE", Options: "SKIP LOCKED"})
		}
		var rows []outboxRow
		if err := q.Find(&rows).Error; err != nil {
			return translate(err)
		}
		if len(rows) == 0 {
			return nil
		}
		ids := make([]string, len(rows))
		for i, r := range rows {
			ids[i] = r.NotificationID
			out = append(out, mail.Item{NotificationID: r.NotificationID, To: r.ToAddress, Kind: r.Kind, Body: r.Body,
				Attempts: r.Attempts, CreatedAt: r.CreatedAt.UTC()})
		}
		return translate(s.db.conn(ctx).Model(&outboxRow{}).Where("notification_id IN ?", ids).
			Updates(map[string]any{"next_attempt_at": until.UTC(), "attempts": gorm.Expr("attempts + 1")}).Error)
	})
	return out, err
}

func (s *Outbox) MarkSent(ctx context.Context, id string, from, to mail.Status, at time.Time) error {
	return translate(s.db.conn(ctx).Model(&outboxRow{}).Where("notification_id = ? AND status = ?", id, string(from)).
		Updates(map[string]any{"status": string(to), "sent_at": at.UTC(), "last_error": ""}).Error)
}

func (s *Outbox) Retry(ctx context.Context, id string, from, to mail.Status, next time.Time, reason string) error {
	if len(reason) > 1000 {
		reason = strings.ToValidUTF8(reason[:1000], "")
	}
	return translate(s.db.conn(ctx).Model(&outboxRow{}).Where("notification_id = ? AND status = ?", id, string(from)).
		Updates(map[string]any{"status": string(to), "next_attempt_at": next.UTC(), "last_error": reason}).Error)
}
