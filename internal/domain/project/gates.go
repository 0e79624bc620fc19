package project

import (
	"fmt"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Condition is one requirement of a stage gate and whether it holds.
type Condition struct {
	Key    string
	Code   domain.Code
	Params []any // name, value pairs
	Met    bool
}

// In is the condition said in lang, as a field problem: "gate.<key>", its
// code, params and words.
func (c Condition) In(lang domain.Lang) domain.FieldError {
	return domain.Problem("gate."+c.Key, c.Code, c.Params...).In(lang)
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
			Code: codeGateTRL, Params: []any{"min", min, "trl", f.TRL}}
	}
	switch {
	case from == StageResearch && to == StageValidation:
		var open []string
		for _, m := range f.Milestones {
			if m.Stage == StageResearch && m.Status == MilestonePlanned {
				open = append(open, m.Title)
			}
		}
		done := Condition{Key: "research_milestones_done", Code: codeGateMilestonesDone, Met: len(open) == 0}
		if len(open) > 0 {
			done.Code, done.Params = codeGateMilestonesOpen, []any{"count", len(open), "titles", joinShort(open)}
		}
		return []Condition{
			done,
			{Key: "scenario_accepted", Code: codeGateScenarioAccepted, Met: f.HasAcceptedScenario},
			trl(5),
		}
	case from == StageValidation && to == StageIndustrialization:
		return []Condition{
			{Key: "trial_passed", Code: codeGateTrialPassed, Met: f.HasPassedTrial},
			trl(7),
		}
	case from == StageIndustrialization && to == StageCompleted:
		return []Condition{
			{Key: "acceptance_note", Code: codeGateAcceptanceNote, Met: f.AcceptanceNote != ""},
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
			p = append(p, c.In(domain.English))
		}
	}
	if len(p) == 0 {
		return nil
	}
	return domain.Invalidf(p, domain.Msg("the gate from %s to %s is not met", "从「%s」到「%s」的阶段门槛尚未满足"), from, to)
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
