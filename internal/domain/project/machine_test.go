package project

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
)

// TestStageMachine: the stage machine of docs/domain.md §4, written out.
func TestStageMachine(t *testing.T) {
	machinetest.Check(t, StageMachine, Stages(), machinetest.Spec[StageAction, Stage]{
		StageApprove:                {StageProposal: StageResearch},
		StageReject:                 {StageProposal: StageRejected},
		StageStartValidation:        {StageResearch: StageValidation},
		StageStartIndustrialization: {StageValidation: StageIndustrialization},
		StageAccept:                 {StageIndustrialization: StageCompleted},
		StageBackToResearch:         {StageValidation: StageResearch},
		StageBackToValidation:       {StageIndustrialization: StageValidation},
		StageTerminate:              {StageResearch: StageTerminated, StageValidation: StageTerminated, StageIndustrialization: StageTerminated},
	})
}

// TestMoves checks every (from, to) pair against domain.md's stage machine.
func TestMoves(t *testing.T) {
	want := map[Stage]map[Stage]MoveKind{
		StageProposal:          {StageResearch: MoveApprove, StageRejected: MoveReject},
		StageResearch:          {StageValidation: MoveGate, StageTerminated: MoveTerminate},
		StageValidation:        {StageIndustrialization: MoveGate, StageResearch: MoveReturn, StageTerminated: MoveTerminate},
		StageIndustrialization: {StageCompleted: MoveAccept, StageValidation: MoveReturn, StageTerminated: MoveTerminate},
	}
	for _, from := range Stages() {
		for _, to := range Stages() {
			kind, err := Move(from, to)
			w, ok := want[from][to]
			switch {
			case ok && (err != nil || kind != w):
				t.Errorf("%s → %s: %v %v, want %s", from, to, kind, err, w)
			case !ok && err == nil:
				t.Errorf("%s → %s allowed as %s; the spec forbids it", from, to, kind)
			case !ok && domain.KindOf(err) != domain.KindInvalid:
				t.Errorf("%s → %s: error kind %v", from, to, domain.KindOf(err))
			}
		}
	}
	for _, k := range []MoveKind{MoveReject, MoveTerminate, MoveReturn} {
		if !k.NeedsReason() {
			t.Errorf("%s needs a reason", k)
		}
	}
	for _, k := range []MoveKind{MoveApprove, MoveGate, MoveAccept} {
		if k.NeedsReason() {
			t.Errorf("%s needs no reason", k)
		}
	}
}
