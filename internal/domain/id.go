package domain

import "github.com/google/uuid"

// NewID returns a new time-ordered identifier (UUIDv7), so sorting by id is
// sorting by creation and keyset paging by id is stable.
func NewID() string { return uuid.Must(uuid.NewV7()).String() }
