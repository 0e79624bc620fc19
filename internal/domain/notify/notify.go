// Package notify owns in-app notifications: services write them in the same
// transaction as the change they announce; users read and mark them.
package notify

import (
	"context"
	"fmt"
	"regexp"
	"time"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Notification is one message to one user.
type Notification struct {
	ID        string
	UserID    string
	Kind      string // e.g. "challenge.approved": the web app translates by kind
	Entity    string
	EntityID  string
	Message   string         // Chinese text, for clients that do not translate
	Data      map[string]any // parameters of the message
	ReadAt    *time.Time
	CreatedAt time.Time
}

// Message is what a service wants to say, to whom it says it is decided by the call.
type Message struct {
	Kind     string
	Entity   string
	EntityID string
	Text     string
	Data     map[string]any
}

// Repository stores notifications.
type Repository interface {
	// ActiveUsersOf lists the enabled users of the organizations.
	ActiveUsersOf(ctx context.Context, orgIDs []string) ([]string, error)
	Insert(ctx context.Context, ns []Notification) error
	List(ctx context.Context, userID string, unreadOnly bool, p domain.Page) ([]Notification, error)
	MarkRead(ctx context.Context, userID, id string, at time.Time) (bool, error)
	MarkAllRead(ctx context.Context, userID string, at time.Time) (int64, error)
	UnreadCount(ctx context.Context, userID string) (int64, error)
	// QueueMail queues the notifications for e-mail (in the caller's
	// transaction): those of enabled users with an address, of a kind they
	// have not turned off.
	QueueMail(ctx context.Context, ids []string, at time.Time) error
	MailOff(ctx context.Context, userID string) ([]string, error)
	SetMailOff(ctx context.Context, userID string, kinds []string) error
}

// Service writes and reads notifications.
type Service struct {
	repo  Repository
	clock domain.Clock
	mail  bool
}

func NewService(repo Repository, clock domain.Clock) *Service {
	return &Service{repo: repo, clock: clock}
}

// WithMail makes every notification also queued for e-mail (when SMTP is configured).
func (s *Service) WithMail() *Service {
	s.mail = true
	return s
}

// MailEnabled tells whether notifications are e-mailed.
func (s *Service) MailEnabled() bool { return s.mail }

// MaxMailOff bounds the kinds a user turns off.
const MaxMailOff = 100

// MailPreferences are the kinds of notification the caller does not want by e-mail.
func (s *Service) MailPreferences(ctx context.Context, actor domain.Actor) ([]string, error) {
	if actor.IsAnonymous() {
		return nil, domain.Unauthenticated(domain.Msg("sign in to do this", "请先登录"))
	}
	return s.repo.MailOff(ctx, actor.UserID)
}

// SetMailPreferences replaces the kinds the caller does not want by e-mail.
func (s *Service) SetMailPreferences(ctx context.Context, actor domain.Actor, off []string) ([]string, error) {
	if actor.IsAnonymous() {
		return nil, domain.Unauthenticated(domain.Msg("sign in to do this", "请先登录"))
	}
	var p domain.Problems
	if len(off) > MaxMailOff {
		p.Add("off", domain.CodeTooMany, "max", MaxMailOff)
	}
	seen := map[string]bool{}
	var kinds []string
	for i, k := range off {
		if !kindPattern.MatchString(k) {
			p.Add(fmt.Sprintf("off[%d]", i), codeKind)
			continue
		}
		if !seen[k] {
			seen[k] = true
			kinds = append(kinds, k)
		}
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	if err := s.repo.SetMailOff(ctx, actor.UserID, kinds); err != nil {
		return nil, err
	}
	return s.repo.MailOff(ctx, actor.UserID)
}

var codeKind = domain.NewCode("notification.kind", "is not a notification kind (such as review.assigned)", "不是通知类型（如 review.assigned）")

// kindPattern is what a notification kind looks like: "challenge.approved".
var kindPattern = regexp.MustCompile(`^[a-z][a-z_]*(\.[a-z_]+){0,3}$`)

func (s *Service) build(userIDs []string, m Message) []Notification {
	now := s.clock.Now()
	seen := map[string]bool{}
	var ns []Notification
	for _, u := range userIDs {
		if seen[u] {
			continue
		}
		seen[u] = true
		ns = append(ns, Notification{ID: domain.NewID(), UserID: u, Kind: m.Kind, Entity: m.Entity, EntityID: m.EntityID,
			Message: m.Text, Data: m.Data, CreatedAt: now})
	}
	return ns
}

// ToOrgs notifies every enabled user of the organizations (in the caller's transaction).
func (s *Service) ToOrgs(ctx context.Context, orgIDs []string, m Message) error {
	if len(orgIDs) == 0 {
		return nil
	}
	users, err := s.repo.ActiveUsersOf(ctx, orgIDs)
	if err != nil {
		return err
	}
	return s.ToUsers(ctx, users, m)
}

// ToUsers notifies the users (in the caller's transaction).
func (s *Service) ToUsers(ctx context.Context, userIDs []string, m Message) error {
	ns := s.build(userIDs, m)
	if len(ns) == 0 {
		return nil
	}
	if err := s.repo.Insert(ctx, ns); err != nil {
		return err
	}
	if !s.mail {
		return nil
	}
	ids := make([]string, len(ns))
	for i, n := range ns {
		ids[i] = n.ID
	}
	return s.repo.QueueMail(ctx, ids, ns[0].CreatedAt)
}

// Inbox is one page of a user's notifications and the unread count.
type Inbox struct {
	domain.List[Notification]
	Unread int64
}

func (s *Service) List(ctx context.Context, actor domain.Actor, unreadOnly bool, p domain.Page) (Inbox, error) {
	l, err := domain.Paginate(p, func(n Notification) string { return n.ID }, func(p domain.Page) ([]Notification, error) {
		return s.repo.List(ctx, actor.UserID, unreadOnly, p)
	})
	if err != nil {
		return Inbox{}, err
	}
	out := Inbox{List: l}
	out.Unread, err = s.repo.UnreadCount(ctx, actor.UserID)
	return out, err
}

// MarkRead marks one of the caller's notifications read; another user's is 404.
func (s *Service) MarkRead(ctx context.Context, actor domain.Actor, id string) error {
	ok, err := s.repo.MarkRead(ctx, actor.UserID, id, s.clock.Now())
	if err != nil {
		return err
	}
	if !ok {
		return domain.NotFound(domain.Msg("notification %s not found", "未找到通知 %s"), id)
	}
	return nil
}

func (s *Service) MarkAllRead(ctx context.Context, actor domain.Actor) (int64, error) {
	return s.repo.MarkAllRead(ctx, actor.UserID, s.clock.Now())
}
