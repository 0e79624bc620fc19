package challenge

import (
	"slices"
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain"
)

func TestShortlistTiesAtTheBoundary(t *testing.T) {
	rows := []RankRow{{BidID: "d", MeanTotal: 60}, {BidID: "a", MeanTotal: 80}, {BidID: "c", MeanTotal: 70}, {BidID: "b", MeanTotal: 70}}
	for _, tc := range []struct {
		n    int
		want []string
	}{
		{1, []string{"a"}},
		{2, []string{"a", "b", "c"}}, // b and c tie for second: both go through
		{3, []string{"a", "b", "c"}},
		{4, []string{"a", "b", "c", "d"}},
		{9, []string{"a", "b", "c", "d"}}, // fewer bids than places
	} {
		if got := shortlist(rows, tc.n); !slices.Equal(got, tc.want) {
			t.Errorf("shortlist of %d: %v, want %v", tc.n, got, tc.want)
		}
	}
	if got := shortlist([]RankRow{{BidID: "x", MeanTotal: 50}, {BidID: "y", MeanTotal: 50}}, 1); !slices.Equal(got, []string{"x", "y"}) {
		t.Errorf("all tied: %v", got)
	}
	if got := shortlist(nil, 2); len(got) != 0 {
		t.Errorf("nothing scored: %v", got)
	}
}

func TestCheckRounds(t *testing.T) {
	codes := func(rounds []Round, maxWinners int) []string {
		var p domain.Problems
		checkRounds(rounds, maxWinners, &p)
		var out []string
		for _, e := range p {
			out = append(out, e.Field+":"+string(e.Code))
		}
		return out
	}
	if got := codes(nil, 1); len(got) != 0 {
		t.Errorf("no rounds: %v", got)
	}
	if got := codes([]Round{{Name: "评审", Weight: 100}}, 1); len(got) != 0 {
		t.Errorf("one round of 100: %v", got)
	}
	if got := codes([]Round{{Name: "初评", Weight: 40, Shortlist: 2}, {Name: "答辩", Weight: 60}}, 2); len(got) != 0 {
		t.Errorf("two rounds: %v", got)
	}
	for _, tc := range []struct {
		rounds     []Round
		maxWinners int
		want       string
	}{
		{[]Round{{Name: "初评", Weight: 40, Shortlist: 2}, {Name: "答辩", Weight: 59}}, 1, "rounds:review.weights_sum"},
		{[]Round{{Name: "初评", Weight: 41, Shortlist: 2}, {Name: "答辩", Weight: 60}}, 1, "rounds:review.weights_sum"},
		{[]Round{{Name: "初评", Weight: 40, Shortlist: 1}, {Name: "答辩", Weight: 60}}, 2, "rounds[0].shortlist:review.shortlist"},
		{[]Round{{Name: "初评", Weight: 40, Shortlist: 101}, {Name: "答辩", Weight: 60}}, 1, "rounds[0].shortlist:review.shortlist"},
		{[]Round{{Name: "初评", Weight: 40, Shortlist: 2}, {Name: "答辩", Weight: 60, Shortlist: 1}}, 1, "rounds[1].shortlist:review.last_shortlist"},
		{[]Round{{Name: "", Weight: 40, Shortlist: 2}, {Name: "答辩", Weight: 60}}, 1, "rounds[0].name:review.round_name"},
		{[]Round{{Name: "初评", Weight: -10, Shortlist: 2}, {Name: "答辩", Weight: 110}}, 1, "rounds[0].weight:out_of_range"},
		{make([]Round, MaxRounds+1), 1, "rounds:too_many"},
	} {
		if got := codes(tc.rounds, tc.maxWinners); !slices.Contains(got, tc.want) {
			t.Errorf("%+v: %v, want %s", tc.rounds, got, tc.want)
		}
	}
}
