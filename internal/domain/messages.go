package domain

import (
	"errors"
	"fmt"
	"maps"
	"strconv"
	"strings"
)

// Lang is a language the software speaks to people: Chinese first, English too.
type Lang string

const (
	Chinese Lang = "zh"
	English Lang = "en"
)

// Text is one message in both languages. "{name}" stands for the param name.
type Text struct {
	En string `json:"en"`
	Zh string `json:"zh"`
}

func (t Text) String() string { return t.En }

// Msg is a message in both languages, declared where it is used: the error
// makers take one, so a message cannot be written without its Chinese. The
// English may be a format; the Chinese takes the same args (%[n]s reorders
// or leaves one out). TestMessagesTakeTheirArgs checks every one in the
// source.
func Msg(en, zh string) Text { return Text{En: en, Zh: zh} }

// Label makes a Text say itself in a message's args.
func (t Text) Label(lang Lang) string { return t.In(lang) }

// In is the text in lang (English for a language it does not know).
func (t Text) In(lang Lang) string {
	if lang == Chinese && t.Zh != "" {
		return t.Zh
	}
	return t.En
}

// A Code names one kind of problem with a request field, stably, so that a
// client can say it in its own language from the params (see FieldError).
// Codes exist only as registered by NewCode, each with its text in both
// languages: a code without its words cannot be written.
type Code struct{ id string }

func (c Code) String() string { return c.id }

var codes = map[string]Text{}

// NewCode registers a code and its text; packages declare theirs as
// package-level variables. A code registered twice is a bug found at start-up.
func NewCode(id, en, zh string) Code {
	if _, dup := codes[id]; dup || id == "" {
		panic(fmt.Sprintf("message code %q registered twice", id))
	}
	codes[id] = Text{En: en, Zh: zh}
	return Code{id}
}

// Codes is every registered code with its text: the API document lists them
// and the web app says them in its own language.
func Codes() map[string]Text { return maps.Clone(codes) }

// The codes that recur across aggregates.
var (
	CodeRequired          = NewCode("required", "is required", "必填")
	CodeRequiredToSubmit  = NewCode("required_to_submit", "is required to submit", "提交前须填写")
	CodeRequiredText      = NewCode("required_text", "is required (at most {max} characters)", "必填，不超过 {max} 个字符")
	CodeTooShort          = NewCode("too_short", "must be at least {min} characters", "至少 {min} 个字符")
	CodeTooLong           = NewCode("too_long", "must be at most {max} characters", "不能超过 {max} 个字符")
	CodeLength            = NewCode("length", "must be {min}–{max} characters", "须为 {min}–{max} 个字符")
	CodeOutOfRange        = NewCode("out_of_range", "must be from {min} to {max}", "须在 {min} 至 {max} 之间")
	CodeAtLeast           = NewCode("at_least", "must be at least {min}", "不能小于 {min}")
	CodeAtMost            = NewCode("at_most", "must be at most {max}", "不能大于 {max}")
	CodeTooMany           = NewCode("too_many", "at most {max} entries", "最多 {max} 项")
	CodeOneOf             = NewCode("one_of", "must be one of: {allowed}", "须为以下之一：{allowed}")
	CodeEmail             = NewCode("email", "must be a valid email address", "请输入有效的邮箱地址")
	CodeDate              = NewCode("date", "must be a date, YYYY-MM-DD", "须为日期，格式 YYYY-MM-DD")
	CodeNotEmpty          = NewCode("not_empty", "must not be empty", "不能为空")
	CodeInvalid           = NewCode("invalid", "is not valid ({rule})", "格式不正确（{rule}）")
	CodeBadText           = NewCode("bad_text", "contains a NUL character or bytes that are not UTF-8 text", "含有 NUL 字符或不是 UTF-8 文本")
	CodeMoney             = NewCode("money", "must be a whole number of yuan from 0 to {max}", "须为 0 至 {max} 元的整数")
	CodeMoneyPositive     = NewCode("money_positive", "must be a whole number of yuan above 0 and at most {max}", "须为大于 0、不超过 {max} 元的整数")
	CodeNoVersionOnCreate = NewCode("version.on_create", "leave it out when creating", "新建时不填写版本号")
	CodeUnknownOrg        = NewCode("organization.unknown", "no such organization", "单位不存在")
	CodeUnverifiedOrg     = NewCode("organization.unverified", "{name} is not verified", "{name} 尚未通过认证")
	CodeUnknownField      = NewCode("field.unknown", "no such technology field", "技术领域不存在")
	CodeUnknownCategory   = NewCode("category.unknown", "must be one of the four categories: {allowed}", "须为四类之一：{allowed}")
	CodeReasonRequired    = NewCode("reason.required", "say why, in at most {max} characters", "请说明理由，不超过 {max} 个字符")
	// An import's problem names the spreadsheet row and column before what is wrong.
	CodeRow = NewCode("import.row", "row {row}, column「{column}」: {problem}", "第 {row} 行「{column}」：{problem}")
)

