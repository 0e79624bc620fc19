package domain

import (
	"regexp"
	"slices"
	"testing"
)

var placeholder = regexp.MustCompile(`\{([a-z_]+)\}`)

func names(s string) []string {
	var out []string
	for _, m := range placeholder.FindAllStringSubmatch(s, -1) {
		out = append(out, m[1])
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// Every code says the same params in both languages, and says them all.
func TestCodesSayTheSameParamsInBothLanguages(t *testing.T) {
	if len(Codes()) < 20 {
		t.Fatalf("only %d codes registered", len(Codes()))
	}
	for id, text := range Codes() {
		if text.En == "" || text.Zh == "" {
			t.Errorf("%s: a language is missing: %+v", id, text)
		}
		if en, zh := names(text.En), names(text.Zh); !slices.Equal(en, zh) {
			t.Errorf("%s: English names %v, Chinese %v", id, en, zh)
		}
	}
}

func TestProblemSaysItselfInEitherLanguage(t *testing.T) {
	p := Problem("funding_cap", CodeOutOfRange, "min", 0, "max", int64(50_000_000))
	if p.Code != "out_of_range" || p.Params["max"] != int64(50_000_000) {
		t.Fatalf("code and params: %+v", p)
	}
	if p.Message != "must be from 0 to 50,000,000" {
		t.Errorf("English: %q", p.Message)
	}
	if zh := p.In(Chinese).Message; zh != "须在 0 至 50,000,000 之间" {
		t.Errorf("Chinese: %q", zh)
	}
	// An enum value in the params is said by its label.
	r := Problem("role", NewCode("test.role", "a {role} here", "此处为{role}"), "role", RoleExpert)
	if got := r.In(Chinese).Message; got != "此处为评审专家" {
		t.Errorf("labelled param: %q", got)
	}
	if r.Message != "a expert here" {
		t.Errorf("English keeps the key: %q", r.Message)
	}
}

// An import's row problem nests the cell's own coded problem.
func TestRowProblemNestsTheCellProblem(t *testing.T) {
	cell := Problem("title", CodeLength, "min", 4, "max", 200)
	row := Problem("rows[3].title", CodeRow, "row", 3, "column", "项目名称", "problem", cell)
	if row.Message != "row 3, column「项目名称」: must be 4–200 characters" {
		t.Errorf("English: %q", row.Message)
	}
	if zh := row.In(Chinese).Message; zh != "第 3 行「项目名称」：须为 4–200 个字符" {
		t.Errorf("Chinese: %q", zh)
	}
	if inner, ok := row.In(Chinese).Params["problem"].(FieldError); !ok || inner.Code != "length" {
		t.Errorf("the nested problem keeps its code: %#v", row.Params["problem"])
	}
}

func TestErrorMessageInChinese(t *testing.T) {
	err := Conflict(Msg("this challenge is not open for bids (it is %s)", "本榜单当前不接受揭榜（状态：%s）"), labelled("closed"))
	e := err.(*Error)
	if e.Message != "this challenge is not open for bids (it is closed)" {
		t.Errorf("English: %q", e.Message)
	}
	if zh := e.MessageIn(Chinese); zh != "本榜单当前不接受揭榜（状态：已截止）" {
		t.Errorf("Chinese: %q", zh)
	}
	// A message without args is said as it is, even with a % in it.
	if zh := Invalid(Msg("equity over 100%", "股权合计超过 100%")).(*Error).MessageIn(Chinese); zh != "股权合计超过 100%" {
		t.Errorf("Chinese without args: %q", zh)
	}
	// The English says the same with its args, for logs and English callers.
	if got := Conflict(Msg("round %d is closed", "第 %d 轮已经结束"), 3).(*Error); got.Message != "round 3 is closed" || got.MessageIn(Chinese) != "第 3 轮已经结束" {
		t.Errorf("both languages: %q / %q", got.Message, got.MessageIn(Chinese))
	}
}

type labelled string

func (l labelled) Label(lang Lang) string { return StatusLabel(string(l), lang) }

func TestGrouped(t *testing.T) {
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567", 50_000_000: "50,000,000"} {
		if got := Grouped(n); got != want {
			t.Errorf("Grouped(%d) = %q, want %q", n, got, want)
		}
	}
}
