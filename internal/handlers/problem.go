package handlers

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
)

// Problem is an RFC 9457 problem detail.
type Problem struct {
	Type      string              `json:"type"`
	Title     string              `json:"title"`
	Status    int                 `json:"status"`
	Detail    string              `json:"detail,omitempty"`
	Instance  string              `json:"instance,omitempty"`
	RequestID string              `json:"request_id,omitempty"`
	Errors    []domain.FieldError `json:"errors,omitempty"`
}

// statusOf is the one table from domain error kind to HTTP status.
var statusOf = map[domain.Kind]int{
	domain.KindInternal:        http.StatusInternalServerError,
	domain.KindBadRequest:      http.StatusBadRequest,
	domain.KindUnauthenticated: http.StatusUnauthorized,
	domain.KindForbidden:       http.StatusForbidden,
	domain.KindNotFound:        http.StatusNotFound,
	domain.KindConflict:        http.StatusConflict,
	domain.KindInvalid:         http.StatusUnprocessableEntity,
	domain.KindTooManyRequests: http.StatusTooManyRequests,
	domain.KindUnavailable:     http.StatusServiceUnavailable,
	domain.KindTooLarge:        http.StatusRequestEntityTooLarge,
	domain.KindUnsupportedType: http.StatusUnsupportedMediaType,
}

// statusFor maps a kind to its status. A kind the table does not know (one
// added to the domain and forgotten here) is a bug on our side: 500 "internal
// error", logged with the request id, never a status 0.
func statusFor(k domain.Kind) int {
	if st, ok := statusOf[k]; ok {
		return st
	}
	return http.StatusInternalServerError
}

func problemType(status int) string {
	switch status {
	case http.StatusBadRequest:
		return "/problems/bad-request"
	case http.StatusUnauthorized:
		return "/problems/unauthenticated"
	case http.StatusForbidden:
		return "/problems/forbidden"
	case http.StatusNotFound:
		return "/problems/not-found"
	case http.StatusMethodNotAllowed:
		return "/problems/method-not-allowed"
	case http.StatusConflict:
		return "/problems/conflict"
	case http.StatusRequestEntityTooLarge:
		return "/problems/too-large"
	case http.StatusUnsupportedMediaType:
		return "/problems/unsupported-media-type"
	case http.StatusUnprocessableEntity:
		return "/problems/validation"
	case http.StatusTooManyRequests:
		return "/problems/too-many-requests"
	case http.StatusServiceUnavailable:
		return "/problems/unavailable"
	}
	return "about:blank"
}

// statusClientClosed is nginx's code for a request its client abandoned.
const statusClientClosed = 499

// errorHandler answers every error as problem+json. Domain errors map by kind;
// echo's own errors (no route, body too large) keep their status; anything
// else is logged with the request id and answered "internal error". Refused
// attempts (401, 403) are written to the audit trail.
func (s *Server) errorHandler(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	p := Problem{Instance: c.Request().URL.Path, RequestID: requestID(c)}
	lang := langOf(c)
	english := "" // the detail in English, for the audit trail
	// The client went away (closed the tab, navigated on): nobody reads an
	// answer, and it is not the server's failure. Logged as 499, the status
	// proxies use for this, not as an internal error.
	if errors.Is(err, context.Canceled) && ctxOf(c).Err() != nil {
		s.log.Info("client closed the request", "request_id", p.RequestID, "method", c.Request().Method,
			"path", c.Request().URL.Path)
		_ = c.NoContent(statusClientClosed)
		return
	}
	var de *domain.Error
	var he *echo.HTTPError
	switch {
	case errors.As(err, &de):
		p.Status = statusFor(de.Kind)
		said := de.In(lang)
		p.Detail, english = said.Message, de.Message
		p.Errors = said.Fields
		if p.Status >= 500 && p.Status != http.StatusServiceUnavailable {
			p.Detail, p.Errors = msgInternal.In(lang), nil
		}
	case errors.As(err, &he):
		// Ours carry their message in both languages; Echo's own (no route,
		// a method not allowed) are said by their status.
		p.Status = he.Code
		if msg, ok := he.Message.(domain.Text); ok {
			p.Detail = msg.In(lang)
		} else {
			p.Detail = statusText(lang, he.Code)
		}
	default:
		p.Status = http.StatusInternalServerError
		p.Detail = msgInternal.In(lang)
	}
	p.Title = http.StatusText(p.Status)
	if t, ok := titles[p.Status]; ok && lang == domain.Chinese {
		p.Title = t
	}
	p.Type = problemType(p.Status)
	if p.Status >= 500 {
		s.log.Error("request failed", "request_id", p.RequestID, "method", c.Request().Method,
			"path", c.Request().URL.Path, "status", p.Status, "err", err)
	}
	if p.Status == http.StatusUnauthorized || p.Status == http.StatusForbidden {
		if english == "" {
			english = p.Detail
		}
		s.recordDenied(c, p.Status, english)
	}
	if p.Status == http.StatusServiceUnavailable {
		c.Response().Header().Set("Retry-After", "5")
	}
	if c.Request().Method == http.MethodHead {
		_ = c.NoContent(p.Status)
		return
	}
	body, _ := json.Marshal(p)
	if werr := c.Blob(p.Status, "application/problem+json", body); werr != nil {
		s.log.Warn("write error response", "request_id", p.RequestID, "err", werr)
	}
}

func (s *Server) recordDenied(c echo.Context, status int, detail string) {
	actor := actorOf(c)
	route := c.Path()
	if route == "" {
		route = c.Request().URL.Path
	}
	// The request's own context may be cancelled by now (timeout middleware).
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctxOf(c)), 5*time.Second)
	defer cancel()
	err := s.deps.Audit.RecordDenied(ctx, actor, audit.Entry{
		Action: "access.denied", Entity: "route", EntityID: c.Request().Method + " " + route,
		Changes: map[string]any{"status": status, "detail": detail},
	})
	if err != nil {
		s.log.Warn("audit denied attempt", "request_id", requestID(c), "err", err)
	}
}
