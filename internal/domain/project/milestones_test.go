package project

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
)

// TestMilestoneMachine: planned → done (the lead) → accepted, or back to
// planned (a program manager), as domain.md says.
func TestMilestoneMachine(t *testing.T) {
	machinetest.Check(t, MilestoneMachine, MilestoneStatuses(), machinetest.Spec[MilestoneAction, MilestoneStatus]{
		MilestoneMarkDone: {MilestonePlanned: MilestoneDone},
		MilestoneAccept:   {MilestoneDone: MilestoneAccepted},
		MilestoneSendBack: {MilestoneDone: MilestonePlanned},
	})
	for _, a := range MilestoneMachine.Actions() {
		if MilestoneByLead[a] != (a == MilestoneMarkDone) {
			t.Errorf("%s by the lead: %v", a, MilestoneByLead[a])
		}
	}
}
