package project

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
)

// TestChangeMachine: pending → approved, rejected or withdrawn, each final.
func TestChangeMachine(t *testing.T) {
	machinetest.Check(t, ChangeMachine, ChangeStatuses(), machinetest.Spec[ChangeAction, ChangeStatus]{
		ChangeApprove:  {ChangePending: ChangeApproved},
		ChangeReject:   {ChangePending: ChangeRejected},
		ChangeWithdraw: {ChangePending: ChangeWithdrawn},
	})
}
