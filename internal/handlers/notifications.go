package handlers

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain/notify"
)

// NotificationDTO is one in-app notification.
type NotificationDTO struct {
	ID        string         `json:"id"`
	Kind      string         `json:"kind"`
	Entity    string         `json:"entity"`
	EntityID  string         `json:"entity_id"`
	Message   string         `json:"message"`
	Data      map[string]any `json:"data"`
	ReadAt    *time.Time     `json:"read_at,omitempty"`
	CreatedAt time.Time      `json:"created_at"`
}

// NotificationPage is a page of the caller's notifications with the unread count.
type NotificationPage struct {
	Items      []NotificationDTO `json:"items"`
	NextCursor *string           `json:"next_cursor"`
	Unread     int64             `json:"unread"`
}

func notificationDTO(n notify.Notification) NotificationDTO {
	return NotificationDTO{ID: n.ID, Kind: n.Kind, Entity: n.Entity, EntityID: n.EntityID, Message: n.Message,
		Data: n.Data, ReadAt: n.ReadAt, CreatedAt: n.CreatedAt}
}

func (s *Server) listNotifications(c echo.Context) error {
	p, err := pageOf(c)
	if err != nil {
		return err
	}
	unread, err := boolQuery(c, "unread")
	if err != nil {
		return err
	}
	in, err := s.deps.Notify.List(ctxOf(c), actorOf(c), unread, p)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, NotificationPage{Items: mapSlice(in.Items, notificationDTO), NextCursor: cursorOf(in.Next), Unread: in.Unread})
}

func (s *Server) readNotification(c echo.Context) error {
	if err := s.deps.Notify.MarkRead(ctxOf(c), actorOf(c), c.Param("id")); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// ReadAllResponse says how many notifications were marked read.
type ReadAllResponse struct {
	Marked int64 `json:"marked"`
}

func (s *Server) readAllNotifications(c echo.Context) error {
	n, err := s.deps.Notify.MarkAllRead(ctxOf(c), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, ReadAllResponse{Marked: n})
}

// MailPreferences are the kinds of notification the caller does not want by
// e-mail (they still come in the app).
type MailPreferences struct {
	Off     []string `json:"off" jsonschema:"description=notification kinds not e-mailed, e.g. review.assigned"`
	Enabled bool     `json:"enabled" jsonschema:"description=whether this server e-mails notifications at all (SMTP configured)"`
}

// MailPreferencesInput replaces the kinds not e-mailed.
type MailPreferencesInput struct {
	Off []string `json:"off" validate:"required,max=100,dive,max=64" jsonschema:"description=notification kinds not e-mailed, e.g. review.assigned"`
}

func (s *Server) getMailPreferences(c echo.Context) error {
	off, err := s.deps.Notify.MailPreferences(ctxOf(c), actorOf(c))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, MailPreferences{Off: off, Enabled: s.deps.Notify.MailEnabled()})
}

func (s *Server) setMailPreferences(c echo.Context) error {
	var in MailPreferencesInput
	if err := decodeJSON(c, &in); err != nil {
		return err
	}
	off, err := s.deps.Notify.SetMailPreferences(ctxOf(c), actorOf(c), in.Off)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, MailPreferences{Off: off, Enabled: s.deps.Notify.MailEnabled()})
}

// notificationRoutes are the API operations this file handles (apiRoutes lists them all).
func (s *Server) notificationRoutes() []Route {
	const v1 = "/api/v1"
	return []Route{
		// Notifications
		{Method: http.MethodGet, Path: v1 + "/notifications", OperationID: "listNotifications", Tag: "notifications",
			Summary: "My notifications, newest first, with the unread count", Access: signedIn,
			Query:    withPage(QueryParam{Name: "unread", Type: "boolean"}),
			Response: NotificationPage{}, Status: http.StatusOK, Handler: s.listNotifications},
		{Method: http.MethodPost, Path: v1 + "/notifications/:id/read", OperationID: "readNotification", Tag: "notifications",
			Summary: "Mark one of my notifications read", Access: signedIn, Status: http.StatusNoContent, Handler: s.readNotification},
		{Method: http.MethodGet, Path: v1 + "/me/mail-preferences", OperationID: "getMailPreferences", Tag: "notifications",
			Summary: "The kinds of notification I do not want by e-mail, and whether this server e-mails at all", Access: signedIn,
			Response: MailPreferences{}, Status: http.StatusOK, Handler: s.getMailPreferences},
		{Method: http.MethodPut, Path: v1 + "/me/mail-preferences", OperationID: "setMailPreferences", Tag: "notifications",
			Summary: "Replace the kinds of notification I do not want by e-mail", Access: signedIn,
			Body: MailPreferencesInput{}, Response: MailPreferences{}, Status: http.StatusOK, Handler: s.setMailPreferences},
		{Method: http.MethodPost, Path: v1 + "/notifications/read-all", OperationID: "readAllNotifications", Tag: "notifications",
			Summary: "Mark all my notifications read", Access: signedIn, Response: ReadAllResponse{}, Status: http.StatusOK,
			Handler: s.readAllNotifications},
	}
}
