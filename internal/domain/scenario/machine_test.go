package scenario

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
)

// TestMachine: the provider accepts or declines a pending application once;
// only an accepted application gets a trial result (domain.md).
func TestMachine(t *testing.T) {
	machinetest.Check(t, Machine, Statuses(), machinetest.Spec[Action, Status]{
		ActAccept:       {Pending: Accepted},
		ActDecline:      {Pending: Declined},
		ActRecordResult: {Accepted: Accepted},
	})
}
