package handlers

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/idempotency"
	"github.com/labstack/echo/v4"
)

// Body limits of the contract: 1 MiB for JSON, 10 MiB for workbook imports;
// documents declare theirs (the configured size and room for the form).
const (
	maxBodyBytes   = 1 << 20
	maxImportBytes = 10 << 20
	formOverhead   = 1 << 20
)

// StreamTimeout bounds reading a streamed upload and writing a streamed
// download (the server's ReadTimeout and WriteTimeout bound every other
// request).
const StreamTimeout = 15 * time.Minute

// errBodyTooLarge is the one answer to a body over its limit.
var errBodyTooLarge = echo.NewHTTPError(http.StatusRequestEntityTooLarge, domain.Msg("the request body is too large", "请求内容过大"))

// limitBody refuses a body over the route's limit before anything reads it:
// at once when Content-Length says so, and when a chunked body (no length)
// grows past the limit while being read, through http.MaxBytesReader, whose
// error every reader of the body turns into 413 (see bodyReadError).
func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		limit := int64(maxBodyBytes)
		if r := s.route(c); r != nil && r.MaxBody > 0 {
			limit = r.MaxBody
		}
		if req.ContentLength > limit {
			return errBodyTooLarge
		}
		if req.Body != nil && req.Body != http.NoBody {
			req.Body = http.MaxBytesReader(c.Response(), req.Body, limit)
		}
		return next(c)
	}
}

// streamAdmitted gives a streamed route's request longer than the server's
// timeouts (a 50 MiB document on a slow line) once it is admitted: it runs
// after authentication and authorization, so an anonymous or unauthorized
// caller never holds a connection past the short limits that bound slow
// clients. Every other request keeps those.
func streamAdmitted(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req, rc := c.Request(), http.NewResponseController(c.Response())
		if req.Body != nil && req.Body != http.NoBody {
			_ = rc.SetReadDeadline(time.Now().Add(StreamTimeout))
		}
		_ = rc.SetWriteDeadline(time.Now().Add(StreamTimeout))
		return next(c)
	}
}

// streamRefusedAtOnce answers a refused streamed request (not signed in, not
// allowed, or any other error) at once and drops the rest of its body with
// the connection: left alone, the server would read on through the body of
// a client that trickles it before taking the connection's next request.
func streamRefusedAtOnce(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		err := next(c)
		if req := c.Request(); err != nil && req.Body != nil && req.Body != http.NoBody && !c.Response().Committed {
			c.Response().Header().Set(echo.HeaderConnection, "close")
			_ = http.NewResponseController(c.Response()).SetReadDeadline(time.Now())
		}
		return err
	}
}

// bodyReadError maps a failure to read the request body: over the limit is a
// 413, anything else (the client sent a broken body) the given 400.
func bodyReadError(err error, otherwise error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errBodyTooLarge
	}
	return otherwise
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
			return domain.Unauthenticated(domain.Msg("send the access token as: Authorization: Bearer <token>", "请以 Authorization: Bearer <token> 发送访问令牌"))
		}
		claims, err := s.deps.Tokens.Verify(token)
		if err != nil {
			c.Set(actorKey, domain.Anonymous(origin))
			return err
		}
		actor, err := s.deps.Accounts.Authenticate(ctxOf(c), claims, origin)
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
					return domain.Unauthenticated(domain.Msg("sign in to do this", "请先登录"))
				}
				return domain.Forbidden(domain.Msg("your role (%s) may not do this", "您的角色（%s）无权执行此操作"), actor.Role)
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
			return domain.BadRequest(domain.Msg("the Idempotency-Key header must be at most 255 characters of printable text", "Idempotency-Key 须为不超过 255 个可打印字符"))
		}
		req, resp := c.Request(), c.Response()
		body, err := io.ReadAll(req.Body)
		if err != nil {
			return bodyReadError(err, domain.BadRequest(domain.Msg("the request body could not be read", "无法读取请求内容")))
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
					return domain.Invalid(domain.Msg("this Idempotency-Key was already used with a different request", "此 Idempotency-Key 已用于另一个请求"))
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

// cleanParams refuses path and query parameters that no valid request has:
// invalid UTF-8, control characters (NUL cannot even be stored), or absurd
// length. A bad path parameter names nothing that exists: 404; a bad query
// parameter is a 400.
func cleanParams(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		for _, v := range c.ParamValues() {
			if !plainText(v, 200) {
				return domain.NotFound(domain.Msg("not found", "未找到"))
			}
		}
		for name, vs := range c.QueryParams() {
			for _, v := range vs {
				if !plainText(name, 100) || !plainText(v, 1000) {
					return domain.BadRequest(domain.Msg("query parameter %q is not valid text", "查询参数 %q 不是有效文本"), truncateRunes(name, 40))
				}
			}
		}
		return next(c)
	}
}

func plainText(s string, max int) bool {
	if len(s) > max || !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return false
		}
	}
	return true
}

func truncateRunes(s string, n int) string {
	r := []rune(strings.ToValidUTF8(s, "?"))
	if len(r) > n {
		return string(r[:n]) + "…"
	}
	return string(r)
}

// assignRequestID keeps a caller's X-Request-ID if it is short and plain (so
// logs and audit records stay clean), and makes one otherwise.
func assignRequestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !plainID.MatchString(id) {
			id = domain.NewID()
		}
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		return next(c)
	}
}

func requestID(c echo.Context) string {
	return c.Response().Header().Get(echo.HeaderXRequestID)
}

func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			if r := recover(); r != nil {
				if r == http.ErrAbortHandler {
					panic(r)
				}
				s.log.Error("panic", "request_id", requestID(c), "path", c.Request().URL.Path, "panic", r)
				err = &domain.Error{Kind: domain.KindInternal, Message: "internal error"}
			}
		}()
		return next(c)
	}
}

func (s *Server) accessLog(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		err := next(c)
		if err != nil {
			c.Error(err)
		}
		status := c.Response().Status
		level := slog.LevelInfo
		switch {
		case status >= 500:
			level = slog.LevelError
		case c.Path() == "/healthz" || c.Path() == "/readyz" || c.Path() == "/metrics":
			level = slog.LevelDebug
		}
		s.log.Log(ctxOf(c), level, "request",
			"request_id", requestID(c), "method", c.Request().Method, "route", c.Path(),
			"path", c.Request().URL.Path, "status", status, "bytes", c.Response().Size,
			"duration_ms", time.Since(start).Milliseconds(), "ip", c.RealIP(), "user", actorOf(c).UserID)
		return nil
	}
}

// refuseBinder makes sure nobody binds requests with Echo's permissive binder
// (it lets body fields override path parameters and ignores unknown fields).
type refuseBinder struct{}

func (refuseBinder) Bind(any, echo.Context) error {
	return domain.BadRequest(domain.Msg("internal: use decodeJSON", "服务器内部错误"))
}

func ipExtractor(trusted []string) echo.IPExtractor {
	if len(trusted) == 0 {
		return echo.ExtractIPDirect()
	}
	var opts []echo.TrustOption
	opts = append(opts, echo.TrustLoopback(false), echo.TrustLinkLocal(false), echo.TrustPrivateNet(false))
	for _, cidr := range trusted {
		if _, n, err := net.ParseCIDR(cidr); err == nil {
			opts = append(opts, echo.TrustIPRange(n))
		}
	}
	return echo.ExtractIPFromXFFHeader(opts...)
}

func hstsAge(on bool) int {
	if on {
		return 31536000
	}
	return 0
}

var plainID = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

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
