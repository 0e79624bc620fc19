// Package subsidy is 研值在线's R&D post-subsidy (研发后补助): enterprises
// declare their yearly R&D expense, a program manager sets the year's policy
// (a rate per enterprise tier, a per-enterprise cap, a minimum expense, the
// year's budget) and one click computes the batch (一键生成), aggregated by
// district (一键归集).
//
// This file is the rule itself, in integer yuan, with no storage: a line per
// qualifying verified enterprise, min(expense × rate(tier), cap); when the
// lines add up to more than the budget every line is scaled down pro rata,
// rounded down, so the total never exceeds the budget.
package subsidy

import (
	"math/bits"
	"slices"
	"strings"

	"github.com/kcyj2035/portfolio/internal/domain"
	"github.com/kcyj2035/portfolio/internal/domain/org"
)

// BasisPoints is a rate in hundredths of a percent (7.5 % = 750), so that a
// policy's percentages with up to two decimals compute exactly.
type BasisPoints int64

// MaxRate is 100 %: a subsidy is never more than the expense.
const MaxRate BasisPoints = 10_000

// Policy is a year's subsidy policy.
type Policy struct {
	Year       int
	Rates      map[org.Tier]BasisPoints // a tier without a rate does not qualify
	Cap        int64                    // yuan per enterprise
	MinExpense int64                    // yuan: less does not qualify
	Budget     int64                    // yuan: the batch's total never exceeds it
}

// Applicant is a declaration with what the computation needs of its
// organization as it is at computation time.
type Applicant struct {
	OrganizationID string
	Tier           org.Tier // the tier now, not when declared
	DeclaredTier   org.Tier // the tier when declared, to say so when it changed
	District       string
	Verified       bool
	RDExpense      int64 // yuan
}

// Line is one enterprise's subsidy.
type Line struct {
	OrganizationID string
	Tier           org.Tier
	TierChanged    bool // the tier at computation differs from the declaration's
	District       string
	RDExpense      int64
	Computed       int64 // min(expense × rate, cap)
	Amount         int64 // Computed, scaled down if the batch is oversubscribed
}

// DistrictTotal is one district's share (一键归集).
type DistrictTotal struct {
	District    string
	Name        string // the district's name, when read back
	Enterprises int
	Total       int64
}

// Batch is a computed batch.
type Batch struct {
	Lines      []Line
	Total      int64 // the sum of the amounts: never above the budget
	Requested  int64 // the sum of the computed lines, before scaling
	Scaled     bool
	ByDistrict []DistrictTotal
}

// mulDiv is ⌊a × b / c⌋ without overflow (a, b, c ≥ 0, c > 0, the result fits).
func mulDiv(a, b, c int64) int64 {
	hi, lo := bits.Mul64(uint64(a), uint64(b))
	q, _ := bits.Div64(hi, lo, uint64(c))
	return int64(q)
}

// Compute applies the policy to the applicants. Lines are in organization
// order; the result is the same whatever the applicants' order.
func Compute(p Policy, applicants []Applicant) Batch {
	var b Batch
	for _, a := range applicants {
		rate, ok := p.Rates[a.Tier]
		if !a.Verified || !ok || rate <= 0 || a.RDExpense < p.MinExpense || a.RDExpense <= 0 {
			continue
		}
		computed := min(mulDiv(a.RDExpense, int64(min(rate, MaxRate)), 10_000), p.Cap)
		if computed <= 0 {
			continue
		}
		b.Lines = append(b.Lines, Line{OrganizationID: a.OrganizationID, Tier: a.Tier, TierChanged: a.DeclaredTier != "" && a.DeclaredTier != a.Tier,
			District: a.District, RDExpense: a.RDExpense, Computed: computed, Amount: computed})
		b.Requested += computed
	}
	slices.SortFunc(b.Lines, func(x, y Line) int { return strings.Compare(x.OrganizationID, y.OrganizationID) })
	if b.Requested > p.Budget {
		b.Scaled = true
		for i := range b.Lines {
			b.Lines[i].Amount = mulDiv(b.Lines[i].Computed, max(p.Budget, 0), b.Requested)
		}
	}
	districts := map[string]*DistrictTotal{}
	for _, l := range b.Lines {
		b.Total += l.Amount
		d := districts[l.District]
		if d == nil {
			d = &DistrictTotal{District: l.District}
			districts[l.District] = d
		}
		d.Enterprises++
		d.Total += l.Amount
	}
	for _, d := range districts {
		b.ByDistrict = append(b.ByDistrict, *d)
	}
	slices.SortFunc(b.ByDistrict, func(x, y DistrictTotal) int { return strings.Compare(x.District, y.District) })
	return b
}

// Validate names every field of the policy that breaks a rule: rates from 0
// to 100 % for known tiers, a positive cap and budget, a minimum expense not
// below zero.
func (p Policy) Validate() domain.Problems {
	var pr domain.Problems
	for tier, r := range p.Rates {
		if !slices.Contains(org.Tiers(), tier) {
			pr.Add("rates."+string(tier), domain.CodeOneOf, "allowed", domain.EnumList(org.Tiers()))
		} else if r < 0 || r > MaxRate {
			pr.Add("rates."+string(tier), codeRate)
		}
	}
	pr.Money("cap_per_enterprise", &p.Cap, true)
	pr.Money("budget", &p.Budget, true)
	pr.Money("min_expense", &p.MinExpense, false)
	return pr
}

var codeRate = domain.NewCode("subsidy.rate", "must be a percentage from 0 to 100", "须为 0 至 100 之间的百分比")
