// Package handlers is the HTTP face of the portfolio: Echo routes declared in
// one table (with the roles each admits), strict request DTOs, the
// authentication middleware, the one error handler, the OpenAPI document and
// the operations endpoints. It calls domain services, never the store.
package handlers

import (
	"compress/gzip"
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/account"
	"github.com/kcyj2035/portfolio/internal/domain/audit"
	"github.com/kcyj2035/portfolio/internal/domain/challenge"
	"github.com/kcyj2035/portfolio/internal/domain/consortium"
	"github.com/kcyj2035/portfolio/internal/domain/document"
	"github.com/kcyj2035/portfolio/internal/domain/idempotency"
	"github.com/kcyj2035/portfolio/internal/domain/imports"
	"github.com/kcyj2035/portfolio/internal/domain/matchmaking"
	"github.com/kcyj2035/portfolio/internal/domain/notify"
	"github.com/kcyj2035/portfolio/internal/domain/org"
	"github.com/kcyj2035/portfolio/internal/domain/portfolio"
	"github.com/kcyj2035/portfolio/internal/domain/project"
	"github.com/kcyj2035/portfolio/internal/domain/reference"
	"github.com/kcyj2035/portfolio/internal/domain/scenario"
	"github.com/kcyj2035/portfolio/internal/domain/subsidy"
	"github.com/kcyj2035/portfolio/internal/domain/workbench"
)

// TokenVerifier checks an access token and returns its claims.
type TokenVerifier interface {
	Verify(token string) (account.AccessClaims, error)
}

// Pinger answers whether the database is up.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Deps are the services and settings the HTTP layer needs.
type Deps struct {
	Accounts    *account.Service
	Orgs        *org.Service
	Reference   *reference.Service
	Audit       *audit.Service
	Notify      *notify.Service
	Projects    *project.Service
	Challenges  *challenge.Service
	Scenarios   *scenario.Service
	Consortia   *consortium.Service
	Documents   *document.Service
	Targets     *portfolio.Targets
	Portfolio   *portfolio.Service
	Workbench   *workbench.Service
	Exporter    *portfolio.Exporter
	Imports     *imports.Service
	Subsidies   *subsidy.Service
	Matchmaking *matchmaking.Service
	Idempotency idempotency.Store
	// Tx runs the idempotent creates in one transaction with their key.
	Tx     domain.Transactor
	Tokens TokenVerifier
	DB     Pinger
	Clock  domain.Clock
	Logger *slog.Logger
	// Metrics is the registry /metrics serves; the HTTP metrics are added to it.
	Metrics *prometheus.Registry
	// MetricsToken, if set, lets a caller with "Authorization: Bearer <token>"
	// read /metrics on the main port; without it only loopback callers may.
	MetricsToken string
	CORSOrigins  []string
	// TrustedProxies (CIDRs) may set X-Forwarded-For; otherwise the client IP
	// is the connection's.
	TrustedProxies []string
	// HSTS is sent when the app is served over TLS (behind a proxy).
	HSTS bool
	// WebApp is the built single-page app (index.html at its root), or nil.
	WebApp  fs.FS
	Version string
}

// Server is the HTTP application.
type Server struct {
	deps   Deps
	log    *slog.Logger
	echo   *echo.Echo
	routes []Route
	// byPath are the routes by method and Echo path, for the middleware that
	// runs before a route's own (body limits, time limits, compression).
	byPath map[string]*Route
}

func routeKey(method, path string) string { return method + " " + path }

// route is the declared route a request matched, or nil (operations, the web app).
func (s *Server) route(c echo.Context) *Route {
	return s.byPath[routeKey(c.Request().Method, c.Path())]
}

// streams tells whether the matched route streams a large body in or out:
// such a request is not held to the API's time limit and is not compressed.
func (s *Server) streams(c echo.Context) bool {
	r := s.route(c)
	return r != nil && r.Streams
}

// New builds the Echo application with every route of the API.
func New(d Deps) *Server {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.Clock == nil {
		d.Clock = domain.SystemClock{}
	}
	if d.Metrics == nil {
		d.Metrics = prometheus.NewRegistry()
	}
	s := &Server{deps: d, log: d.Logger, echo: echo.New()}
	e := s.echo
	e.HideBanner, e.HidePort = true, true
	e.HTTPErrorHandler = s.errorHandler
	e.IPExtractor = ipExtractor(d.TrustedProxies)
	e.Binder = refuseBinder{}

	m := newHTTPMetrics(d.Metrics)
	e.Pre(assignRequestID)
	e.Use(m.middleware) // outermost: sees the final status
	e.Use(s.accessLog)  // answers errors, then logs
	e.Use(s.recoverPanics)
	e.Use(middleware.SecureWithConfig(middleware.SecureConfig{
		XSSProtection:         "0",
		ContentTypeNosniff:    "nosniff",
		XFrameOptions:         "DENY",
		HSTSMaxAge:            hstsAge(d.HSTS),
		ReferrerPolicy:        "strict-origin-when-cross-origin",
		ContentSecurityPolicy: "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
	}))
	if len(d.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
			AllowOrigins:  d.CORSOrigins,
			AllowMethods:  []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete},
			AllowHeaders:  []string{echo.HeaderAuthorization, echo.HeaderContentType, "Idempotency-Key", "If-Match"},
			ExposeHeaders: []string{echo.HeaderXRequestID, "Retry-After"},
			MaxAge:        600,
		}))
	}
	e.Use(s.limitBody)
	if d.Orgs != nil {
		e.Use(withNamer(d.Orgs))
	}
	e.Use(middleware.ContextTimeoutWithConfig(middleware.ContextTimeoutConfig{Timeout: 60 * time.Second, Skipper: s.streams}))
	// Compress JSON and the web app's files for clients that accept it; Excel
	// workbooks are zip files already and stream, so they pass untouched. The
	// API's answers are small and many: the fastest level (at the default
	// level, merely resetting the compressor cost a tenth of a request); the
	// web app's files are few and cached by browsers: the default level.
	uncompressed := func(c echo.Context) bool {
		return c.Request().Method == http.MethodHead || c.Request().URL.Path == "/metrics" || s.streams(c)
	}
	isAPI := func(c echo.Context) bool { return strings.HasPrefix(c.Request().URL.Path, "/api/") }
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 1024, Level: gzip.BestSpeed,
		Skipper: func(c echo.Context) bool { return !isAPI(c) || uncompressed(c) }}))
	e.Use(middleware.GzipWithConfig(middleware.GzipConfig{MinLength: 1024,
		Skipper: func(c echo.Context) bool { return isAPI(c) || uncompressed(c) }}))

	s.routes = s.apiRoutes()
	s.byPath = make(map[string]*Route, len(s.routes))
	for i := range s.routes {
		s.byPath[routeKey(s.routes[i].Method, s.routes[i].Path)] = &s.routes[i]
	}
	for _, r := range s.routes {
		s.mount(r)
	}
	s.mountOperations(m)
	return s
}

// Handler is the http.Handler to serve.
func (s *Server) Handler() http.Handler { return s.echo }

// Echo exposes the router (tests compare its routes with the OpenAPI document).
func (s *Server) Echo() *echo.Echo { return s.echo }

// Routes is the declared API route table.
func (s *Server) Routes() []Route { return s.routes }
