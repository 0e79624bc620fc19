package handlers

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// TestEveryKindHasAStatus: every domain error kind is in the table, with a
// status an HTTP client understands as an error.
func TestEveryKindHasAStatus(t *testing.T) {
	for _, k := range domain.Kinds() {
		st, ok := statusOf[k]
		if !ok {
			t.Errorf("kind %s is missing from statusOf", k)
			continue
		}
		if st < 400 || st > 599 {
			t.Errorf("kind %s maps to %d", k, st)
		}
	}
}

// TestUnknownKindIsInternalError: a kind no table knows is answered 500
// "internal error" (never status 0, never the message) and logged with the
// request id.
func TestUnknownKindIsInternalError(t *testing.T) {
	var logs bytes.Buffer
	s := &Server{log: slog.New(slog.NewTextHandler(&logs, nil)), echo: echo.New()}
	s.echo.HTTPErrorHandler = s.errorHandler
	s.echo.Pre(assignRequestID)
	s.echo.GET("/boom", func(echo.Context) error {
		return &domain.Error{Kind: domain.Kind(999), Message: "secret detail", Fields: []domain.FieldError{{Field: "x"}}}
	})
	rec := httptest.NewRecorder()
	s.echo.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/boom", nil))
	if rec.Code != http.StatusInternalServerError {
		t.Fatalf("status = %d, want 500", rec.Code)
	}
	var p Problem
	if err := json.Unmarshal(rec.Body.Bytes(), &p); err != nil {
		t.Fatal(err)
	}
	if p.Status != 500 || p.Detail != "internal error" || len(p.Errors) != 0 || strings.Contains(rec.Body.String(), "secret") {
		t.Fatalf("problem = %s", rec.Body)
	}
	if p.RequestID == "" || !strings.Contains(logs.String(), "request_id="+p.RequestID) {
		t.Fatalf("the failure was not logged with its request id %q:\n%s", p.RequestID, logs.String())
	}
}
