package domain

import "testing"

func TestTextLenCountsCharacters(t *testing.T) {
	s := func(v string) *string { return &v }
	var p Problems
	p.TextLen("title", s("  宁波海缆  "), 4, 4) // 4 characters, 12 bytes, trimmed
	p.TextLen("title", nil, 4, 4)           // not set: not checked
	if len(p) != 0 {
		t.Fatalf("problems for valid text: %v", p)
	}
	p.TextLen("a", s("宁波"), 4, 10)
	p.TextLen("b", s("宁波海缆绝缘"), 1, 5)
	p.TextLen("c", s("   "), 1, 5)
	if len(p) != 3 || p[0].Field != "a" || p[1].Field != "b" || p[2].Field != "c" {
		t.Fatalf("problems = %v", p)
	}
}

func TestMoneyBounds(t *testing.T) {
	n := func(v int64) *int64 { return &v }
	for _, tc := range []struct {
		v        int64
		positive bool
		ok       bool
	}{{0, false, true}, {0, true, false}, {-1, false, false}, {MaxAmount, true, true}, {MaxAmount + 1, false, false}, {1, true, true}} {
		var p Problems
		p.Money("amount", n(tc.v), tc.positive)
		if (len(p) == 0) != tc.ok {
			t.Errorf("Money(%d, positive %v): %v", tc.v, tc.positive, p)
		}
	}
}

func TestCheckVersion(t *testing.T) {
	v := func(n int) *int { return &n }
	if CheckVersion("bid", "b1", 3, nil) != nil || CheckVersion("bid", "b1", 3, v(3)) != nil {
		t.Fatal("a current or absent version is refused")
	}
	if err := CheckVersion("bid", "b1", 3, v(2)); KindOf(err) != KindConflict {
		t.Fatalf("a stale version: %v, want a conflict", err)
	}
}

func TestParseEnum(t *testing.T) {
	type color string
	all := []color{"red", "green"}
	if c, ok := ParseEnum("green", all); !ok || c != "green" {
		t.Fatal("a member is not parsed")
	}
	if _, ok := ParseEnum("Green", all); ok {
		t.Fatal("a non-member is parsed")
	}
}
