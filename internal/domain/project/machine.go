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

// Moves is the stage machine of domain.md as a table: from → to → kind.
var Moves = map[Stage]map[Stage]MoveKind{
	StageProposal:          {StageResearch: MoveApprove, StageRejected: MoveReject},
	StageResearch:          {StageValidation: MoveGate, StageTerminated: MoveTerminate},
	StageValidation:        {StageIndustrialization: MoveGate, StageResearch: MoveReturn, StageTerminated: MoveTerminate},
	StageIndustrialization: {StageCompleted: MoveAccept, StageValidation: MoveReturn, StageTerminated: MoveTerminate},
}

// Stages lists every stage.
func Stages() []Stage {
	return []Stage{StageProposal, StageResearch, StageValidation, StageIndustrialization, StageCompleted, StageRejected, StageTerminated}
}

// ParseStage refuses anything outside the set.
func ParseStage(s string) (Stage, bool) { return domain.ParseEnum(s, Stages()) }

// Move looks up the kind of move from one stage to another; a move the table
// does not have is a 422 naming both stages.
func Move(from, to Stage) (MoveKind, error) {
	if k, ok := Moves[from][to]; ok {
		return k, nil
	}
	return "", domain.Invalidf([]domain.FieldError{domain.Problem("to", codeNoSuchMove, "from", from)},
		"a project cannot move from %s to %s", from, to)
}

// NeedsReason: refusals, terminations and returns are explained.
func (k MoveKind) NeedsReason() bool { return k == MoveReject || k == MoveTerminate || k == MoveReturn }

// WorkStages are the stages work is planned in (milestones belong to one).
func WorkStages() []Stage { return []Stage{StageResearch, StageValidation, StageIndustrialization} }
