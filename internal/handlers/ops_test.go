package handlers_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	at "github.com/kcyj2035/portfolio/internal/apitest"
	"github.com/kcyj2035/portfolio/internal/app"
	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/handlers"
	"github.com/kcyj2035/portfolio/internal/store"
	"github.com/kcyj2035/portfolio/internal/store/storetest"
)

func TestOperations(t *testing.T) {
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := at.New(t, db)
		r := at.Expect(t, env.Get("", "/readyz"), 200)
		for h, want := range map[string]string{"X-Content-Type-Options": "nosniff", "X-Frame-Options": "DENY"} {
			if r.Header.Get(h) != want {
				t.Errorf("%s = %q", h, r.Header.Get(h))
			}
		}
		if !strings.Contains(r.Header.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("CSP = %q", r.Header.Get("Content-Security-Policy"))
		}
		// Request ids: a plain one is kept, junk is replaced.
		r = env.Do(at.Request{Method: "GET", Path: "/healthz", Headers: map[string]string{"X-Request-ID": "abc-123"}})
		if r.Header.Get("X-Request-ID") != "abc-123" {
			t.Errorf("request id = %q", r.Header.Get("X-Request-ID"))
		}
		r = env.Do(at.Request{Method: "GET", Path: "/healthz", Headers: map[string]string{"X-Request-ID": "evil\tinjected"}})
		if strings.Contains(r.Header.Get("X-Request-ID"), "evil") {
			t.Errorf("junk request id kept")
		}

		// Metrics: loopback yes, elsewhere no.
		m := at.Expect(t, env.Get("", "/metrics"), 200)
		for _, want := range []string{"portfolio_http_requests_total", "portfolio_http_request_duration_seconds", "go_sql_open_connections"} {
			if !strings.Contains(string(m.Body), want) {
				t.Errorf("metrics lack %s", want)
			}
		}
		at.Expect(t, env.Do(at.Request{Method: "GET", Path: "/metrics", Remote: "203.0.113.9:5000"}), 403)

		// The web app's index for client routes; API paths never fall through to it.
		at.Expect(t, env.Get("", "/projects/123"), 200)
		r = at.Expect(t, env.Get("", "/api/v1/no-such-thing"), 404)
		if r.Header.Get("Content-Type") != "application/problem+json" {
			t.Error("unknown API path is not a problem document")
		}

		// The database goes away: readiness says so, liveness does not, requests fail fast with 503.
		_ = db.Close()
		at.Expect(t, env.Get("", "/healthz"), 200)
		at.Expect(t, env.Get("", "/readyz"), 503)
		r = at.Expect(t, env.Get("", "/api/v1/fields"), 503)
		if r.Header.Get("Retry-After") == "" {
			t.Error("503 without Retry-After")
		}
	})
}

func TestMetricsTokenAndCORS(t *testing.T) {
	db := storetest.Drivers(t)[0].Open(t)
	a, err := app.New(db, app.Options{Blobs: at.Blobs(t), JWTSecret: []byte("test-secret-test-secret-test-secret!"), BcryptCost: 4,
		Clock: domain.NewManualClock(at.Start), Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
		HTTP: handlers.Deps{MetricsToken: "s3cret-metrics", CORSOrigins: []string{"https://portal.example.cn"}}})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Prepare(context.Background(), "", ""); err != nil {
		t.Fatal(err)
	}
	env := &at.Env{T: t, DB: db, App: a}
	at.Expect(t, env.Get("", "/metrics"), 403) // even from loopback: a token is configured
	at.Expect(t, env.Do(at.Request{Method: "GET", Path: "/metrics", Remote: "203.0.113.9:1",
		Headers: map[string]string{"Authorization": "Bearer s3cret-metrics"}}), 200)

	r := env.Do(at.Request{Method: "GET", Path: "/api/v1/fields", Headers: map[string]string{"Origin": "https://portal.example.cn"}})
	if r.Header.Get("Access-Control-Allow-Origin") != "https://portal.example.cn" {
		t.Errorf("allowed origin not echoed: %v", r.Header)
	}
	r = env.Do(at.Request{Method: "GET", Path: "/api/v1/fields", Headers: map[string]string{"Origin": "https://evil.example"}})
	if r.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("foreign origin allowed: %q", r.Header.Get("Access-Control-Allow-Origin"))
	}
	r = env.Do(at.Request{Method: http.MethodOptions, Path: "/api/v1/fields", Headers: map[string]string{
		"Origin": "https://portal.example.cn", "Access-Control-Request-Method": "POST"}})
	if r.Status >= 300 {
		t.Errorf("preflight = %d", r.Status)
	}
}
