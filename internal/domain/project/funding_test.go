package project

import (
	"strings"
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/machinetest"
)

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

// TestFundingMachine: planned → committed → disbursed, forward only (a
// planned line may be marked disbursed at once); disbursed is final.
func TestFundingMachine(t *testing.T) {
	machinetest.Check(t, FundingMachine, FundingStatuses(), machinetest.Spec[FundingAction, FundingStatus]{
		FundingCommit:   {FundingPlanned: FundingCommitted},
		FundingDisburse: {FundingPlanned: FundingDisbursed, FundingCommitted: FundingDisbursed},
	})
}
