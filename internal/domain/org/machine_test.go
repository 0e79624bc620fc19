package org

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
)

// TestMachine: an organization registers pending and an admin verifies it
// once (domain.md); verified is final.
func TestMachine(t *testing.T) {
	machinetest.Check(t, Machine, Statuses(), machinetest.Spec[Action, Status]{
		ActVerify: {StatusPending: StatusVerified},
	})
}
