package project

import (
	"fmt"

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
func ParseStage(s string) (Stage, bool) {
	for _, st := range Stages() {
		if string(st) == s {
			return st, true
		}
	}
	return "", false
}

// Move looks up the kind of move from one stage to another; a move the table
// does not have is a 422 naming both stages.
func Move(from, to Stage) (MoveKind, error) {
	if k, ok := Moves[from][to]; ok {
		return k, nil
	}
	return "", domain.Invalid(fmt.Sprintf("a project cannot move from %s to %s", from, to),
		domain.FieldError{Field: "to", Message: fmt.Sprintf("not a move the stage machine allows from %s", from)})
}

// NeedsReason: refusals, terminations and returns are explained.
func (k MoveKind) NeedsReason() bool { return k == MoveReject || k == MoveTerminate || k == MoveReturn }

// Condition is one requirement of a stage gate and whether it holds.
type Condition struct {
	Key         string
	Description string
	Met         bool
}

// GateFacts are what the gates look at.
type GateFacts struct {
	TRL                 int
	Milestones          []Milestone
	HasAcceptedScenario bool // an application scenario accepted the project
	HasPassedTrial      bool // a scenario trial in validation passed, with its report
	AcceptanceNote      string
}

// Gate lists the conditions of the move from → to (none for moves without a
// gate), each with whether it is met: backed by evidence and readiness.
func Gate(from, to Stage, f GateFacts) []Condition {
	trl := func(min int) Condition {
		return Condition{Key: fmt.Sprintf("trl_%d", min), Met: f.TRL >= min,
			Description: fmt.Sprintf("technology readiness level at least %d (now %d)", min, f.TRL)}
	}
	switch {
	case from == StageResearch && to == StageValidation:
		var open []string
		for _, m := range f.Milestones {
			if m.Stage == StageResearch && m.Status == MilestonePlanned {
				open = append(open, m.Title)
			}
		}
		desc := "every milestone due in research is done"
		if len(open) > 0 {
			desc += fmt.Sprintf(" (%d not done: %s)", len(open), joinShort(open))
		}
		return []Condition{
			{Key: "research_milestones_done", Description: desc, Met: len(open) == 0},
			{Key: "scenario_accepted", Description: "an application scenario has accepted the project", Met: f.HasAcceptedScenario},
			trl(5),
		}
	case from == StageValidation && to == StageIndustrialization:
		return []Condition{
			{Key: "trial_passed", Description: "a scenario trial has passed, with its report", Met: f.HasPassedTrial},
			trl(7),
		}
	case from == StageIndustrialization && to == StageCompleted:
		return []Condition{
			{Key: "acceptance_note", Description: "an acceptance note (验收意见) is given as the move's evidence", Met: f.AcceptanceNote != ""},
			trl(8),
		}
	}
	return nil
}

// Unmet turns the unmet conditions into one 422 listing every one of them.
func Unmet(from, to Stage, cs []Condition) error {
	var p domain.Problems
	for _, c := range cs {
		if !c.Met {
			p.Add("gate."+c.Key, "%s", c.Description)
		}
	}
	if len(p) == 0 {
		return nil
	}
	return domain.Invalid(fmt.Sprintf("the gate from %s to %s is not met", from, to), p...)
}

func joinShort(ss []string) string {
	out := ""
	for i, s := range ss {
		if i == 3 {
			return out + "…"
		}
		if i > 0 {
			out += "、"
		}
		out += s
	}
	return out
}