// Render says text in lang with its params filled in: a whole number with
// thousands separators (50,000,000), an enum value by its label.
func Render(lang Lang, t Text, params map[string]any) string {
	s := t.In(lang)
	if !strings.Contains(s, "{") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[i+1:], '}')
		if i < 0 || j < 0 {
			b.WriteString(s)
			return b.String()
		}
		name := s[i+1 : i+1+j]
		b.WriteString(s[:i])
		if v, ok := params[name]; ok {
			b.WriteString(paramText(v, lang))
		} else {
			b.WriteString(s[i : i+2+j])
		}
		s = s[i+2+j:]
	}
}

func paramText(v any, lang Lang) string {
	switch n := v.(type) {
	case Labeled:
		return n.Label(lang)
	case int:
		return Grouped(int64(n))
	case int64:
		return Grouped(n)
	case string:
		return n
	}
	return fmt.Sprint(v)
}

// Grouped writes n with thousands separators: 50000000 → 50,000,000.
func Grouped(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// Problem is one field's problem: its code, the params, and the message in
// English (FieldError.In says it in another language). kv are the params as
// name, value pairs.
func Problem(field string, code Code, kv ...any) FieldError {
	var params map[string]any
	if len(kv) > 0 {
		params = make(map[string]any, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			params[fmt.Sprint(kv[i])] = kv[i+1]
		}
	}
	f := FieldError{Field: field, Code: code.id, Params: params}
	return f.In(English)
}

// In is the problem with its message in lang.
func (f FieldError) In(lang Lang) FieldError {
	t, ok := codes[f.Code]
	if !ok {
		return f
	}
	params := f.Params
	if inner, ok := params["problem"].(FieldError); ok {
		// An import row's problem is itself a coded problem.
		params = maps.Clone(params)
		params["problem"] = inner.In(lang).Message
	}
	f.Message = Render(lang, t, params)
	return f
}

// MessageIn is the error's message in lang, with its args, enum values said
// by their labels.
func (e *Error) MessageIn(lang Lang) string {
	if lang != Chinese || e.msg.Zh == "" {
		return e.Message
	}
	if len(e.args) == 0 {
		return e.msg.Zh
	}
	args := make([]any, len(e.args))
	for i, a := range e.args {
		if l, ok := a.(Labeled); ok {
			args[i] = l.Label(lang)
		} else {
			args[i] = a
		}
	}
	return fmt.Sprintf(e.msg.Zh, args...)
}

// In is the error with its message and field problems said in lang.
func (e *Error) In(lang Lang) *Error {
	out := *e
	out.Message = e.MessageIn(lang)
	out.Fields = make([]FieldError, len(e.Fields))
	for i, f := range e.Fields {
		out.Fields[i] = f.In(lang)
	}
	return &out
}

// CodedError is a check's failure as a field problem: a check shared by
// several callers returns one, and Problems.AddErr files it under the field.
type CodedError struct {
	Code Code
	KV   []any
}

// Coded makes a CodedError; kv are its params as name, value pairs.
func Coded(code Code, kv ...any) error { return &CodedError{Code: code, KV: kv} }

func (e *CodedError) Error() string { return Problem("", e.Code, e.KV...).Message }

// AddErr records err under field: its own code if it is a CodedError.
func (p *Problems) AddErr(field string, err error) {
	var c *CodedError
	if errors.As(err, &c) {
		p.Add(field, c.Code, c.KV...)
		return
	}
	p.Add(field, CodeInvalid, "rule", err.Error())
}
