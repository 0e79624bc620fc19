// Package notify owns in-app notifications: services write them in the same
// transaction as the change they announce; users read and mark them.
package notify

import (
	"context"
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
}

// Service writes and reads notifications.
type Service struct {
	repo  Repository
	clock domain.Clock
}

func NewService(repo Repository, clock domain.Clock) *Service {
	return &Service{repo: repo, clock: clock}
}

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
	return s.repo.Insert(ctx, ns)
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
		return domain.NotFound("notification %s not found", id)
	}
	return nil
}

func (s *Service) MarkAllRead(ctx context.Context, actor domain.Actor) (int64, error) {
	return s.repo.MarkAllRead(ctx, actor.UserID, s.clock.Now())
}
