package handlers

import (
	"context"
	"crypto/subtle"
	"embed"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/kcyj2035/portfolio/internal/domain"
)

//go:embed apidocs/index.html apidocs/init.js apidocs/swagger-ui-bundle.js apidocs/swagger-ui.css
var apiDocs embed.FS

// opsRoutes are the operations endpoints outside /api/v1; they skip the
// token middleware (/metrics has its own check).
func (s *Server) opsRoutes(m *httpMetrics) []Route {
	return []Route{
		{Method: http.MethodGet, Path: "/healthz", OperationID: "healthz", Tag: "operations",
			Summary: "The process is alive", Access: anyone, Response: Health{}, Status: http.StatusOK, Handler: s.healthz},
		{Method: http.MethodGet, Path: "/readyz", OperationID: "readyz", Tag: "operations",
			Summary: "The database answers (503 when it does not)", Access: anyone, Response: Health{}, Status: http.StatusOK,
			Handler: s.readyz},
		{Method: http.MethodGet, Path: "/metrics", OperationID: "metrics", Tag: "operations",
			Summary: "Prometheus metrics: on the metrics address, with the metrics token, or from loopback",
			Access:  anyone, Status: http.StatusOK, Handler: s.metrics},
		{Method: http.MethodGet, Path: "/api/openapi.json", OperationID: "openapi", Tag: "operations",
			Summary: "This OpenAPI 3.1 document", Access: anyone, Status: http.StatusOK, Handler: s.openapi},
		{Method: http.MethodGet, Path: "/api/docs", OperationID: "apiDocs", Tag: "operations",
			Summary: "A browsable reference of this document", Access: anyone, Status: http.StatusOK, Handler: s.docsIndex},
		{Method: http.MethodGet, Path: "/api/docs/:asset", OperationID: "apiDocsAsset", Tag: "operations",
			Summary: "Assets of the browsable reference", Access: anyone, Status: http.StatusOK, Handler: s.docsAsset},
		{Method: http.MethodGet, Path: "/*", OperationID: "webApp", Tag: "web",
			Summary: "The web app: its files, and its index for any other non-API path", Access: anyone,
			Status: http.StatusOK, Handler: s.webApp},
		{Method: http.MethodHead, Path: "/*", OperationID: "webAppHead", Tag: "web",
			Summary: "The web app's headers without a body (link checkers, uptime probes)", Access: anyone,
			Status: http.StatusOK, Handler: s.webApp},
	}
}

func (s *Server) mountOperations(m *httpMetrics) {
	for _, r := range s.opsRoutes(m) {
		s.echo.Add(r.Method, r.Path, r.Handler)
		s.routes = append(s.routes, r)
	}
}

// Health is the body of /healthz and /readyz.
type Health struct {
	Status string `json:"status"`
	Detail string `json:"detail,omitempty"`
}

func (s *Server) healthz(c echo.Context) error {
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}

func (s *Server) readyz(c echo.Context) error {
	ctx, cancel := context.WithTimeout(ctxOf(c), 2*time.Second)
	defer cancel()
	if err := s.deps.DB.Ping(ctx); err != nil {
		s.log.Warn("readiness: database does not answer", "err", err)
		return c.JSON(http.StatusServiceUnavailable, Health{Status: "unavailable", Detail: "the database does not answer"})
	}
	return c.JSON(http.StatusOK, Health{Status: "ok"})
}

func (s *Server) metrics(c echo.Context) error {
	if !s.metricsAllowed(c) {
		return domain.Forbidden(domain.Msg("metrics are served on the metrics address, to loopback callers, or with the metrics token", "监控指标只在监控地址、本机或凭监控令牌提供"))
	}
	promhttp.HandlerFor(s.deps.Metrics, promhttp.HandlerOpts{}).ServeHTTP(c.Response(), c.Request())
	return nil
}

func (s *Server) metricsAllowed(c echo.Context) bool {
	if tok := s.deps.MetricsToken; tok != "" {
		got := strings.TrimPrefix(c.Request().Header.Get(echo.HeaderAuthorization), "Bearer ")
		return subtle.ConstantTimeCompare([]byte(got), []byte(tok)) == 1
	}
	ip := net.ParseIP(c.RealIP())
	return ip != nil && ip.IsLoopback()
}

func (s *Server) openapi(c echo.Context) error {
	doc, err := s.OpenAPI()
	if err != nil {
		return err
	}
	return c.Blob(http.StatusOK, "application/json", doc)
}

func (s *Server) docsIndex(c echo.Context) error {
	b, err := apiDocs.ReadFile("apidocs/index.html")
	if err != nil {
		return err
	}
	return c.HTMLBlob(http.StatusOK, b)
}

func (s *Server) docsAsset(c echo.Context) error {
	name := c.Param("asset")
	types := map[string]string{"init.js": "text/javascript", "swagger-ui-bundle.js": "text/javascript",
		"swagger-ui.css": "text/css"}
	ct, ok := types[name]
	if !ok {
		return domain.NotFound(domain.Msg("no such file", "文件不存在"))
	}
	b, err := apiDocs.ReadFile("apidocs/" + name)
	if err != nil {
		return err
	}
	c.Response().Header().Set("Cache-Control", "public, max-age=3600")
	return c.Blob(http.StatusOK, ct, b)
}
