package handlers

import (
	"errors"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"
)

// Body limits of the contract: 1 MiB for JSON, 10 MiB for workbook imports.
const (
	maxBodyBytes   = 1 << 20
	maxImportBytes = 10 << 20
)

// errBodyTooLarge is the one answer to a body over its limit.
var errBodyTooLarge = echo.NewHTTPError(http.StatusRequestEntityTooLarge, "the request body is too large")

// limitBody refuses a body over the route's limit before anything reads it:
// at once when Content-Length says so, and when a chunked body (no length)
// grows past the limit while being read, through http.MaxBytesReader, whose
// error every reader of the body turns into 413 (see bodyReadError).
func limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		limit := int64(maxBodyBytes)
		if strings.HasPrefix(c.Path(), "/api/v1/imports/") {
			limit = maxImportBytes
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

// bodyReadError maps a failure to read the request body: over the limit is a
// 413, anything else (the client sent a broken body) the given 400.
func bodyReadError(err error, otherwise error) error {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		return errBodyTooLarge
	}
	return otherwise
}
