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

func line(src Source, amount int64, matching bool) FundingLine {
	return FundingLine{Source: src, Amount: amount, Matching: matching}
}

// TestFundingRules at and around each limit.
func TestFundingRules(t *testing.T) {
	tests := []struct {
		name  string
		lines []FundingLine
		field string // "" = accepted
	}{
		{"municipal 49,999,999", []FundingLine{line(SourceMunicipal, 49_999_999, false)}, ""},
		{"municipal 50,000,000", []FundingLine{line(SourceMunicipal, 50_000_000, false)}, ""},
		{"municipal 50,000,001", []FundingLine{line(SourceMunicipal, 50_000_001, false)}, "amount"},
		{"municipal over the limit in two lines", []FundingLine{line(SourceMunicipal, 30_000_000, false), line(SourceMunicipal, 20_000_001, false)}, "amount"},
		{"other sources do not count", []FundingLine{line(SourceMunicipal, 50_000_000, false), line(SourceEnterprise, 90_000_000, false), line(SourceNational, 60_000_000, false)}, ""},
		{"matching equal to national + provincial", []FundingLine{line(SourceNational, 3_000_000, false), line(SourceProvincial, 2_000_000, false), line(SourceMunicipal, 5_000_000, true)}, ""},
		{"matching above national + provincial", []FundingLine{line(SourceNational, 3_000_000, false), line(SourceProvincial, 2_000_000, false), line(SourceMunicipal, 5_000_001, true)}, "matching"},
		{"matching with no higher funds", []FundingLine{line(SourceMunicipal, 1, true)}, "matching"},
		{"non-matching municipal is not limited by higher funds", []FundingLine{line(SourceMunicipal, 10_000_000, false)}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckFunding(tc.lines, 1<<50)
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var e *domain.Error
			if !errorsAs(err, &e) || e.Kind != domain.KindInvalid || len(e.Fields) != 1 || e.Fields[0].Field != tc.field {
				t.Fatalf("err = %v, want a 422 on %s", err, tc.field)
			}
			if tc.field == "amount" && !strings.Contains(e.Fields[0].Message, "50,000,000") {
				t.Fatalf("the message does not name the rule: %s", e.Fields[0].Message)
			}
			if tc.field == "matching" && !strings.Contains(e.Fields[0].Message, "1:1") {
				t.Fatalf("the message does not name the rule: %s", e.Fields[0].Message)
			}
		})
	}
	// The budget: committed and disbursed money at most the budget; planned
	// money is not promised yet.
	committed := func(amount int64, st FundingStatus) FundingLine {
		return FundingLine{Source: SourceEnterprise, Amount: amount, Status: st}
	}
	for _, tc := range []struct {
		lines  []FundingLine
		budget int64
		excess int64 // 0: accepted
	}{
		{[]FundingLine{committed(6_000_000, FundingCommitted), committed(4_000_000, FundingDisbursed)}, 10_000_000, 0},
		{[]FundingLine{committed(6_000_000, FundingCommitted), committed(4_000_001, FundingDisbursed)}, 10_000_000, 1},
		{[]FundingLine{committed(6_000_000, FundingCommitted), committed(9_000_000, FundingPlanned)}, 6_000_000, 0},
		{[]FundingLine{committed(1, FundingCommitted)}, 0, 1},
	} {
		err := CheckFunding(tc.lines, tc.budget)
		var e *domain.Error
		switch {
		case tc.excess == 0 && err != nil:
			t.Errorf("budget %d: refused %v", tc.budget, err)
		case tc.excess > 0 && (!errorsAs(err, &e) || len(e.Fields) != 1 || e.Fields[0].Params["excess"] != tc.excess):
			t.Errorf("budget %d: %v, want a 422 naming the excess %d", tc.budget, err, tc.excess)
		}
	}
	if yuan(50_000_001) != "50,000,001" || yuan(999) != "999" || yuan(1000) != "1,000" {
		t.Fatal("yuan formatting")
	}
}

// TestParseTarget reads indicators as challenges state them.
func TestParseTarget(t *testing.T) {
	for in, want := range map[string]struct {
		v  float64
		d  Direction
		ok bool
	}{
		"≥ 45": {45, AtLeast, true}, "30": {30, AtLeast, true}, "≤0.5%": {0.5, AtMost, true}, "<= 3": {3, AtMost, true},
		"不超过 2.5": {2.5, AtMost, true}, "不低于 95%": {95, AtLeast, true}, "1,5": {1.5, AtLeast, true}, "-40": {-40, AtLeast, true},
		"达到国际先进水平": {0, AtLeast, false}, "": {0, AtLeast, false},
	} {
		v, d, ok := ParseTarget(in)
		if v != want.v || d != want.d || ok != want.ok {
			t.Errorf("ParseTarget(%q) = %v %v %v, want %+v", in, v, d, ok, want)
		}
	}
}

// TestProgress at and around the target, both ways, capped at 1.
func TestProgress(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	for _, tc := range []struct {
		target float64
		actual *float64
		dir    Direction
		want   *float64
	}{
		{45, nil, AtLeast, nil},
		{45, f(0), AtLeast, f(0)},
		{45, f(36), AtLeast, f(0.8)},
		{45, f(45), AtLeast, f(1)},
		{45, f(90), AtLeast, f(1)},
		{45, f(-5), AtLeast, f(0)},
		{0, f(3), AtLeast, f(1)},
		{0.5, f(0.5), AtMost, f(1)},
		{0.5, f(0.4), AtMost, f(1)},
		{0.5, f(1), AtMost, f(0.5)},
		{0.5, f(0), AtMost, f(1)},
	} {
		got := KPI{Target: tc.target, Actual: tc.actual, Direction: tc.dir}.Progress()
		if (got == nil) != (tc.want == nil) || (got != nil && *got != *tc.want) {
			t.Errorf("%s %v, actual %v: progress %v, want %v", tc.dir, tc.target, deref(tc.actual), deref(got), deref(tc.want))
		}
	}
}

func deref(p *float64) any {
	if p == nil {
		return nil
	}
	return *p
}
