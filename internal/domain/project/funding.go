package project

import (
	"fmt"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// Sources and statuses, parsed from caller text.
func Sources() []Source {
	return []Source{SourceMunicipal, SourceProvincial, SourceNational, SourceEnterprise, SourceInvestment}
}

func parseSource(s string) (Source, bool) { return domain.ParseEnum(s, Sources()) }

// FundingStatuses lists every status of a line (they only move forward).
func FundingStatuses() []FundingStatus {
	return []FundingStatus{FundingPlanned, FundingCommitted, FundingDisbursed}
}

// NewLineSources are the sources a line is added with; investment lines come
// from 拨改投 conversion only.
func NewLineSources() []Source {
	return []Source{SourceMunicipal, SourceProvincial, SourceNational, SourceEnterprise}
}

func parseFundingStatus(s string) (FundingStatus, bool) {
	for _, x := range []FundingStatus{FundingPlanned, FundingCommitted, FundingDisbursed} {
		if string(x) == s {
			return x, true
		}
	}
	return "", false
}

var fundingOrder = map[FundingStatus]int{FundingPlanned: 0, FundingCommitted: 1, FundingDisbursed: 2}

// committedTotal is what lines commit: the committed and disbursed ones
// (planned money is not promised yet).
func committedTotal(lines []FundingLine) int64 {
	var n int64
	for _, l := range lines {
		if l.Status != FundingPlanned {
			n += l.Amount
		}
	}
	return n
}

// sums are what the municipal rules read of a project's lines: all its
// municipal money, the matching part of it, and the provincial and national
// money the matching answers.
func sums(lines []FundingLine) (municipal, matching, higher int64) {
	for _, l := range lines {
		switch l.Source {
		case SourceMunicipal:
			municipal += l.Amount
			if l.Matching {
				matching += l.Amount
			}
		case SourceNational, SourceProvincial:
			higher += l.Amount
		}
	}
	return municipal, matching, higher
}

// CheckFunding checks the rules over a project's live (not replaced) lines
// as they would be after a change: every broken rule is one field error. The
// committed and disbursed money never exceeds the budget (which approved
// change requests move).
func CheckFunding(lines []FundingLine, budget int64) error {
	municipal, matching, higher := sums(lines)
	var p domain.Problems
	if municipal > domain.MaxMunicipalSubsidy {
		p.Add("amount", codeMunicipalCap, "max", domain.MaxMunicipalSubsidy, "total", municipal)
	}
	if matching > higher {
		p.Add("matching", codeMatchingCap, "matching", matching, "higher", higher)
	}
	if used := committedTotal(lines); used > budget {
		p.Add("amount", codeOverBudget, "excess", used-budget, "budget", budget, "committed", used)
	}
	if len(p) > 0 {
		return domain.Invalid("the funding rules are not met", p...)
	}
	return nil
}

// yuan formats an amount with thousands separators.
func yuan(n int64) string {
	s := fmt.Sprint(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	out := ""
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out += ","
		}
		out += string(c)
	}
	if neg {
		return "-" + out
	}
	return out
}

// FundingInput creates or edits a funding line; nil fields stay.
type FundingInput struct {
	Source      *string
	Amount      *int64
	Status      *string
	Matching    *bool
	MilestoneID *string
	Version     *int
}
