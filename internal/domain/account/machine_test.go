package account

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
)

// TestMachine: admins disable an active account and enable a disabled one.
func TestMachine(t *testing.T) {
	machinetest.Check(t, Machine, Statuses(), machinetest.Spec[Action, Status]{
		ActDisable: {StatusActive: StatusDisabled},
		ActEnable:  {StatusDisabled: StatusActive},
	})
	if (User{Disabled: true}).Status() != StatusDisabled || (User{}).Status() != StatusActive {
		t.Error("a user's status does not follow its Disabled flag")
	}
}
