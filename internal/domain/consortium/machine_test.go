package consortium

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
)

// TestMachine: a consortium is approved while forming, and dissolved while
// forming or active; nothing leaves dissolved (domain.md).
func TestMachine(t *testing.T) {
	machinetest.Check(t, Machine, Statuses(), machinetest.Spec[Action, Status]{
		ActApprove:  {Forming: Active},
		ActDissolve: {Forming: Dissolved, Active: Dissolved},
	})
}

// TestMembershipMachine: an invitation is accepted or declined once; only a
// member leaves or is removed; declined, left and removed are final.
func TestMembershipMachine(t *testing.T) {
	machinetest.Check(t, MembershipMachine, MemberStatuses(), machinetest.Spec[MembershipAction, MemberStatus]{
		ActAccept:  {Invited: Member},
		ActDecline: {Invited: Declined},
		ActLeave:   {Member: Left},
		ActRemove:  {Member: Removed},
	})
}
