package subsidy

import (
	"fmt"
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain/org"
)

func policy(budget int64) Policy {
	return Policy{Year: 2026, Cap: 2_000_000, MinExpense: 1_000_000, Budget: budget,
		Rates: map[org.Tier]BasisPoints{org.TierTechSME: 1000, org.TierHighTech: 750, org.TierLittleGiant: 1500, org.TierLeader: 500}}
}

func applicant(id string, tier org.Tier, expense int64) Applicant {
	return Applicant{OrganizationID: id, Tier: tier, DeclaredTier: tier, District: "haishu", Verified: true, RDExpense: expense}
}

// TestTheRuleAtItsLimits: min(expense × rate, cap) in whole yuan; exactly the
// cap, just over it, the minimum expense and one yuan under it.
func TestTheRuleAtItsLimits(t *testing.T) {
	for _, tc := range []struct {
		name string
		a    Applicant
		want int64 // 0: no line
	}{
		{"10 % of 5,000,000", applicant("a", org.TierTechSME, 5_000_000), 500_000},
		{"7.5 % rounds down", applicant("a", org.TierHighTech, 1_000_003), 75_000},
		{"exactly the cap", applicant("a", org.TierTechSME, 20_000_000), 2_000_000},
		{"just over the cap", applicant("a", org.TierTechSME, 20_000_010), 2_000_000},
		{"just under the cap", applicant("a", org.TierTechSME, 19_999_990), 1_999_999},
		{"exactly the minimum expense", applicant("a", org.TierTechSME, 1_000_000), 100_000},
		{"one yuan under the minimum", applicant("a", org.TierTechSME, 999_999), 0},
		{"no tier", applicant("a", org.TierNone, 5_000_000), 0},
		{"a pending organization", Applicant{OrganizationID: "a", Tier: org.TierTechSME, RDExpense: 5_000_000}, 0},
		{"a huge expense does not overflow", applicant("a", org.TierLeader, 9_000_000_000_000_000), 2_000_000},
	} {
		b := Compute(policy(1<<40), []Applicant{tc.a})
		var got int64
		if len(b.Lines) == 1 {
			got = b.Lines[0].Amount
		} else if len(b.Lines) > 1 {
			t.Fatalf("%s: %d lines", tc.name, len(b.Lines))
		}
		if got != tc.want || b.Scaled {
			t.Errorf("%s: %d (scaled %v), want %d", tc.name, got, b.Scaled, tc.want)
		}
	}
}

// TestOversubscribed: one yuan short of what the lines ask, every line is
// scaled down pro rata, rounded down, and the total never exceeds the budget.
func TestOversubscribed(t *testing.T) {
	as := []Applicant{applicant("c", org.TierTechSME, 5_000_000), applicant("a", org.TierHighTech, 3_333_333),
		applicant("b", org.TierLittleGiant, 7_777_777)}
	full := Compute(policy(1<<40), as)
	if full.Scaled || full.Total != full.Requested || full.Total != 500_000+249_999+1_166_666 {
		t.Fatalf("enough budget: %+v", full)
	}
	short := Compute(policy(full.Requested-1), as)
	if !short.Scaled || short.Total > full.Requested-1 || short.Requested != full.Requested {
		t.Fatalf("one yuan short: total %d of budget %d, scaled %v", short.Total, full.Requested-1, short.Scaled)
	}
	for i, l := range short.Lines {
		if l.Amount > l.Computed || l.Amount < l.Computed-1 {
			t.Errorf("line %s: %d of %d computed", l.OrganizationID, l.Amount, l.Computed)
		}
		if i > 0 && short.Lines[i-1].OrganizationID > l.OrganizationID {
			t.Errorf("lines out of order")
		}
	}
	// A much smaller budget, and many lines: still never above it.
	var many []Applicant
	for i := range 2300 {
		many = append(many, applicant(fmt.Sprintf("org%04d", i), org.Tiers()[i%4], int64(1_000_000+i*7919)))
	}
	for _, budget := range []int64{1, 999, 360_000_000, 123_456_789} {
		b := Compute(policy(budget), many)
		if b.Total > budget {
			t.Errorf("budget %d: total %d", budget, b.Total)
		}
		var d int64
		for _, x := range b.ByDistrict {
			d += x.Total
		}
		if d != b.Total {
			t.Errorf("districts add up to %d, the batch to %d", d, b.Total)
		}
	}
}

// TestTierAtComputation: the tier the organization has when the batch is
// computed counts, and the line says it changed since the declaration.
func TestTierAtComputation(t *testing.T) {
	a := applicant("a", org.TierLittleGiant, 4_000_000)
	a.DeclaredTier = org.TierTechSME
	b := Compute(policy(1<<40), []Applicant{a})
	if len(b.Lines) != 1 || b.Lines[0].Amount != 600_000 || !b.Lines[0].TierChanged || b.Lines[0].Tier != org.TierLittleGiant {
		t.Fatalf("%+v", b.Lines)
	}
}

func TestPolicyValidate(t *testing.T) {
	p := policy(0)
	p.Rates[org.TierLeader] = MaxRate + 1
	p.Rates["giant"] = 100
	p.Cap = 0
	p.MinExpense = -1
	got := map[string]bool{}
	for _, f := range p.Validate() {
		got[f.Field] = true
	}
	for _, f := range []string{"rates.leader", "rates.giant", "cap_per_enterprise", "budget", "min_expense"} {
		if !got[f] {
			t.Errorf("no problem on %s: %v", f, got)
		}
	}
	if pr := policy(1).Validate(); len(pr) != 0 {
		t.Errorf("a good policy: %v", pr)
	}
}
