package domain_test

import (
	"testing"

	"github.com/kcyj2035/portfolio/internal/domain"
)

func TestCleanText(t *testing.T) {
	for _, c := range []struct {
		name          string
		s             string
		single, multi bool
	}{
		{"plain Chinese", "宁波海缆绝缘材料", true, true},
		{"LRM mark", "abc\u200Edef", true, true},
		{"line feed", "第一行\n第二行", false, true},
		{"tab", "a\tb", false, true},
		{"carriage return", "标题\r伪造", false, false},
		{"ESC", "a\x1b[31m", false, false},
		{"BEL", "a\a", false, false},
		{"DEL", "a\x7f", false, false},
		{"C1 NEL", "a\u0085b", false, false},
		{"RLO override", "gpj.\u202Eexe", false, false},
		{"LRI isolate", "a\u2066b\u2069", false, false},
		{"NUL", "a\x00", false, false},
		{"not UTF-8", "a\xff", false, false},
	} {
		if got := domain.CleanText(c.s, domain.SingleLine); got != c.single {
			t.Errorf("%s: single-line %v, want %v", c.name, got, c.single)
		}
		if got := domain.CleanText(c.s, domain.MultiLine); got != c.multi {
			t.Errorf("%s: multi-line %v, want %v", c.name, got, c.multi)
		}
	}
	if got := domain.NormalizeLines("a\r\nb\rc\nd\r"); got != "a\nb\nc\nd\n" {
		t.Errorf("NormalizeLines: %q", got)
	}
}
