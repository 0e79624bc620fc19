package domain

import (
	"maps"
	"slices"
	"strings"
	"unicode/utf8"
)

// The rules that recur across aggregates, each defined once.

// MaxMunicipalSubsidy is the most the city funds one project: 最高补5000万元
// (50,000,000 yuan), for a challenge's funding cap and a project's municipal lines.
const MaxMunicipalSubsidy int64 = 50_000_000

// MaxAmount is the ceiling of any amount of money the software takes (a
// budget, a commitment, a funding line): 100,000,000,000 yuan.
const MaxAmount int64 = 100_000_000_000

// Runes is the length of s as people count it (characters, not bytes), after
// trimming surrounding space.
func Runes(s string) int { return utf8.RuneCountInString(strings.TrimSpace(s)) }

// TextLen adds a problem unless the text, trimmed, has from min to max
// characters. A nil text (a field the request leaves alone) is not checked.
func (p *Problems) TextLen(field string, s *string, min, max int) {
	if s == nil {
		return
	}
	switch n := Runes(*s); {
	case n < min && min == 1:
		p.Add(field, CodeRequiredText, "max", max)
	case n < min:
		p.Add(field, CodeTooShort, "min", min)
	case n > max:
		p.Add(field, CodeTooLong, "max", max)
	}
}

// MaxReason is the most characters a reason (for a refusal, a return, a
// termination, an untied tranche …) may have.
const MaxReason = 2000

// Reason is the one rule for "a reason is required": the text trimmed, from
// 1 to MaxReason characters; otherwise a 422 on the field "reason". A nil
// reason (not given) is refused alike.
func Reason(s *string) (string, error) {
	if s == nil || Runes(*s) == 0 || Runes(*s) > MaxReason {
		return "", Invalid(Msg("a reason is required", "请填写理由"), Problem("reason", CodeReasonRequired, "max", MaxReason))
	}
	return strings.TrimSpace(*s), nil
}

// Money adds a problem unless the amount is a whole number of yuan up to
// MaxAmount, at least 0 (positive: above 0). A nil amount is not checked.
func (p *Problems) Money(field string, v *int64, positive bool) {
	switch {
	case v == nil:
	case positive && (*v <= 0 || *v > MaxAmount):
		p.Add(field, CodeMoneyPositive, "max", MaxAmount)
	case !positive && (*v < 0 || *v > MaxAmount):
		p.Add(field, CodeMoney, "max", MaxAmount)
	}
}

// Required adds a "required" problem for every field set says is missing,
// in the fields' order (set: field name → whether the request has it).
func (p *Problems) Required(set map[string]bool) {
	for _, name := range slices.Sorted(maps.Keys(set)) {
		if !set[name] {
			p.Add(name, CodeRequired)
		}
	}
}

// CheckVersion is the optimistic lock every versioned change takes: a caller
// that names a version other than the current one changed nothing (409).
// Without a version the change applies to the current state.
func CheckVersion(entity, id string, current int, want *int) error {
	if want != nil && *want != current {
		return Conflict(Msg("%s %s is at version %d, not %d: reload and try again", "该记录已被他人修改（当前版本 %[3]d，您看到的是 %[4]d），请刷新后重试"), entity, id, current, *want)
	}
	return nil
}

// ParseEnum reads one of a closed set of values; anything else is refused.
func ParseEnum[T ~string](s string, all []T) (T, bool) {
	if i := slices.Index(all, T(s)); i >= 0 {
		return all[i], true
	}
	return "", false
}

// EnumList writes a closed set of values for a message: "a, b, c".
func EnumList[T ~string](all []T) string {
	s := make([]string, len(all))
	for i, v := range all {
		s[i] = string(v)
	}
	return strings.Join(s, ", ")
}
