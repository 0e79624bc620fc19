package handlers_test

import (
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/handlers"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

// TestWebAppIsServed: the built app's files are served as they are, any other
// non-API path gets the index (the app routes in the browser), unknown API
// paths get a problem 404, and HEAD answers like GET without a body.
func TestWebAppIsServed(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		dist := fstest.MapFS{
			"index.html":         {Data: []byte(`<!doctype html><title>科创甬江2035</title><div id="root"></div>`)},
			"assets/index-a1.js": {Data: []byte(`console.log("app")`)},
		}
		a, err := app.New(db, app.Options{Blobs: at.Blobs(t),
			JWTSecret: []byte("test-secret-test-secret-test-secret!"), BcryptCost: 4, Clock: domain.NewManualClock(at.Start),
			Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
			HTTP:   handlers.Deps{Version: "test", WebApp: dist},
		})
		if err != nil {
			t.Fatal(err)
		}
		if err := a.Prepare(context.Background(), "", ""); err != nil {
			t.Fatal(err)
		}
		do := func(method, path string) *httptest.ResponseRecorder {
			rec := httptest.NewRecorder()
			a.Server.Handler().ServeHTTP(rec, httptest.NewRequest(method, path, nil))
			return rec
		}
		for _, path := range []string{"/", "/board", "/projects/0193/edit", "/index.html"} {
			rec := do(http.MethodGet, path)
			if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), `<div id="root">`) {
				t.Errorf("GET %s: %d %q, want the index", path, rec.Code, rec.Body)
			}
			if cc := rec.Header().Get("Cache-Control"); cc != "no-cache" {
				t.Errorf("GET %s: Cache-Control %q, want no-cache (a new release must load)", path, cc)
			}
			if head := do(http.MethodHead, path); head.Code != http.StatusOK || head.Body.Len() != 0 {
				t.Errorf("HEAD %s: %d with %d bytes, want 200 and no body", path, head.Code, head.Body.Len())
			}
		}
		rec := do(http.MethodGet, "/assets/index-a1.js")
		if rec.Code != http.StatusOK || rec.Body.String() != `console.log("app")` {
			t.Errorf("GET the asset: %d %q", rec.Code, rec.Body)
		}
		if ct := rec.Header().Get("Content-Type"); !strings.Contains(ct, "javascript") {
			t.Errorf("the asset's Content-Type is %q", ct)
		}
		if cc := rec.Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("the hashed asset's Cache-Control is %q, want immutable", cc)
		}
		// Compressed for a browser that accepts gzip (the app's bundle is mostly text).
		big := strings.Repeat(`console.log("科创甬江2035");`, 200)
		dist["assets/vendor-b2.js"] = &fstest.MapFile{Data: []byte(big)}
		req := httptest.NewRequest(http.MethodGet, "/assets/vendor-b2.js", nil)
		req.Header.Set("Accept-Encoding", "gzip")
		rec = httptest.NewRecorder()
		a.Server.Handler().ServeHTTP(rec, req)
		if rec.Header().Get("Content-Encoding") != "gzip" || rec.Body.Len() >= len(big)/4 {
			t.Errorf("the bundle: Content-Encoding %q, %d bytes for %d, want gzip", rec.Header().Get("Content-Encoding"), rec.Body.Len(), len(big))
		} else if zr, err := gzip.NewReader(rec.Body); err != nil {
			t.Error(err)
		} else if got, _ := io.ReadAll(zr); string(got) != big {
			t.Error("the gzipped bundle does not decompress to the file")
		}
		// A missing file is a 404, not the index (a stale page asking for an old bundle must fail plainly).
		for _, path := range []string{"/assets/index-gone.js", "/assets/deep/missing.css", "/favicon.ico", "/app.js.map"} {
			if rec := do(http.MethodGet, path); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), `<div id="root">`) {
				t.Errorf("GET %s: %d %q, want 404", path, rec.Code, rec.Body)
			}
		}
		rec = do(http.MethodGet, "/api/v1/no-such-thing")
		if rec.Code != http.StatusNotFound || !strings.Contains(rec.Header().Get("Content-Type"), "problem+json") {
			t.Errorf("an unknown API path: %d %s %q, want a problem 404", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
		}
	})
}
