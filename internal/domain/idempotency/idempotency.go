// Package idempotency keeps the first response to a POST that carried an
// Idempotency-Key, so a retried create returns it instead of creating twice.
package idempotency

import (
	"context"
	"time"
)

// TTL is how long a key is remembered.
const TTL = 24 * time.Hour

// Record is a remembered request and its response.
type Record struct {
	UserID      string
	Key         string
	RequestHash string
	Status      int
	ContentType string
	Body        []byte
	CreatedAt   time.Time
}

// Store keeps records; both calls run in the caller's transaction, the one
// that does the request's work. Reserve inserts the key and returns
// (existing, false) when it is already taken (a concurrent reservation waits
// for the other transaction to end); Complete stores the response.
type Store interface {
	Reserve(ctx context.Context, r Record, expiredBefore time.Time) (existing Record, reserved bool, err error)
	Complete(ctx context.Context, userID, key string, status int, contentType string, body []byte) error
}
