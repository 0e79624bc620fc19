package project

import (
	"github.com/kcyj2035/portfolio/internal/domain"
)

// MoveKind names a kind of stage move.
type MoveKind string

const (
	MoveApprove   MoveKind = "approve"   // proposal → research; assigns the code
	MoveReject    MoveKind = "reject"    // proposal → rejected
	MoveGate      MoveKind = "gate"      // research → validation → industrialization
	MoveAccept    MoveKind = "accept"    // industrialization → completed (验收)
	MoveReturn    MoveKind = "return"    // one stage back
	MoveTerminate MoveKind = "terminate" // any active stage → terminated
)

// StageAction moves a project from one stage to another. A caller names the
// stage it wants (the API's transition is from → to); Move finds the action.
type StageAction string

const (
	StageApprove                StageAction = "approve"
	StageReject                 StageAction = "reject"
	StageStartValidation        StageAction = "start_validation"
	StageStartIndustrialization StageAction = "start_industrialization"
	StageAccept                 StageAction = "accept"
	StageBackToResearch         StageAction = "back_to_research"
	StageBackToValidation       StageAction = "back_to_validation"
	StageTerminate              StageAction = "terminate"
)

// StageMachine is the stage machine of docs/domain.md §4 as a table.
var StageMachine = domain.Machine[StageAction, Stage]{Entity: domain.Text{En: "project", Zh: "项目"},
	Rows: map[StageAction]domain.Transition[Stage]{
		StageApprove:                {From: []Stage{StageProposal}, To: StageResearch},
		StageReject:                 {From: []Stage{StageProposal}, To: StageRejected},
		StageStartValidation:        {From: []Stage{StageResearch}, To: StageValidation},
		StageStartIndustrialization: {From: []Stage{StageValidation}, To: StageIndustrialization},
		StageAccept:                 {From: []Stage{StageIndustrialization}, To: StageCompleted},
		StageBackToResearch:         {From: []Stage{StageValidation}, To: StageResearch},
		StageBackToValidation:       {From: []Stage{StageIndustrialization}, To: StageValidation},
		StageTerminate:              {From: []Stage{StageResearch, StageValidation, StageIndustrialization}, To: StageTerminated},
	}}

// stageMoveKind is the kind of each action: what the move asks (a gate, a
// reason, the code).
var stageMoveKind = map[StageAction]MoveKind{
	StageApprove: MoveApprove, StageReject: MoveReject, StageStartValidation: MoveGate, StageStartIndustrialization: MoveGate,
	StageAccept: MoveAccept, StageBackToResearch: MoveReturn, StageBackToValidation: MoveReturn, StageTerminate: MoveTerminate,
}

// Stages lists every stage.
func Stages() []Stage {
	return []Stage{StageProposal, StageResearch, StageValidation, StageIndustrialization, StageCompleted, StageRejected, StageTerminated}
}

// ParseStage refuses anything outside the set.
func ParseStage(s string) (Stage, bool) { return domain.ParseEnum(s, Stages()) }

// Move looks up the kind of move from one stage to another through the
// stage machine; a move it does not have is a 422 naming both stages.
func Move(from, to Stage) (MoveKind, error) {
	for a, t := range StageMachine.Rows {
		if t.To == to && StageMachine.Allows(a, from) {
			return stageMoveKind[a], nil
		}
	}
	return "", domain.Invalidf([]domain.FieldError{domain.Problem("to", codeNoSuchMove, "from", from)},
		domain.Msg("a project cannot move from %s to %s", "项目不能从「%s」转到「%s」"), from, to)
}

// NeedsReason: refusals, terminations and returns are explained.
func (k MoveKind) NeedsReason() bool { return k == MoveReject || k == MoveTerminate || k == MoveReturn }

// WorkStages are the stages work is planned in (milestones belong to one).
func WorkStages() []Stage { return []Stage{StageResearch, StageValidation, StageIndustrialization} }
