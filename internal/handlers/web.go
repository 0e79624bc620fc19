package handlers

import (
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
)

const placeholderPage = `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>科创甬江2035</title></head>
<body><h1>科创甬江2035 portfolio</h1><p>The web app is not built into this binary. Run <code>make web</code> and rebuild,
or use the API: <a href="/api/docs">/api/docs</a>.</p></body></html>`

// webApp serves the single-page app: a file when one exists at the path, the
// index for any other non-API path (the app routes in the browser), and a
// problem 404 for unknown API paths.
func (s *Server) webApp(c echo.Context) error {
	p := c.Request().URL.Path
	if p == "/api" || strings.HasPrefix(p, "/api/") {
		return domain.NotFound(domain.Msg("no such API path: see /api/docs", "没有这个接口路径，请查阅 /api/docs"))
	}
	if s.deps.WebApp == nil {
		return c.HTML(http.StatusOK, placeholderPage)
	}
	name := strings.TrimPrefix(path.Clean(p), "/")
	if name != "" && name != "index.html" {
		if b, err := fs.ReadFile(s.deps.WebApp, name); err == nil {
			ct := mime.TypeByExtension(path.Ext(name))
			if ct == "" {
				ct = http.DetectContentType(b)
			}
			if strings.HasPrefix(name, "assets/") {
				// Vite puts a content hash in asset names: they never change.
				c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
			}
			return send(c, ct, b)
		}
		// A missing file is missing: answering the index with 200 would hand
		// a script tag HTML and hide a broken build.
		if strings.HasPrefix(name, "assets/") || staticFile[path.Ext(name)] {
			return domain.NotFound(domain.Msg("no such file", "文件不存在"))
		}
	}
	index, err := fs.ReadFile(s.deps.WebApp, "index.html")
	if err != nil {
		return c.HTML(http.StatusOK, placeholderPage)
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return send(c, echo.MIMETextHTMLCharsetUTF8, index)
}

// staticFile: extensions of files, never of the app's own routes.
var staticFile = map[string]bool{".js": true, ".mjs": true, ".css": true, ".map": true, ".png": true, ".jpg": true,
	".svg": true, ".ico": true, ".woff": true, ".woff2": true, ".webmanifest": true}

// send answers b, or for HEAD only the headers GET would have.
func send(c echo.Context, contentType string, b []byte) error {
	if c.Request().Method == http.MethodHead {
		h := c.Response().Header()
		h.Set(echo.HeaderContentType, contentType)
		h.Set(echo.HeaderContentLength, strconv.Itoa(len(b)))
		c.Response().WriteHeader(http.StatusOK)
		return nil
	}
	return c.Blob(http.StatusOK, contentType, b)
}
