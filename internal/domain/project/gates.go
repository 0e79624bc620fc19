package project

import (
	"fmt"

	"github.com/kcyj2035/portfolio/internal/domain"
)

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
