package project

import (
	"testing"
)

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
