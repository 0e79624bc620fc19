package handlers

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/idempotency"
)

// Access says who may call a route: anyone, anyone signed in, or the listed roles.
type Access struct {
	Public bool
	Roles  []domain.Role // empty and not Public: any signed-in user
}

var (
	anyone   = Access{Public: true}
	signedIn = Access{}
)

func roles(r ...domain.Role) Access { return Access{Roles: r} }

func (a Access) admits(actor domain.Actor) bool {
	if a.Public {
		return true
	}
	if actor.IsAnonymous() {
		return false
	}
	return len(a.Roles) == 0 || actor.Is(a.Roles...)
}

// Route declares one API operation: its path, who may call it, what it takes
// and returns (for the OpenAPI document) and its handler.
type Route struct {
	Method      string
	Path        string // Echo syntax: /api/v1/users/:id
	OperationID string
	Summary     string
	Tag         string
	Access      Access
	Query       []QueryParam
	Body        any // a value of the request body type; nil for none
	Response    any // a value of the success body type; nil for no body
	Status      int // the success status
	// Idempotent POST creates honour the Idempotency-Key header.
	Idempotent bool
	// Upload: the body is multipart/form-data with a file in "file".
	Upload bool
	// Produces is the success content type when it is not JSON.
	Produces string
	Handler  echo.HandlerFunc
}

// QueryParam documents one query parameter.
type QueryParam struct {
	Name        string
	Type        string // string, integer, boolean
	Description string
	Enum        []string
}

func (s *Server) mount(r Route) {
	mw := []echo.MiddlewareFunc{cleanParams, s.authenticate, authorize(r.Access)}
	if r.Idempotent {
		mw = append(mw, s.idempotent)
	}
	s.echo.Add(r.Method, r.Path, r.Handler, mw...)
}

const actorKey = "actor"

// actorOf is the request's actor (anonymous when no token was sent).
func actorOf(c echo.Context) domain.Actor {
	if a, ok := c.Get(actorKey).(domain.Actor); ok {
		return a
	}
	return domain.Anonymous(originOf(c))
}

func originOf(c echo.Context) domain.Origin {
	return domain.Origin{IP: c.RealIP(), RequestID: requestID(c)}
}

// authenticate turns a bearer token into the actor. A request without a token
// is anonymous; a request with a bad token is refused, even on public routes,
// so a client learns its token is wrong.
func (s *Server) authenticate(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		origin := originOf(c)
		h := c.Request().Header.Get(echo.HeaderAuthorization)
		if h == "" {
			c.Set(actorKey, domain.Anonymous(origin))
			return next(c)
		}
		scheme, token, ok := strings.Cut(h, " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			c.Set(actorKey, domain.Anonymous(origin))
			return domain.Unauthenticated("send the access token as: Authorization: Bearer <token>")
		}
		claims, err := s.deps.Tokens.Verify(token)
		if err != nil {
			c.Set(actorKey, domain.Anonymous(origin))
			return err
		}
		actor, err := s.deps.Accounts.Authenticate(c.Request().Context(), claims, origin)
		if err != nil {
			c.Set(actorKey, domain.Anonymous(origin))
			return err
		}
		c.Set(actorKey, actor)
		return next(c)
	}
}

func authorize(a Access) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			actor := actorOf(c)
			if !a.admits(actor) {
				if actor.IsAnonymous() {
					return domain.Unauthenticated("sign in to do this")
				}
				return domain.Forbidden("your role (%s) may not do this", actor.Role)
			}
			return next(c)
		}
	}
}

// idempotent honours Idempotency-Key on POST creates: the same key and body
// from the same user within 24 h replays the first response; the same key with
// another body is a 422; a retry while the first is still running is a 409.
// Keys are scoped per user (anonymous callers have no scope, so no replay).
func (s *Server) idempotent(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		key := c.Request().Header.Get("Idempotency-Key")
		actor := actorOf(c)
		if key == "" || actor.IsAnonymous() {
			return next(c)
		}
		if !plainText(key, 255) {
			return domain.BadRequest("the Idempotency-Key header must be at most 255 characters of printable text")
		}
		body, err := io.ReadAll(c.Request().Body)
		if err != nil {
			return bodyReadError(err, domain.BadRequest("the request body could not be read"))
		}
		c.Request().Body = io.NopCloser(bytes.NewReader(body))
		sum := sha256.Sum256(append([]byte(c.Request().Method+" "+c.Request().URL.Path+"\n"), body...))
		hash := hex.EncodeToString(sum[:])
		now := s.deps.Clock.Now()
		ctx := c.Request().Context()
		existing, reserved, err := s.deps.Idempotency.Reserve(ctx, idempotency.Record{
			UserID: actor.UserID, Key: key, RequestHash: hash, CreatedAt: now}, now.Add(-idempotency.TTL))
		if err != nil {
			return err
		}
		if !reserved {
			switch {
			case existing.RequestHash != hash:
				return domain.Invalid("this Idempotency-Key was already used with a different request")
			case existing.Status == 0:
				return domain.Conflict("a request with this Idempotency-Key is still being processed")
			}
			c.Response().Header().Set("Idempotent-Replayed", "true")
			return c.Blob(existing.Status, existing.ContentType, existing.Body)
		}
		rec := &recorder{ResponseWriter: c.Response().Writer}
		c.Response().Writer = rec
		err = next(c)
		if err != nil {
			c.Error(err) // write the error response now, so it is recorded too
		}
		status := c.Response().Status
		if status >= 500 || status == http.StatusConflict || status == http.StatusTooManyRequests {
			// Not a final answer: let the client retry with the same key.
			_ = s.deps.Idempotency.Release(ctx, actor.UserID, key)
		} else if cerr := s.deps.Idempotency.Complete(ctx, actor.UserID, key, status,
			c.Response().Header().Get(echo.HeaderContentType), rec.buf.Bytes()); cerr != nil {
			s.log.Warn("store idempotent response", "request_id", requestID(c), "err", cerr)
		}
		return nil
	}
}

// recorder keeps a copy of what the handler writes.
type recorder struct {
	http.ResponseWriter
	buf bytes.Buffer
}

func (r *recorder) Write(b []byte) (int, error) {
	r.buf.Write(b)
	return r.ResponseWriter.Write(b)
}
