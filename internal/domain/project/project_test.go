package project

import (
	"strings"
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain"
)

func unmetKeys(t *testing.T, from, to Stage, f GateFacts) []string {
	t.Helper()
	err := Unmet(from, to, Gate(from, to, f))
	if err == nil {
		return nil
	}
	var e *domain.Error
	if !errorsAs(err, &e) || e.Kind != domain.KindInvalid {
		t.Fatalf("gate error %v is not a 422", err)
	}
	var keys []string
	for _, fe := range e.Fields {
		keys = append(keys, strings.TrimPrefix(fe.Field, "gate."))
	}
	return keys
}

// TestGates: each condition alone and all together; the 422 lists them all.
func TestGates(t *testing.T) {
	done := []Milestone{{Title: "a", Stage: StageResearch, Status: MilestoneDone}, {Title: "b", Stage: StageResearch, Status: MilestoneAccepted},
		{Title: "c", Stage: StageValidation, Status: MilestonePlanned}}
	open := append([]Milestone{{Title: "d", Stage: StageResearch, Status: MilestonePlanned}}, done...)
	tests := []struct {
		name     string
		from, to Stage
		facts    GateFacts
		unmet    string
	}{
		{"research→validation met", StageResearch, StageValidation, GateFacts{TRL: 5, Milestones: done, HasAcceptedScenario: true}, ""},
		{"research→validation TRL 4", StageResearch, StageValidation, GateFacts{TRL: 4, Milestones: done, HasAcceptedScenario: true}, "trl_5"},
		{"research→validation milestone open", StageResearch, StageValidation, GateFacts{TRL: 5, Milestones: open, HasAcceptedScenario: true}, "research_milestones_done"},
		{"research→validation no scenario", StageResearch, StageValidation, GateFacts{TRL: 9, Milestones: done}, "scenario_accepted"},
		{"research→validation nothing", StageResearch, StageValidation, GateFacts{TRL: 1, Milestones: open}, "research_milestones_done,scenario_accepted,trl_5"},
		{"validation→industrialization met", StageValidation, StageIndustrialization, GateFacts{TRL: 7, HasPassedTrial: true}, ""},
		{"validation→industrialization TRL 6", StageValidation, StageIndustrialization, GateFacts{TRL: 6, HasPassedTrial: true}, "trl_7"},
		{"validation→industrialization no trial", StageValidation, StageIndustrialization, GateFacts{TRL: 8}, "trial_passed"},
		{"validation→industrialization nothing", StageValidation, StageIndustrialization, GateFacts{TRL: 1}, "trial_passed,trl_7"},
		{"industrialization→completed met", StageIndustrialization, StageCompleted, GateFacts{TRL: 8, AcceptanceNote: "验收通过"}, ""},
		{"industrialization→completed TRL 7", StageIndustrialization, StageCompleted, GateFacts{TRL: 7, AcceptanceNote: "验收通过"}, "trl_8"},
		{"industrialization→completed no note", StageIndustrialization, StageCompleted, GateFacts{TRL: 9}, "acceptance_note"},
		{"industrialization→completed nothing", StageIndustrialization, StageCompleted, GateFacts{TRL: 3}, "acceptance_note,trl_8"},
		{"returns have no gate", StageValidation, StageResearch, GateFacts{}, ""},
		{"termination has no gate", StageResearch, StageTerminated, GateFacts{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := strings.Join(unmetKeys(t, tc.from, tc.to, tc.facts), ",")
			if got != tc.unmet {
				t.Fatalf("unmet = %q, want %q", got, tc.unmet)
			}
		})
	}
}
