package handlers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
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
// another body is a 422. Keys are scoped per user (anonymous callers have no
// scope, so no replay).
//
// The key is reserved, the work done and the response kept in one
// transaction: either all of it commits or none of it does. A request that
// dies half-way (the process killed, the database gone) leaves no trace, so
// its key is usable again at once; a concurrent duplicate waits for the first
// to commit and then replays its response. The handler writes into a buffer
// that reaches the client only after the commit: nothing is acknowledged that
// is not stored. Answers that are not final (409, 429, 5xx) roll back and keep
// nothing, so the client may retry with the same key.
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
		req, resp := c.Request(), c.Response()
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return bodyReadError(err, domain.BadRequest("the request body could not be read"))
		}
		sum := sha256.Sum256(append([]byte(req.Method+" "+req.URL.Path+"\n"), body...))
		hash := hex.EncodeToString(sum[:])
		var (
			replay *idempotency.Record
			out    *bufferedResponse
		)
		err = s.deps.Tx.InTx(req.Context(), func(ctx context.Context) error {
			replay, out = nil, nil
			now := s.deps.Clock.Now()
			existing, reserved, err := s.deps.Idempotency.Reserve(ctx, idempotency.Record{
				UserID: actor.UserID, Key: key, RequestHash: hash, CreatedAt: now}, now.Add(-idempotency.TTL))
			if err != nil {
				return err
			}
			if !reserved {
				if existing.RequestHash != hash {
					return domain.Invalid("this Idempotency-Key was already used with a different request")
				}
				replay = &existing
				return nil
			}
			// A fresh buffer each attempt (a deadlock retries the whole transaction).
			buf := &bufferedResponse{header: resp.Header().Clone()}
			c.SetRequest(req.WithContext(ctx))
			c.Request().Body = io.NopCloser(bytes.NewReader(body))
			c.SetResponse(echo.NewResponse(buf, c.Echo()))
			defer func() { c.SetRequest(req); c.SetResponse(resp) }()
			if herr := next(c); herr != nil {
				if !finalAnswer(herr) {
					return herr // roll back; the error is answered below
				}
				c.Error(herr) // a final refusal is kept with the key like a success
			}
			out = buf
			return s.deps.Idempotency.Complete(ctx, actor.UserID, key, buf.status,
				buf.header.Get(echo.HeaderContentType), buf.body.Bytes())
		})
		switch {
		case err != nil:
			return err
		case replay != nil:
			resp.Header().Set("Idempotent-Replayed", "true")
			return c.Blob(replay.Status, replay.ContentType, replay.Body)
		}
		h := resp.Header()
		for k := range h {
			delete(h, k)
		}
		for k, v := range out.header {
			h[k] = v
		}
		resp.WriteHeader(out.status)
		_, err = resp.Write(out.body.Bytes())
		return err
	}
}

// finalAnswer tells whether an error is the request's final answer, to keep
// with its key: a refusal about the request itself (400, 401, 403, 404, 413,
// 415, 422). Conflicts, throttling and failures may pass: not final.
func finalAnswer(err error) bool {
	var de *domain.Error
	var he *echo.HTTPError
	status := http.StatusInternalServerError
	switch {
	case errors.As(err, &de):
		status = statusFor(de.Kind)
	case errors.As(err, &he):
		status = he.Code
	}
	return status >= 400 && status < 500 && status != http.StatusConflict && status != http.StatusTooManyRequests
}

// bufferedResponse holds a handler's response until its transaction commits.
type bufferedResponse struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (b *bufferedResponse) Header() http.Header { return b.header }

func (b *bufferedResponse) WriteHeader(status int) {
	if b.status == 0 {
		b.status = status
	}
}

func (b *bufferedResponse) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	return b.body.Write(p)
}
