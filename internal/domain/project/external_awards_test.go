package project

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain"
)

// TestMatchingFor: 1:1 matching, cut by the 5000万 ceiling or by the 1:1 rule
// over all lines, and the reason names the rule that cut it.
func TestMatchingFor(t *testing.T) {
	municipal := func(n int64, matching bool) FundingLine {
		return FundingLine{Source: SourceMunicipal, Amount: n, Matching: matching}
	}
	national := func(n int64) FundingLine { return FundingLine{Source: SourceNational, Amount: n} }
	for _, c := range []struct {
		name   string
		lines  []FundingLine
		amount int64
		want   int64
		why    CapReason
	}{
		{"nothing yet", nil, 10_000_000, 10_000_000, CappedNone},
		{"room left exactly", []FundingLine{municipal(40_000_000, false)}, 10_000_000, 10_000_000, CappedNone},
		{"one yuan over the ceiling", []FundingLine{municipal(40_000_001, false)}, 10_000_000, 9_999_999, CappedMunicipal},
		{"at the ceiling", []FundingLine{municipal(domain.MaxMunicipalSubsidy, false)}, 1, 0, CappedMunicipal},
		// Matching beyond the higher money (a line edited since): the 1:1 rule cuts.
		{"1:1 over all lines", []FundingLine{national(1_000_000), municipal(3_000_000, true)}, 2_000_000, 0, CappedOneToOne},
		{"1:1 partly", []FundingLine{national(1_000_000), municipal(2_000_000, true)}, 2_000_000, 1_000_000, CappedOneToOne},
		{"both: the tighter names it", []FundingLine{national(1_000_000), municipal(1_500_000, true), municipal(48_000_000, false)},
			2_000_000, 500_000, CappedMunicipal},
	} {
		got, why := matchingFor(c.lines, c.amount)
		if got != c.want || why != c.why {
			t.Errorf("%s: %d %q, want %d %q", c.name, got, why, c.want, c.why)
		}
	}
}
