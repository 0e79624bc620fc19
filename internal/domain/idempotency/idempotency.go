// Package idempotency keeps the first response to a POST that carried an
// Idempotency-Key, so a retried create returns it instead of creating twice.
package idempotency

import (
	"context"
	"time"
)

// TTL is how long a key is remembered.
const TTL = 24 * time.Hour

// Record is a remembered request and, once finished, its response.
type Record struct {
	UserID      string
	Key         string
	RequestHash string
	Status      int // 0 while the first request is still running
	ContentType string
	Body        []byte
	CreatedAt   time.Time
}

// Store keeps records. Reserve inserts a running record and returns
// (existing, false) when the key is already taken (by a live record).
type Store interface {
	Reserve(ctx context.Context, r Record, expiredBefore time.Time) (existing Record, reserved bool, err error)
	Complete(ctx context.Context, userID, key string, status int, contentType string, body []byte) error
	Release(ctx context.Context, userID, key string) error
}
